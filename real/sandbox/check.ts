/**
 * Where a real replay may run: only as pid 1 of a private pid namespace started by our launcher.
 * Outside one, forcing pids through ns_last_pid would recycle numbers that belong to anyone on the
 * machine, and a kill by number could reach them (kernel-facts K7, K15).
 */
import { readlinkSync } from 'node:fs';

/** Environment variables the launcher sets for the sandboxed process. */
export const ENV_NONCE = 'REAPCHECK_SANDBOX_NONCE';
export const ENV_HOST_PIDNS = 'REAPCHECK_HOST_PIDNS';

/**
 * A tool the replay needs inside the sandbox is missing (python3 for the fallback without a C
 * compiler): the launcher turns it into SandboxUnavailable, one line with the fix, like a missing
 * `unshare`.
 */
export class ToolMissing extends Error {}

let ownNamespace: string | null = null;

/**
 * The pid namespace of this process (`pid:[4026531836]`). Read once: a process never changes its
 * own pid namespace (setns and unshare of CLONE_NEWPID only affect the children created after).
 */
export function pidNamespace(): string {
  return (ownNamespace ??= readlinkSync('/proc/self/ns/pid'));
}

/** Why this process is not a replay sandbox, in one line; null when it is one. */
export function sandboxProblem(env: NodeJS.ProcessEnv = process.env): string | null {
  const fix = 'run it through runInSandbox() / `reapcheck replay --real`, which starts `unshare --pid --fork --mount-proc --kill-child`';
  if (!env[ENV_NONCE]) return `reapcheck: refusing to replay on Linux outside the reapcheck sandbox (no sandbox nonce); ${fix}`;
  if (process.pid !== 1) return `reapcheck: refusing to replay on Linux: this process is pid ${process.pid}, not pid 1 of a private pid namespace; ${fix}`;
  const host = env[ENV_HOST_PIDNS];
  let mine: string;
  try {
    mine = pidNamespace();
  } catch {
    return `reapcheck: refusing to replay on Linux: cannot read /proc/self/ns/pid; ${fix}`;
  }
  if (!host || host === mine) return `reapcheck: refusing to replay on Linux: the pid namespace ${mine} is the launcher's own; ${fix}`;
  return null;
}

/** Throw the one-line refusal unless this process is a replay sandbox. */
export function assertInSandbox(): void {
  const p = sandboxProblem();
  if (p) throw new Error(p);
}
