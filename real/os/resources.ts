/** What the sandboxed process holds: fds, threads, processes of the namespace (for leak checks). */
import { readdirSync } from 'node:fs';

export interface ResourceCounts {
  /** Entries of /proc/self/fd. */
  readonly fds: number;
  /** Entries of /proc/self/task (threads). */
  readonly threads: number;
  /** Processes in the namespace other than pid 1 (ours: the helper and whatever a replay left). */
  readonly processes: number;
}

export function resourceCounts(): ResourceCounts {
  return {
    fds: readdirSync('/proc/self/fd').length,
    threads: readdirSync('/proc/self/task').length,
    processes: readdirSync('/proc').filter((e) => /^\d+$/.test(e) && e !== '1').length,
  };
}
