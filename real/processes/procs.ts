/**
 * The processes a replay created, by model incarnation, and how to observe them without touching
 * them: each has an observation pidfd (at a high fd number) bound to that incarnation, so a number
 * recycled to another process is never mistaken for it (K1, K8). Running: the pidfd is not
 * readable; zombie: readable and pidfd_send_signal(0) succeeds (K9, K11); reaped: ESRCH.
 */
import type { Libc } from '../os/libc.ts';
import { C } from '../os/libc.ts';
import { readable, toHighFd } from '../os/fdio.ts';
import { fdLimitReached } from '../os/limits.ts';
import { procStatFields } from '../os/proc-files.ts';
import type { Status } from '../../model/values.ts';
import { exited, signaled } from '../../model/values.ts';

export type RealState = 'running' | 'zombie' | 'reaped';

/** One process the replay created. */
export interface RealProc {
  /** The model's incarnation (the managed child is 1). */
  readonly inc: number;
  readonly role: 'child' | 'sibling' | 'unrelated';
  readonly modelPid: number;
  readonly realPid: number;
  /** Observation pidfd (ours, high number). */
  readonly pidfd: number;
  /** Write end of its stdin (the fallback's child and siblings): a line makes it exit. -1 when closed or none. */
  stdinW: number;
  /** How the model's "exits on its own" is made to happen: a line on `stdinW` (sh), or the C helper's queued signal through `pidfd`; none for a victim. */
  readonly exitBy: 'stdin' | 'queued-signal' | 'none';
  /** Last state observed (kept up to date by `observe`). */
  state: RealState;
  /** How it died, once read from /proc while it was a zombie (it cannot change after that). */
  died?: Status;
}

/** Open an observation pidfd on a process we just created (before anything can reap it). */
export function observationPidfd(libc: Libc, pid: number): number {
  const fd = libc.syscall2(C.SYS_pidfd_open, pid, 0);
  if (fd < 0) {
    const errno = libc.errno();
    throw fdLimitReached(`pidfd_open(${pid})`, errno) ?? new Error(`reapcheck: pidfd_open(${pid}) of a process we just created failed (errno ${errno})`);
  }
  return toHighFd(libc, fd);
}

/** The state of `p` now. */
export function observe(libc: Libc, p: RealProc): RealState {
  if (p.state === 'reaped') return 'reaped';
  if (!readable(libc, p.pidfd, 0)) return (p.state = 'running');
  const r = libc.syscall4(C.SYS_pidfd_send_signal, p.pidfd, 0, 0n, 0);
  return (p.state = r === 0 ? 'zombie' : 'reaped');
}

/** How a zombie died, from /proc/<pid>/stat field 52 (exit_code, a wait status). Call only on a zombie. */
export function zombieStatus(libc: Libc, p: RealProc): Status | null {
  if (p.died) return p.died;
  const fields = procStatFields(libc, p.realPid);
  if (!fields || fields[0] !== 'Z') return null;
  return (p.died = decodeWaitStatus(Number(fields[52 - 3])));
}

/** A wait status (wait(2)) as the model's status. */
export function decodeWaitStatus(ws: number): Status {
  const sig = ws & 0x7f;
  return sig === 0 ? exited((ws >> 8) & 0xff) : signaled(sig);
}

/** A waitid siginfo (si_code, si_status) as the model's status. */
export function decodeSiginfo(code: number, status: number): Status | null {
  if (code === C.CLD_EXITED) return exited(status);
  if (code === C.CLD_KILLED || code === C.CLD_DUMPED) return signaled(status);
  return null;
}
