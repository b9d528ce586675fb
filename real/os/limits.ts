/**
 * A limit of the machine reached while replaying: the open-file limit (EMFILE, ENFILE, or EINVAL
 * from F_DUPFD above it) or the process limit (EAGAIN from fork, clone, posix_spawn or a new
 * thread). Not a finding and not a bug of ours: the user can raise the limit, so the command line
 * says which one in one line and exits 2, like a missing tool (sandbox/serve.ts marks it so).
 */
import { readFileSync } from 'node:fs';

export class LimitReached extends Error {}

const EAGAIN = 11;
const ENFILE = 23;
const EMFILE = 24;
const EINVAL = 22;

/** The soft limit named `name` in /proc/self/limits ("Max open files"), or "?". */
function softLimit(name: string): string {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith(name));
    return line?.slice(name.length).trim().split(/\s+/)[0] ?? '?';
  } catch {
    return '?';
  }
}

/** The one-line error for `what` failing with `errno` when that errno means the open-file limit; null otherwise. */
export function fdLimitReached(what: string, errno: number): LimitReached | null {
  if (errno !== EMFILE && errno !== ENFILE && errno !== EINVAL) return null;
  const which = errno === ENFILE ? 'the system-wide open-file limit (fs.file-max) is reached' : `the open-file limit is ${softLimit('Max open files')} (ulimit -n)`;
  return new LimitReached(`reapcheck: real replay ran out of file descriptors (${what}): ${which}; it needs at least 1024 (ulimit -n 1024)`);
}

/** The one-line error for `what` failing with `errno` when that errno means the process limit; null otherwise. */
export function processLimitReached(what: string, errno: number): LimitReached | null {
  if (errno !== EAGAIN) return null;
  return new LimitReached(
    `reapcheck: real replay cannot make a process or thread (${what}: EAGAIN): a process limit is reached (the pids.max of this cgroup, ulimit -u ${softLimit('Max processes')}, or kernel.pid_max); raise it`,
  );
}
