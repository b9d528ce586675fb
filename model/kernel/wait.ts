/**
 * `waitpid`, `waitid(P_PID)`, `waitid(P_PIDFD)` and `waitpid(-1)`: entry binds the target, a blocked
 * wait completes later by rescanning (model-spec §2–§3).
 */
import type { World, Proc } from '../world.ts';
import type { CallResult, Status } from '../values.ts';
import { fail, ok } from '../values.ts';
import type { StepEvents } from '../ghost.ts';
import { holderOf, procByInc, reap, unreapedChildren } from './process-table.ts';
import { fdEntry } from './fds.ts';

/** `waitpid` returns the pid; `waitid` returns 0 and reports the pid in `si_pid`. */
export type WaitStyle = 'waitpid' | 'waitid';

export interface WaitFlags {
  readonly nohang: boolean;
  readonly nowait: boolean;
}

/** What a wait does at a step: return now, or block bound to an incarnation (-1: any child). */
export type WaitOutcome = { kind: 'return'; result: CallResult } | { kind: 'block'; inc: number };

function found(style: WaitStyle, pid: number, status: Status): CallResult {
  return style === 'waitpid' ? ok(pid, pid, status) : ok(0, pid, status);
}

/** WNOHANG on a running child: `waitpid` returns 0, `waitid` returns with `si_pid == 0` (K2). */
const nothingYet: CallResult = ok(0, 0, null);

/** Reap (or, with WNOWAIT, only read) a zombie and report it (K1, K3). */
function take(w: World, p: Proc, style: WaitStyle, flags: WaitFlags, ev: StepEvents | null): CallResult {
  const status = p.status;
  if (!status) throw new Error(`[reapcheck internal bug] zombie pid ${p.pid} has no status`);
  reap(p, ev, flags.nowait, w);
  return found(style, p.pid, status);
}

/** Wait on one bound process: zombie → take it; running → 0 with WNOHANG, else block on that incarnation. */
function waitOn(w: World, p: Proc, style: WaitStyle, flags: WaitFlags, ev: StepEvents | null): WaitOutcome {
  if (p.state === 'zombie') return { kind: 'return', result: take(w, p, style, flags, ev) };
  if (p.state === 'reaped') return { kind: 'return', result: fail('ECHILD') };
  return flags.nohang ? { kind: 'return', result: nothingYet } : { kind: 'block', inc: p.inc };
}

/**
 * `waitpid(p)` / `waitid(P_PID, p)`, `p > 0`: the number is looked up when the call starts (K2).
 * A free number, or one held by a process that is not our child, gives ECHILD (K2). If the number
 * was recycled to another child of ours, the call waits on that one (K2, bpo-42558's "deeper race").
 */
export function waitByNumber(w: World, pid: number, style: WaitStyle, flags: WaitFlags, ev: StepEvents | null): WaitOutcome {
  const p = holderOf(w, pid);
  if (!p || p.parent !== 'self') return { kind: 'return', result: fail('ECHILD') };
  return waitOn(w, p, style, flags, ev);
}

/**
 * `waitid(P_PIDFD, fd)`: bound to the pidfd's incarnation, never to a later owner of the number
 * (K10). A closed fd is EBADF, an fd that is not a pidfd EINVAL; a reaped process, or one that is
 * not our child, ECHILD (K10).
 */
export function waitByPidfd(w: World, fd: number, style: WaitStyle, flags: WaitFlags, ev: StepEvents | null): WaitOutcome {
  const e = fdEntry(w, fd);
  if (!e) return { kind: 'return', result: fail('EBADF') };
  if (e.kind !== 'pidfd') return { kind: 'return', result: fail('EINVAL') };
  const p = procByInc(w, e.inc);
  if (!p || p.state === 'reaped' || p.parent !== 'self') return { kind: 'return', result: fail('ECHILD') };
  return waitOn(w, p, style, flags, ev);
}

/** Zombie children a `waitpid(-1)` could reap now: each is a branch of the search. */
export function zombieChildren(w: World): Proc[] {
  return w.procs.filter(isZombieChild);
}

/** Is `p` a zombie child of ours (what `waitpid(-1)` can take, K5)? */
export function isZombieChild(p: Proc): boolean {
  return p.parent === 'self' && p.state === 'zombie';
}

/**
 * `waitpid(-1)`: any unreaped child of ours (K5). None → ECHILD; a zombie → the one chosen
 * (`choicePid`); else 0 with WNOHANG, or block on "any child".
 */
export function waitAny(w: World, style: WaitStyle, flags: WaitFlags, choicePid: number | undefined, ev: StepEvents | null): WaitOutcome {
  const children = unreapedChildren(w);
  if (children.length === 0) return { kind: 'return', result: fail('ECHILD') };
  const zombies = children.filter((p) => p.state === 'zombie');
  if (zombies.length > 0) {
    const p = zombies.find((z) => z.pid === choicePid) ?? zombies[0]!;
    return { kind: 'return', result: take(w, p, style, flags, ev) };
  }
  return flags.nohang ? { kind: 'return', result: nothingYet } : { kind: 'block', inc: -1 };
}

/**
 * Can a wait blocked on `inc` complete now? Once its target is no longer running (K4: every waiter
 * wakes when the child exits); for "any child", once some child is a zombie or none is left.
 */
export function waitCanComplete(w: World, inc: number): boolean {
  if (inc === -1) {
    const children = unreapedChildren(w);
    return children.length === 0 || children.some((p) => p.state === 'zombie');
  }
  const p = procByInc(w, inc);
  return !p || p.state !== 'running';
}

/**
 * Complete a blocked wait: rescan. A zombie target is taken; a target someone else reaped
 * meanwhile gives ECHILD — the wait never hangs (K4).
 */
export function completeWait(w: World, inc: number, style: WaitStyle, flags: WaitFlags, choicePid: number | undefined, ev: StepEvents | null): CallResult {
  if (inc === -1) {
    const out = waitAny(w, style, { ...flags, nohang: true }, choicePid, ev);
    if (out.kind !== 'return') throw new Error('[reapcheck internal bug] completed an any-child wait that cannot complete');
    return out.result;
  }
  const p = procByInc(w, inc);
  if (!p || p.state === 'reaped') return fail('ECHILD');
  if (p.state !== 'zombie') throw new Error('[reapcheck internal bug] completed a wait whose target is running');
  return take(w, p, style, flags, ev);
}
