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
  /** For `cas` and `add`: the model's expected and new values (printed), resolved from the thread's registers. */
  readonly swap?: { expect: string; value: string };
}

const lockWord = (inst: Instance, name: unknown) => SYNC.LOCKS + (inst.lockIndex.get(String(name)) ?? fail$(`lock ${String(name)}`));
const condWord = (inst: Instance, name: unknown) => SYNC.CONDS + [...inst.conds].sort().indexOf(String(name));
const varWord = (inst: Instance, name: unknown) => SYNC.VARS + (inst.varIndex.get(String(name)) ?? fail$(`variable ${String(name)}`));

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
      return cmd(OP.LOCK, lockWord(inst, x));
    case 'trylock':
      return cmd(OP.TRYLOCK, lockWord(inst, x));
    case 'unlock':
      return cmd(OP.UNLOCK, lockWord(inst, x));
    case 'rlock':
      return cmd(OP.RLOCK, lockWord(inst, x));
    case 'runlock':
      return cmd(OP.RUNLOCK, lockWord(inst, x));
    case 'cond_wait':
      return cmd(OP.COND_WAIT, condWord(inst, x), lockWord(inst, y));
    case 'notify_all':
      return cmd(OP.NOTIFY_ALL, condWord(inst, x));
    case 'notify_one':
      return cmd(OP.NOTIFY_ONE, condWord(inst, x));
    case 'read':
      return cmd(OP.VAR_READ, varWord(inst, x));
    case 'write':
      return cmd(OP.VAR_WRITE, varWord(inst, x), env.values.id(String(y)));
    case 'cas':
    case 'add': {
      if (!env.swap) throw new Error(`reapcheck: ${c.name} inside an atomic block is not supported by the real replayer`);
      return cmd(OP.VAR_CAS, varWord(inst, x), env.values.id(env.swap.expect), env.values.id(env.swap.value));
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
