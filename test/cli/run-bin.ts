/**
 * Runs the real `reapcheck` bin as a subprocess, the way a user or CI does: the CLI tests check
 * the process boundary (exit code, stdout, stderr), not functions.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root and the bin, found from this file so the tests run from any cwd. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/reapcheck.mjs', import.meta.url));

export interface BinRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A generous per-test timeout: every run starts node and tsx; the full matrix takes a few seconds. */
export const SLOW = 120_000;

/** Run `reapcheck args…` in `cwd` (the repository root by default), with `env` added to ours. */
export function reapcheck(args: readonly string[], cwd: string = ROOT, env: Readonly<Record<string, string>> = {}, timeoutMs = SLOW - 5_000): BinRun {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, ...env } });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
