/**
 * One model call (`StepInfo.call`, already resolved by the model: numbers, flag names, lock and
 * variable names) as one worker command, and the worker's outcome as the model would print the
 * result — in the model's numbers, so comparing is comparing text (`formatValue`, which is how
 * the model compares values, model-spec §7).
 */
import type { StepCall } from '../../model/interpreter/step-info.ts';
import { formatValue, fail, ok } from '../../model/values.ts';
import { C } from '../os/libc.ts';
import type { CallOutcome } from '../workers/pool.ts';
import { ABORTED, OP, SYNC } from '../workers/protocol.ts';
import type { NumberMaps } from './translate.ts';
import { signalNumber, waitOptions } from './translate.ts';
import type { ValuesTable } from './values-table.ts';
import type { Instance } from '../../model/instance.ts';
import type { Swap } from './swaps.ts';

/** A worker command, and the syscall a blocking one sleeps in (to confirm it entered the kernel). */
export interface Command {
  readonly op: number;
  readonly a0: number;
  readonly a1: number;
  readonly a2: number;
  readonly sleepsIn: number;
}

/** What the coordinator needs to plan a call. */
export interface CallEnv {
  readonly inst: Instance;
  readonly maps: NumberMaps;
  readonly values: ValuesTable;
  /** The runtime half of the guard: throws unless real pid `r` may receive a kill. */
  readonly checkKill: (realPid: number) => void;
  /** For `cas` and `add`: the model's expected and new values (printed), as `swaps.ts` resolves them. */
  readonly swap?: Swap;
  /** The child whose per-child memory the calling thread names by default (null: the loop, which names none). */
  readonly child?: number | null;
}

/**
 * The shared word of a lock, cond or variable, laid out as the model lays out its memory
 * (instance.ts): one block per child, then the process-wide names. A variable named through `of`
 * comes as `name[k]` (exec-instr.ts `varText`): child k's copy.
 */
function word(base: number, size: number, what: string, slot: number | undefined): number {
  if (slot === undefined || slot < 0) fail$(what);
  if (slot >= size) throw new Error(`reapcheck: the real replayer has ${size} shared words for ${what.split(' ')[0]}s; this strategy needs more`);
  return base + slot;
}
const lockWord = (env: CallEnv, name: unknown) => {
  const { inst } = env;
  const n = String(name);
  const i = inst.lockIndex.get(n);
  return word(SYNC.LOCKS, SYNC.CONDS - SYNC.LOCKS, `lock ${n}`, inst.processLocks.get(n) ?? (i === undefined ? undefined : i + (env.child ?? 0) * inst.lockNames.length));
};
const condWord = (env: CallEnv, name: unknown) => {
  const { inst } = env;
  const n = String(name);
  const own = [...inst.conds].sort();
  const shared = [...inst.processConds].sort();
  const slot = inst.processConds.has(n) ? own.length * inst.children + shared.indexOf(n) : own.indexOf(n) + (env.child ?? 0) * own.length;
  return word(SYNC.CONDS, SYNC.VARS - SYNC.CONDS, `cond ${n}`, slot);
};
const varWord = (env: CallEnv, text: unknown) => {
  const { inst } = env;
  const m = /^(.*)\[(\d+)\]$/.exec(String(text));
  const n = m ? m[1]! : String(text);
  const i = inst.varIndex.get(n);
  const of = m ? Number(m[2]) : (env.child ?? 0);
  return word(SYNC.VARS, SYNC.SIZE - SYNC.VARS, `variable ${n}`, inst.processVars.get(n) ?? (i === undefined ? undefined : i + of * inst.varNames.length));
};

function fail$(what: string): never {
  throw new Error(`reapcheck: the trace names an unknown ${what}`);
}

const cmd = (op: number, a0 = 0, a1 = 0, a2 = 0, sleepsIn: number = C.SYS_futex): Command => ({ op, a0, a1, a2, sleepsIn });

/** The worker command for `c`. */
export function planCall(env: CallEnv, c: StepCall): Command {
  const { inst, maps } = env;
  const [x, y, z] = c.args;
  switch (c.name) {
    case 'waitpid':
      return cmd(OP.WAITPID, maps.realPid(Number(x)), waitOptions(y!), 0, C.SYS_wait4);
    case 'waitid':
      return x === 'P_PID'
        ? cmd(OP.WAITID, C.P_PID, maps.realPid(Number(y)), waitOptions(z!), C.SYS_waitid)
        : cmd(OP.WAITID, C.P_PIDFD, maps.realFd(Number(y)), waitOptions(z!), C.SYS_waitid);
    case 'kill': {
      const r = maps.realPid(Number(x));
      env.checkKill(r);
      return cmd(OP.KILL, r, signalNumber(y!));
    }
    case 'pidfd_open':
      return cmd(OP.PIDFD_OPEN, maps.realPid(Number(x)));
    case 'pidfd_send_signal':
      return cmd(OP.PIDFD_SEND_SIGNAL, maps.realFd(Number(x)), signalNumber(y!));
    case 'poll':
      return cmd(OP.POLL, maps.realFd(Number(x)), 0, 0, C.SYS_poll);
    case 'close':
      return cmd(OP.CLOSE, maps.realFd(Number(x)));
    case 'open':
      return cmd(OP.OPEN_DEVNULL);
    case 'lock':
      return cmd(OP.LOCK, lockWord(env, x));
    case 'trylock':
      return cmd(OP.TRYLOCK, lockWord(env, x));
    case 'unlock':
      return cmd(OP.UNLOCK, lockWord(env, x));
    case 'rlock':
      return cmd(OP.RLOCK, lockWord(env, x));
    case 'runlock':
      return cmd(OP.RUNLOCK, lockWord(env, x));
    case 'cond_wait':
      return cmd(OP.COND_WAIT, condWord(env, x), lockWord(env, y));
    case 'notify_all':
      return cmd(OP.NOTIFY_ALL, condWord(env, x));
    case 'notify_one':
      return cmd(OP.NOTIFY_ONE, condWord(env, x));
    case 'read':
      return cmd(OP.VAR_READ, varWord(env, x));
    case 'write':
      return cmd(OP.VAR_WRITE, varWord(env, x), env.values.id(String(y)));
    case 'cas':
    case 'add': {
      // Only a trace whose calls differ from the model's own step leaves a cas or add without values.
      if (!env.swap) throw new Error(`reapcheck: the model resolved no values for ${c.name}(${c.args.join(', ')}) at this step: the trace's calls are not the model's`);
      return cmd(OP.VAR_CAS, varWord(env, x), env.values.id(env.swap.expect), env.values.id(env.swap.value));
    }
    default:
      throw new Error(`reapcheck: the real replayer cannot run ${c.name}`);
  }
}

/** The outcome of `c` as the model prints results. */
export function readResult(env: CallEnv, c: StepCall, o: CallOutcome): string {
  const { maps } = env;
  const unit = () => (o.ret === 0 ? 'none' : o.ret === ABORTED ? 'aborted (still waiting)' : `failed (${c.name} by a thread that does not hold it)`);
  switch (c.name) {
    case 'waitpid':
      return formatValue(maps.waitpidResult(o));
    case 'waitid':
      return formatValue(maps.waitidResult(o));
    case 'kill':
    case 'pidfd_send_signal':
    case 'close':
      return formatValue(maps.plainResult(o));
    case 'pidfd_open':
    case 'open':
      return formatValue(maps.fdResult(o));
    case 'poll':
      // SIMPLIFICATION (as the model's pollEnter): a closed fd shows as POLLNVAL in revents on
      // Linux; it is reported as the model's EBADF.
      if (o.ret > 0 && o.x2 & C.POLLNVAL) return formatValue(fail('EBADF'));
      return formatValue(o.ret < 0 ? maps.plainResult(o) : ok(o.ret));
    case 'lock':
    case 'unlock':
    case 'rlock':
    case 'runlock':
    case 'cond_wait':
    case 'write':
      return unit();
    case 'trylock':
    case 'cas':
      return String(o.ret === 1);
    case 'notify_all':
    case 'notify_one':
      return String(o.ret);
    case 'read':
      return env.values.text(o.ret);
    case 'add':
      return o.ret === 1 ? env.swap!.value : 'add lost a race';
    default:
      return `?${c.name}`;
  }
}
