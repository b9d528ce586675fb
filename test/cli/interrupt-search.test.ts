/**
 * Ctrl-C during a long exhaustive search ends the run at once, with one line and exit 130, on one
 * worker too: a search of several children runs off the command's thread (cli/engine.ts
 * `offThread`), where it held the event loop that runs the interrupt's handler — the run went on
 * to its end, 18 s later, and printed its report.
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { BIN, ROOT } from './run-bin.ts';

describe('interrupting a long search', () => {
  it.each([['1'], ['2']])('SIGINT during check --workers %s of a 3-children scope ends it within 3 s (exit 130)', async (workers) => {
    const cli = spawn(process.execPath, [BIN, 'check', 'duct-1.0', '--scenario', 'pool', '--children', '3', '--engine', 'exhaustive', '--workers', workers], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    cli.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    cli.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((r) => cli.on('exit', (c) => r(c)));
    // The search is under way once its progress says so (the whole search takes 20–40 s here).
    const start = Date.now();
    while (!/: \d+ states/.test(stderr) && Date.now() - start < 30_000) await new Promise((r) => setTimeout(r, 50));
    expect(stderr).toMatch(/: \d+ states/);
    const t0 = Date.now();
    cli.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(Date.now() - t0).toBeLessThan(3_000);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n').at(-1)).toBe('reapcheck: interrupted by SIGINT');
  }, 60_000);
});
