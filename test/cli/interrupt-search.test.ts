/**
 * Ctrl-C during a long search ends the run at once, with one line and exit 130, on one worker
 * too: a search that may be long runs off the command's thread (cli/engine.ts `offThread`), where
 * it held the event loop that runs the interrupt's handler — the run went on to its end, 18 s
 * later, and printed its report.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT } from './run-bin.ts';

// Counterexamples of a run that did finish would be written here, never in the repository.
const dir = mkdtempSync(join(tmpdir(), 'reapcheck-interrupt-search-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Start `reapcheck args… --out DIR`, wait until `started(stderr)` (at most 30 s), send SIGINT;
 * returns the exit code, how long it took after the signal, and stderr. The process is killed if
 * it is still running when the test ends.
 */
async function interrupt(args: readonly string[], started: (stderr: string) => boolean): Promise<{ code: number | null; ms: number; stderr: string; stdout: string }> {
  const cli = spawn(process.execPath, [BIN, ...args, '--out', dir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  cli.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  cli.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((r) => cli.on('exit', (c) => r(c)));
  try {
    const start = Date.now();
    while (!started(stderr) && Date.now() - start < 30_000) await new Promise((r) => setTimeout(r, 50));
    expect(started(stderr)).toBe(true);
    const t0 = Date.now();
    cli.kill('SIGINT');
    const code = await Promise.race([exited, new Promise<null>((r) => setTimeout(() => r(null), 10_000))]);
    return { code, ms: Date.now() - t0, stderr, stdout };
  } finally {
    if (cli.exitCode === null && cli.signalCode === null) cli.kill('SIGKILL');
  }
}

describe('interrupting a long search', () => {
  it.each([['1'], ['2']])('SIGINT during check --workers %s of a 3-children scope ends it within 3 s (exit 130)', async (workers) => {
    // Under way once its progress says so (the whole search takes 20–40 s here).
    const r = await interrupt(['check', 'duct-1.0', '--scenario', 'pool', '--children', '3', '--engine', 'exhaustive', '--workers', workers], (e) => /: \d+ states/.test(e));
    expect(r.code).toBe(130);
    expect(r.ms).toBeLessThan(3_000);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n').at(-1)).toBe('reapcheck: interrupted by SIGINT');
  }, 60_000);

  it('SIGINT during a random search of 5,000,000 runs on one worker ends it within 3 s (exit 130)', async () => {
    // Started, and well into its runs (they take minutes): 4 s after it began.
    const t = Date.now();
    const r = await interrupt(['check', 'naive', '--scenario', 'reuse', '--engine', 'random', '--runs', '5000000', '--workers', '1'], () => Date.now() - t > 4_000);
    expect(r.code).toBe(130);
    expect(r.ms).toBeLessThan(3_000);
    expect(r.stderr.trim().split('\n').at(-1)).toBe('reapcheck: interrupted by SIGINT');
  }, 60_000);
});
