/**
 * One schedule of the user's program: start it under the launcher, and until it ends, repeat —
 * let the program run until it settles (every thread of it is stopped at an intercepted call,
 * asleep, or gone), offer the scheduler what can happen next, do what it chose. What can happen:
 * a stopped call goes on; a child of the program that stopped at its `exit_group` exits; an
 * unrelated process of ours takes the number of a child the program reaped (ns_last_pid, K15).
 * Every choice is a step of the run's trace, with what each pid named at that moment.
 *
 * Verdicts, in the model's words where they apply:
 * - `no-stray-signal`: an unrelated process we placed was killed (only the program signals here);
 * - `no-wait-error`: a wait was released for a number that is no child of the caller's process
 *   (or, for `-1`, when it has none): the kernel answers ECHILD (K4);
 * - `no-deadlock`: nothing can happen and the program has not ended, for `deadlockMs`;
 * - `program-exit`: the program's own verdict, a non-zero exit status or death by a signal.
 */
import { readFileSync } from 'node:fs';
import type { Libc } from '../os/libc.ts';
import { C } from '../os/libc.ts';
import { readable } from '../os/fdio.ts';
import { readProcFile } from '../os/proc-files.ts';
import { sleepMs } from '../os/sleep.ts';
import type { ProcessMaker } from '../processes/process-maker.ts';
import { discardStray, placeAt, type PidSpace } from '../processes/forced-pid.ts';
import { decodeSiginfo, observationPidfd, observe, zombieStatus, type RealProc } from '../processes/procs.ts';
import { forceNextPid } from '../processes/ns-last-pid.ts';
import type { Notification } from './notify.ts';
import { launchProgram } from './launch.ts';
import type { Chooser, Option } from './scheduler.ts';
import { ProgramTree, type TreeProc } from './program-tree.ts';

/** What one run needs from the session around it. */
export interface RunContext {
  readonly libc: Libc;
  /** The compiled launcher (processes/native/launcher.c). */
  readonly launcher: string;
  readonly nsLastPid: number;
  readonly maker: ProcessMaker;
  /** The program's environment (`NAME=value`). */
  readonly env: readonly string[];
  /** Where the program's output goes (a file of our private folder). */
  readonly output: string;
}

export interface RunBounds {
  /**
   * How many unrelated processes may take freed numbers in one run. A number is offered only at the
   * decision right after it was freed: the adversary that matters takes the number just freed, and
   * an interpreter's start-up (a pyenv shim, a shell) must not use up the budget on its own children.
   */
  readonly takes: number;
  /** No progress for this long, with nothing to offer: `no-deadlock`. */
  readonly deadlockMs: number;
  /** A run longer than this is ended (its verdict says so). */
  readonly maxMs: number;
}

export const DEFAULT_BOUNDS: RunBounds = { takes: 64, deadlockMs: 3000, maxMs: 30_000 };

export interface RunStep {
  readonly actor: string;
  readonly did: string;
  /** What the step's pids named at that moment, and what we predict or saw. */
  readonly note: string;
}

export interface RunVerdict {
  readonly name: 'no-stray-signal' | 'no-wait-error' | 'no-deadlock' | 'program-exit';
  readonly message: string;
  /** The step (1-based) that caused it, when one did. */
  readonly step?: number;
}

export interface RunOutcome {
  readonly steps: RunStep[];
  /** The chosen keys, in order: the schedule. */
  readonly choices: string[];
  readonly verdicts: RunVerdict[];
  /** `exit 0`, `exit 1`, `killed by SIGKILL`, … */
  readonly exit: string;
  /** The last lines the program printed. */
  readonly output: string;
  readonly intercepted: number;
  readonly misses: number;
}

const SIGNAL_NAMES: Record<number, string> = { 0: '0', 1: 'SIGHUP', 2: 'SIGINT', 6: 'SIGABRT', 9: 'SIGKILL', 15: 'SIGTERM', 17: 'SIGCHLD' };
const sigName = (n: number) => SIGNAL_NAMES[n] ?? `signal ${n}`;
const WAIT_FLAGS: [number, string][] = [
  [1, 'WNOHANG'],
  [4, 'WEXITED'],
  [0x01000000, 'WNOWAIT'],
];
const flagText = (f: number) => WAIT_FLAGS.filter(([b]) => f & b).map(([, n]) => n).join('|') || '0';
const SLICE_MS = 3;
const SETTLE_MAX_MS = 2000;

/** The pid a pidfd of process `tid` refers to (fdinfo's `Pid:`), or null. */
function pidfdTarget(libc: Libc, tid: number, fd: number): number | null {
  const info = readProcFile(libc, `/proc/${tid}/fdinfo/${fd}`);
  const m = info && /\nPid:\s+(-?\d+)/.exec(info);
  return m ? Number(m[1]) : null;
}

/** Run the program once under `chooser`. */
export function runOnce(ctx: RunContext, argv: readonly string[], chooser: Chooser, bounds: RunBounds = DEFAULT_BOUNDS): RunOutcome {
  const { libc } = ctx;
  const prog = launchProgram(libc, ctx.launcher, argv, ctx.output, ctx.env);
  const tree = new ProgramTree(libc, prog.pid, new Set([1, ctx.maker.helperPid]));
  const pending = new Map<number, Notification>();
  const steps: RunStep[] = [];
  const choices: string[] = [];
  const verdicts: RunVerdict[] = [];
  const freed: TreeProc[] = [];
  let intercepted = 0;
  let closed = false;
  const t0 = performance.now();
  const space: PidSpace = {
    libc,
    procs: [],
    realPid: (p) => p,
    forceNextPid: (p) => forceNextPid(libc, ctx.nsLastPid, p),
    register: (p) => p,
  };

  const root = () => tree.procs.get(prog.pid)!;
  const note = (s: RunStep) => steps.push(s);

  /** A stopped call arrives: the program's own exit goes on at once; everything else waits for the scheduler. */
  const take = (n: Notification): void => {
    intercepted++;
    const label = tree.threadLabel(n.tid);
    if (n.name === 'exit_group' && tree.tgidOf(n.tid) === prog.pid) {
      note({ actor: label, did: `exit_group(${Number(BigInt.asIntN(32, n.args[0]!))})`, note: 'the program ends' });
      prog.listener.release(n.id);
      return;
    }
    pending.set(n.tid, n);
  };

  /** Let the program run until it settles (or `ms` pass); false when the listener closed (no process of the program is left). */
  const settle = (ms: number, want?: string): void => {
    const until = performance.now() + ms;
    let quiet = 0;
    while (!closed && performance.now() < until) {
      const n = prog.listener.next(SLICE_MS);
      if (n === 'closed') closed = true;
      else if (n) {
        take(n);
        quiet = 0;
        continue;
      }
      tree.discover();
      for (const p of tree.sweep()) freed.push(p);
      if (want !== undefined && !options().some((o) => o.key === want)) continue;
      if (!tree.busy() && ++quiet >= 1) return;
    }
  };

  const options = (): (Option & { n?: Notification; take?: TreeProc })[] => {
    const out: (Option & { n?: Notification; take?: TreeProc })[] = [];
    for (const n of pending.values()) {
      const label = tree.threadLabel(n.tid);
      out.push(n.name === 'exit_group' ? { key: `exit ${label}`, actor: 'env', n } : { key: label, actor: label, n });
    }
    if (tree.victims.length < bounds.takes) for (const p of freed) out.push({ key: `take ${p.label}`, actor: 'env', take: p });
    return out;
  };

  const rootExited = () => readable(libc, prog.pidfd, 0);

  let lastProgress = performance.now();
  for (;;) {
    settle(SETTLE_MAX_MS, chooser.peek?.());
    const opts = options();
    if (opts.length === 0) {
      if (closed || rootExited()) break;
      if (performance.now() - lastProgress > bounds.deadlockMs) {
        verdicts.push({ name: 'no-deadlock', message: `no intercepted call and no exit for ${bounds.deadlockMs} ms, with every thread of the program asleep` });
        break;
      }
      continue;
    }
    if (performance.now() - t0 > bounds.maxMs) {
      verdicts.push({ name: 'no-deadlock', message: `the run did not end within ${bounds.maxMs} ms` });
      break;
    }
    const pick = opts[chooser.choose(opts)]!;
    choices.push(pick.key);
    lastProgress = performance.now();
    // Numbers freed before this decision are not offered again: only the one just freed is.
    if (!pick.take) freed.length = 0;
    if (pick.take) {
      const victim = placeVictim(pick.take);
      freed.splice(freed.indexOf(pick.take), 1);
      note({ actor: 'env', did: `unrelated ${victim ?? '(not placed)'} takes ${pick.take.label}'s number ${pick.take.pid}`, note: victim ? `pid ${pick.take.pid} now belongs to ${victim}, a process the program did not spawn (K1, K15)` : 'the number was taken by something else meanwhile' });
      continue;
    }
    const n = pick.n!;
    pending.delete(n.tid);
    const described = describe(n);
    note({ actor: pick.actor === 'env' ? 'env' : pick.key, did: described.did, note: described.note });
    if (described.echild) verdicts.push({ name: 'no-wait-error', message: `${pick.key}'s ${n.name} gets ECHILD: ${described.note}`, step: steps.length });
    prog.listener.release(n.id);
    if (/kill|signal/.test(n.name)) {
      const at = steps.length;
      settle(200);
      for (const v of tree.victims) {
        if (observe(libc, v.proc) !== 'zombie' && v.proc.state !== 'reaped') continue;
        const st = zombieStatus(libc, v.proc);
        if (st?.kind === 'signaled' && !verdicts.some((x) => x.name === 'no-stray-signal')) {
          verdicts.push({ name: 'no-stray-signal', message: `${pick.key}'s ${described.did} reached ${v.label}, an unrelated process on ${v.took}'s freed number: it died of ${sigName(st.signal)}`, step: at });
        }
      }
    }
  }

  const exit = finish();
  if (exit !== 'exit 0' && !verdicts.some((v) => v.name === 'no-deadlock')) verdicts.push({ name: 'program-exit', message: `the program ended with ${exit}` });
  return { steps, choices, verdicts, exit, output: tail(), intercepted, misses: chooser.misses ?? 0 };

  function placeVictim(p: TreeProc): string | null {
    const label = `v${tree.victims.length + 1}`;
    try {
      const pid = placeAt(space, p.pid, {
        make: () => ctx.maker.unrelated(),
        discard: (stray) => discardStray(space, stray, 'unrelated', () => ctx.maker.reapUnrelated(stray)),
      });
      const proc: RealProc = { inc: -1, role: 'unrelated', modelPid: -1, realPid: pid, pidfd: observationPidfd(libc, pid), stdinW: -1, exitBy: 'none', state: 'running' };
      tree.victims.push({ label, took: p.label, proc });
      return label;
    } catch {
      return null;
    }
  }

  function describe(n: Notification): { did: string; note: string; echild?: boolean } {
    const a = n.args.map((x) => Number(BigInt.asIntN(32, x)));
    switch (n.name) {
      case 'wait4': {
        const did = `wait4(${a[0]}, ${flagText(a[2]!)})`;
        const named = tree.nameOf(a[0]!);
        // SIMPLIFICATION: only a wait for one number is judged; waitpid(-1) answering ECHILD is how a
        // shell or an event loop learns it has no children left, not an error.
        if (a[0]! <= 0) return { did, note: a[0] === -1 && !tree.hasChildren(n.tid) ? 'the caller has no child: ECHILD, as expected by a reaping loop' : `${a[0]} is ${named}` };
        const echild = !tree.isChildOf(a[0]!, n.tid);
        return { did, note: echild ? `${a[0]} names ${named}: no child of the caller` : `${a[0]} is ${named}`, echild };
      }
      case 'waitid': {
        const idtype = ['P_ALL', 'P_PID', 'P_PGID', 'P_PIDFD'][a[0]!] ?? String(a[0]);
        const did = `waitid(${idtype}, ${a[1]}, ${flagText(a[3]!)})`;
        if (idtype === 'P_PID') {
          const echild = !tree.isChildOf(a[1]!, n.tid);
          return { did, note: echild ? `${a[1]} names ${tree.nameOf(a[1]!)}: no child of the caller` : `${a[1]} is ${tree.nameOf(a[1]!)}`, echild };
        }
        if (idtype === 'P_PIDFD') {
          const target = pidfdTarget(libc, n.tid, a[1]!);
          return { did, note: `the pidfd refers to ${target === null ? 'an unknown process' : target < 0 ? 'a reaped process' : tree.nameOf(target)}` };
        }
        return { did, note: idtype === 'P_ALL' && !tree.hasChildren(n.tid) ? 'the caller has no child: ECHILD, as expected by a reaping loop' : '' };
      }
      case 'kill': {
        const named = tree.nameOf(a[0]!);
        return { did: `kill(${a[0]}, ${sigName(a[1]!)})`, note: `${a[0]} is ${named}${named.endsWith('(free)') ? ': ESRCH' : ''}` };
      }
      case 'tgkill':
        return { did: `tgkill(${a[0]}, ${a[1]}, ${sigName(a[2]!)})`, note: `${a[0]} is ${tree.nameOf(a[0]!)}` };
      case 'tkill':
        return { did: `tkill(${a[0]}, ${sigName(a[1]!)})`, note: '' };
      case 'pidfd_open':
        return { did: `pidfd_open(${a[0]})`, note: `${a[0]} is ${tree.nameOf(a[0]!)}` };
      case 'pidfd_send_signal': {
        const target = pidfdTarget(libc, n.tid, a[0]!);
        return { did: `pidfd_send_signal(fd ${a[0]}, ${sigName(a[1]!)})`, note: `the pidfd refers to ${target === null ? 'an unknown process' : target < 0 ? 'a reaped process: ESRCH' : tree.nameOf(target)}` };
      }
      case 'exit_group':
        return { did: `exits (exit_group(${a[0]}))`, note: `${tree.threadLabel(n.tid)} becomes a zombie of ${tree.procs.get(tree.tgidOf(n.tid) ?? -1)?.parent ?? 'its parent'}` };
      default:
        return { did: `${n.name}()`, note: 'a new process' };
    }
  }

  /** End the run: let every stopped call go, end what is left of the program, reap it; the program's exit status. */
  function finish(): string {
    const info = Buffer.alloc(128);
    // The program had its chance: what still runs is ended, by pidfd (the namespace is ours).
    const deadline = performance.now() + 1000;
    while (!rootExited() && performance.now() < deadline) {
      for (const n of pending.values()) prog.listener.release(n.id);
      pending.clear();
      const n = prog.listener.next(SLICE_MS);
      if (n && n !== 'closed') {
        tree.threadLabel(n.tid);
        prog.listener.release(n.id);
      }
    }
    tree.discover();
    for (const p of tree.procs.values()) {
      if (p.gone) continue;
      const fd = libc.syscall2(C.SYS_pidfd_open, p.pid, 0);
      if (fd >= 0) {
        libc.syscall4(C.SYS_pidfd_send_signal, fd, 9, 0n, 0);
        libc.close(fd);
      }
    }
    prog.listener.close();
    info.fill(0);
    libc.waitid(C.P_PIDFD, prog.pidfd, info, C.WEXITED);
    libc.close(prog.pidfd);
    const st = decodeSiginfo(info.readInt32LE(8), info.readInt32LE(24));
    // Orphans of the program are ours now (pid 1 of the namespace): reap each by its pidfd.
    for (let round = 0; round < 200; round++) {
      let left = 0;
      for (const p of tree.procs.values()) {
        if (p.pid === prog.pid || p.gone) continue;
        const fd = libc.syscall2(C.SYS_pidfd_open, p.pid, 0);
        if (fd < 0) {
          p.gone = true;
          continue;
        }
        info.fill(0);
        // WNOHANG: si_pid (offset 16) stays 0 while it has not ended.
        if (libc.waitid(C.P_PIDFD, fd, info, C.WEXITED | C.WNOHANG) < 0 || info.readInt32LE(16) === 0) left++;
        libc.close(fd);
      }
      if (left === 0) break;
      sleepMs(5);
    }
    for (const v of tree.victims) {
      libc.syscall4(C.SYS_pidfd_send_signal, v.proc.pidfd, 9, 0n, 0);
      ctx.maker.reapUnrelated(v.proc.realPid);
      libc.close(v.proc.pidfd);
    }
    if (!st) return 'ended';
    return st.kind === 'exited' ? `exit ${st.code}` : `killed by ${sigName(st.signal)}`;
  }

  function tail(): string {
    let text = '';
    try {
      text = readFileSync(ctx.output, 'utf8');
    } catch {
      /* the program wrote nothing */
    }
    return text.trim().split('\n').slice(-6).join('\n');
  }
}
