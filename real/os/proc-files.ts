/**
 * Reading small /proc files through libc: a process's or a task's stat fields, by the coordinator
 * (observing processes) and by the worker pool (is a worker asleep in the kernel?).
 */
import type { Libc } from './libc.ts';
import { C } from './libc.ts';

const procBuf = Buffer.alloc(4096);

/**
 * A small /proc file as text (latin1), or null when it cannot be read. Read through libc into a
 * reused buffer: cheaper than readFileSync. The fd it opens for a moment is the lowest free one
 * (the model's fd space): harmless, the replay is synchronous and it is closed at once.
 */
export function readProcFile(libc: Libc, path: string): string | null {
  const fd = libc.open(path, C.O_RDONLY | C.O_CLOEXEC);
  if (fd < 0) return null;
  let n: number;
  try {
    n = libc.read(fd, procBuf, procBuf.length);
  } finally {
    libc.close(fd);
  }
  return n > 0 ? procBuf.toString('latin1', 0, n) : null;
}

/** The fields of /proc/<pid>/stat (or of a task's stat) after the command name: state first, then ppid, …; null when unreadable. */
export function procStatFields(libc: Libc, pid: number | string): string[] | null {
  const stat = readProcFile(libc, typeof pid === 'number' ? `/proc/${pid}/stat` : pid);
  if (!stat) return null;
  const end = stat.lastIndexOf(')'); // ')' closes the command name, which may hold anything
  return end < 0 ? null : stat.slice(end + 2).trim().split(' ');
}
