/**
 * Processes as /proc shows them, for tests that must look only at what is theirs: another test
 * file runs at the same time (vitest maxWorkers 2) and starts sandboxes and programs of its own.
 * Every read of a process that is gone answers empty (it may end between two reads).
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** A /proc file's text, or '' once its process is gone. */
export const read = (path: string, enc: 'utf8' | 'latin1' = 'utf8'): string => {
  try {
    return readFileSync(path, enc);
  } catch {
    return '';
  }
};

/** The children of `pid` (every thread's). */
export function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((t) => readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
  } catch {
    return [];
  }
}

/** Every process below `pid`. */
export const descendants = (pid: number): number[] => childrenOf(pid).flatMap((c) => [c, ...descendants(c)]);

/** Its command line, arguments joined by spaces. */
export const cmdline = (pid: number): string => read(`/proc/${pid}/cmdline`, 'latin1').replaceAll('\0', ' ').trim();

/** Start time (clock ticks since boot): tells a process from a later one on the same pid. */
export const started = (pid: number): string => {
  const stat = read(`/proc/${pid}/stat`);
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
};

/** Its pid namespace (`pid:[…]`), or ''. */
export const pidNs = (pid: number | string): string => {
  try {
    return readlinkSync(`/proc/${pid}/ns/pid`);
  } catch {
    return '';
  }
};
