/**
 * /proc/sys/kernel/ns_last_pid, the last pid handed out in our pid namespace: writing p − 1 makes
 * the next new process p (K15). Only ever inside the sandbox: on the host a recycled number can
 * belong to anyone, so both functions refuse unless we are pid 1 of our own namespace.
 */
import type { Libc } from '../os/libc.ts';
import { C } from '../os/libc.ts';
import { toHighFd } from '../os/fdio.ts';
import { fdLimitReached } from '../os/limits.ts';

/** Open ns_last_pid for writing, once, at a high fd: each forced pid is then one pwrite. */
export function openNsLastPid(libc: Libc): number {
  if (process.pid !== 1) throw new Error('reapcheck: refusing to write ns_last_pid outside the sandbox');
  const fd = libc.open('/proc/sys/kernel/ns_last_pid', C.O_WRONLY | C.O_CLOEXEC);
  if (fd < 0) {
    const errno = libc.errno();
    throw fdLimitReached('opening ns_last_pid', errno) ?? new Error(`reapcheck: cannot open /proc/sys/kernel/ns_last_pid (errno ${errno})`);
  }
  return toHighFd(libc, fd);
}

/** Make `pid` the next pid of our namespace, through the fd `openNsLastPid` gave. */
export function forceNextPid(libc: Libc, nsLastPid: number, pid: number): void {
  if (process.pid !== 1) throw new Error('reapcheck: refusing to write ns_last_pid outside the sandbox');
  const b = Buffer.from(String(pid - 1));
  if (libc.pwrite(nsLastPid, b, b.length, 0) !== b.length) throw new Error(`reapcheck: writing ns_last_pid failed (errno ${libc.errno()})`);
}
