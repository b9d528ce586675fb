/**
 * Small fd utilities of the coordinator. The replayer's own fds (pipes, observation pidfds) are
 * moved to high numbers at once, so the low numbers stay exactly as the model's fd table says:
 * the lowest free number is what the next pidfd_open or open gets (POSIX), and the model's fd
 * m is the real fd base + (m − 3).
 */
import type { Libc } from './libc.ts';
import { C } from './libc.ts';
import { fdLimitReached } from './limits.ts';

/** Our own fds live at or above this number, far from anything a model step opens. */
export const HIGH_FD = 600;

/** Move `fd` to the lowest free number ≥ HIGH_FD (close-on-exec) and close the original. */
export function toHighFd(libc: Libc, fd: number): number {
  const hi = libc.fcntl(fd, C.F_DUPFD_CLOEXEC, HIGH_FD);
  if (hi < 0) {
    const errno = libc.errno();
    libc.close(fd);
    throw fdLimitReached(`moving fd ${fd} to ${HIGH_FD} or above`, errno) ?? new Error(`reapcheck: cannot move fd ${fd} out of the way (errno ${errno})`);
  }
  libc.close(fd);
  return hi;
}

/** Scratch buffers of the calling thread (this module is loaded once per thread). */
const pipeFds = Buffer.alloc(8);
const POLL_MAX = 64;
const pollFds = Buffer.alloc(8 * POLL_MAX);
const EINTR = 4;

/** A pipe with both ends at high numbers: [read, write]. */
export function highPipe(libc: Libc): [number, number] {
  if (libc.pipe2(pipeFds, C.O_CLOEXEC) < 0) {
    const errno = libc.errno();
    throw fdLimitReached('pipe2', errno) ?? new Error(`reapcheck: pipe2 failed (errno ${errno})`);
  }
  const [r, w] = [pipeFds.readInt32LE(0), pipeFds.readInt32LE(4)];
  let hr: number;
  try {
    hr = toHighFd(libc, r);
  } catch (e) {
    libc.close(w);
    throw e;
  }
  try {
    return [hr, toHighFd(libc, w)];
  } catch (e) {
    libc.close(hr);
    throw e;
  }
}

/** Is `fd` readable within `ms` (poll)? */
export function readable(libc: Libc, fd: number, ms: number): boolean {
  return readableAny(libc, [fd], ms) === 0;
}

/**
 * Wait at most `ms` until one of `fds` is readable (poll, restarted after a signal); returns the
 * index of the first readable one, or -1. With `ms` 0 it only looks.
 */
export function readableAny(libc: Libc, fds: readonly number[], ms: number): number {
  const n = Math.min(fds.length, POLL_MAX);
  for (let i = 0; i < n; i++) {
    pollFds.writeInt32LE(fds[i]!, 8 * i);
    pollFds.writeInt16LE(C.POLLIN, 8 * i + 4);
  }
  const deadline = performance.now() + ms;
  for (;;) {
    for (let i = 0; i < n; i++) pollFds.writeInt16LE(0, 8 * i + 6);
    const r = libc.poll(pollFds, n, Math.max(0, Math.ceil(deadline - performance.now())));
    if (r > 0) {
      for (let i = 0; i < n; i++) if (pollFds.readInt16LE(8 * i + 6) & C.POLLIN) return i;
      return -1;
    }
    // A signal (a profiler's SIGPROF, say) ends poll early with EINTR: wait out the rest.
    if (r < 0 && libc.errno() === EINTR && performance.now() < deadline) continue;
    return -1;
  }
}

export function writeLine(libc: Libc, fd: number, line: string): void {
  const b = Buffer.from(line + '\n');
  if (libc.write(fd, b, b.length) !== b.length) throw new Error(`reapcheck: write to fd ${fd} failed (errno ${libc.errno()})`);
}

const lineBuf = Buffer.alloc(256);

/** Read one reply line (the helper answers one line per command) within `ms`. */
export function readLine(libc: Libc, fd: number, ms: number): string {
  let s = '';
  while (!s.endsWith('\n')) {
    if (!readable(libc, fd, ms)) throw new Error(`reapcheck: no answer on fd ${fd} within ${ms} ms`);
    const n = libc.read(fd, lineBuf, lineBuf.length);
    if (n <= 0) throw new Error(`reapcheck: fd ${fd} closed while waiting for an answer`);
    s += lineBuf.toString('utf8', 0, n);
  }
  return s.trim();
}
