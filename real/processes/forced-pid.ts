/**
 * Putting a new process on an exact pid: write ns_last_pid (K15), make the process, check where it
 * landed, and when it landed elsewhere, end it and try again. Measured: a child auto-reaped
 * (SIGCHLD ignored) is gone for its pidfd and for kill a moment before its number is free again
 * (the exiting task frees it last, itself), and on a loaded machine that moment can outlast our
 * next fork; the new process then lands one number higher. Such a process is ours and never part
 * of the model: it is killed and reaped at once, before any step can see it.
 */
import type { Libc } from '../os/libc.ts';
import type { RealProc } from './procs.ts';
import { observationPidfd } from './procs.ts';
import { procStatFields, readProcFile } from '../os/proc-files.ts';
import { readable } from '../os/fdio.ts';
import { sleepMs } from '../os/sleep.ts';
import { processLimitReached } from '../os/limits.ts';
import { C } from '../os/libc.ts';

/**
 * The pauses between tries, -1 ending them: short first (the number is usually free within
 * microseconds), long at the end (measured under 3 CPU hogs on 2 cores: an exiting task
 * preempted before it freed its number kept it for over 20 ms). About 2 s in all.
 */
const PAUSES_MS = [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, -1];

/**
 * What placing a process needs of its owner (a replay's context, or anything else that makes
 * processes in its own namespace): the number map, the way to force the next pid, and its record
 * of the processes it made (a stray that will not die is kept there, for cleanup to try again).
 */
export interface PidSpace {
  readonly libc: Libc;
  readonly procs: readonly RealProc[];
  /** The real pid that stands for model pid `modelPid`. */
  realPid(modelPid: number): number;
  /** Make the namespace's next new process get `pid` (K15). */
  forceNextPid(pid: number): void;
  register(p: RealProc): RealProc;
}

export interface Placement {
  /** Make the process (the number is forced); its pid, or a negative number. */
  readonly make: () => number;
  /** End and reap a process `make` put on the wrong number. */
  readonly discard: (stray: number) => void;
}

/** Make a process on the real pid of `modelPid`; returns that pid, or throws one line. */
export function placeAt(ctx: PidSpace, modelPid: number, how: Placement): number {
  const real = ctx.realPid(modelPid);
  for (const pause of PAUSES_MS) {
    ctx.forceNextPid(real);
    const pid = how.make();
    if (pid === real) return pid;
    if (pid <= 0) throw processLimitReached(`making the process of model pid ${modelPid}`, -pid) ?? new Error(`reapcheck: could not make a process for model pid ${modelPid} (${pid})`);
    how.discard(pid);
    if (pause < 0) throw new Error(`reapcheck: forced pid missed: wanted ${real} for model pid ${modelPid}, got ${pid} (${PAUSES_MS.length} tries in about 2 s; ${holder(ctx, real)})`);
    sleepMs(pause);
  }
  throw new Error('[reapcheck internal bug] placeAt ran out of tries without a verdict');
}

/** Kill a process we just made on the wrong number and, once it is dead, `reap` it (given its pidfd). */
export function discardStray(ctx: PidSpace, pid: number, role: RealProc['role'], reap: (pidfd: number) => void): void {
  const libc = ctx.libc;
  const fd = observationPidfd(libc, pid);
  libc.syscall4(C.SYS_pidfd_send_signal, fd, 9, 0n, 0);
  if (!readable(libc, fd, 2000)) {
    ctx.register({ inc: -1, role, modelPid: -1, realPid: pid, pidfd: fd, stdinW: -1, exitBy: 'none', state: 'running' }); // cleanup tries again and reports it
    throw new Error(`reapcheck: pid ${pid}, made on the wrong number, did not die`);
  }
  reap(fd);
  libc.close(fd);
}

/** Who holds real pid `r`, for a forced pid that keeps missing. */
function holder(ctx: PidSpace, r: number): string {
  const stat = readProcFile(ctx.libc, `/proc/${r}/stat`);
  if (!stat) return `no process of the namespace shows pid ${r}: an exiting one has not freed it yet`;
  const mine = ctx.procs.find((p) => p.realPid === r);
  return `pid ${r} is ${stat.slice(0, stat.lastIndexOf(')') + 4)}, parent ${procStatFields(ctx.libc, r)?.[1] ?? '?'}${mine ? `, this replay's ${mine.role} (incarnation ${mine.inc})` : ''}`;
}
