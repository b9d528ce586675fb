/**
 * Small fd utilities of the coordinator. The replayer's own fds (pipes, observation pidfds) are
 * moved to high numbers at once, so the low numbers stay exactly as the model's fd table says:
 * the lowest free number is what the next pidfd_open or open gets (POSIX), and the model's fd
 * m is the real fd base + (m − 3).
 */
import type { Libc } from './libc.ts';
import { C } from './libc.ts';

/** Our own fds live at or above this number, far from anything a model step opens. */
export const HIGH_FD = 600;

/** Move `fd` to the lowest free number ≥ HIGH_FD (close-on-exec) and close the original. */
export function toHighFd(libc: Libc, fd: number): number {
  const hi = libc.fcntl(fd, C.F_DUPFD_CLOEXEC, HIGH_FD);
  if (hi < 0) throw new Error(`reapcheck: cannot move fd ${fd} out of the way (errno ${libc.errno()})`);
  libc.close(fd);
  return hi;
}

/** A pipe with both ends at high numbers: [read, write]. */
export function highPipe(libc: Libc): [number, number] {
  const b = Buffer.alloc(8);
  if (libc.pipe2(b, C.O_CLOEXEC) < 0) throw new Error(`reapcheck: pipe2 failed (errno ${libc.errno()})`);
  return [toHighFd(libc, b.readInt32LE(0)), toHighFd(libc, b.readInt32LE(4))];
}

/** Is `fd` readable within `ms` (poll)? */
export function readable(libc: Libc, fd: number, ms: number): boolean {
  const p = Buffer.alloc(8);
  p.writeInt32LE(fd, 0);
  p.writeInt16LE(C.POLLIN, 4);
  return libc.poll(p, 1, ms) > 0 && (p.readInt16LE(6) & C.POLLIN) !== 0;
}

export function writeLine(libc: Libc, fd: number, line: string): void {
  const b = Buffer.from(line + '\n');
  if (libc.write(fd, b, b.length) !== b.length) throw new Error(`reapcheck: write to fd ${fd} failed (errno ${libc.errno()})`);
}

/** Read one reply line (the helper answers one line per command) within `ms`. */
export function readLine(libc: Libc, fd: number, ms: number): string {
  let s = '';
  const b = Buffer.alloc(256);
  while (!s.endsWith('\n')) {
    if (!readable(libc, fd, ms)) throw new Error(`reapcheck: no answer on fd ${fd} within ${ms} ms`);
    const n = libc.read(fd, b, b.length);
    if (n <= 0) throw new Error(`reapcheck: fd ${fd} closed while waiting for an answer`);
    s += b.toString('utf8', 0, n);
  }
  return s.trim();
}
