/**
 * Our process's fd table: lowest free number first (POSIX), pidfds bound to an incarnation (K8).
 */
import type { World, FdEntry } from '../world.ts';

export const FIRST_FD = 3;

export function fdEntry(w: World, fd: number): FdEntry | null {
  if (!Number.isInteger(fd) || fd < FIRST_FD) return null;
  return w.fds[fd - FIRST_FD] ?? null;
}

/**
 * Open an fd on the lowest free number (POSIX); -1 when the scope's fd space is full. The table is
 * replaced, not changed in place: a step's copy of the world shares it (world.ts `stepCopy`).
 */
export function allocFd(w: World, entry: FdEntry, maxFd: number): number {
  let i = w.fds.indexOf(null);
  if (i === -1) i = w.fds.length;
  if (i + FIRST_FD > maxFd) return -1;
  const fds = w.fds.slice();
  fds[i] = entry;
  w.fds = fds;
  return i + FIRST_FD;
}

/** Close an fd: the number is free for the next open. Trailing free slots are trimmed so that equal tables have equal keys. Replaces the table, as `allocFd`. */
export function closeFd(w: World, fd: number): boolean {
  if (!fdEntry(w, fd)) return false;
  const fds = w.fds.slice();
  fds[fd - FIRST_FD] = null;
  while (fds.length > 0 && fds[fds.length - 1] === null) fds.pop();
  w.fds = fds;
  return true;
}
