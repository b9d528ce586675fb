/**
 * Our process's fd table: lowest free number first (POSIX), pidfds bound to an incarnation (K8).
 */
import type { World, FdEntry } from '../world.ts';

export const FIRST_FD = 3;

export function fdEntry(w: World, fd: number): FdEntry | null {
  if (!Number.isInteger(fd) || fd < FIRST_FD) return null;
  return w.fds[fd - FIRST_FD] ?? null;
}

/** Open an fd on the lowest free number (POSIX); -1 when the scope's fd space is full. */
export function allocFd(w: World, entry: FdEntry, maxFd: number): number {
  let i = w.fds.indexOf(null);
  if (i === -1) i = w.fds.length;
  if (i + FIRST_FD > maxFd) return -1;
  w.fds[i] = entry;
  return i + FIRST_FD;
}

/** Close an fd: the number is free for the next open. Trailing free slots are trimmed so that equal tables have equal keys. */
export function closeFd(w: World, fd: number): boolean {
  if (!fdEntry(w, fd)) return false;
  w.fds[fd - FIRST_FD] = null;
  while (w.fds.length > 0 && w.fds[w.fds.length - 1] === null) w.fds.pop();
  return true;
}
