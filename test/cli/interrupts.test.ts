/**
 * Interrupts end what the run started: SIGTERM (or SIGINT, SIGHUP) to the command line alone ends
 * its sandbox and everything in it, with one line and exit 128 + the signal; SIGKILL, which cannot
 * be caught, ends it too, through the sandbox's parent-death signal (setpriv --pdeathsig).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT } from './run-bin.ts';
import { sandboxWorks } from '../real/helpers.ts';
import { cmdline, descendants } from '../real/proc-tree.ts';

// A divergence found before the signal would be saved under --out: here, never in the repository.
const dir = mkdtempSync(join(tmpdir(), 'reapcheck-interrupts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Sandboxes' Node processes (running sandbox/entry.mjs). */
const isSandbox = (pid: number): boolean => cmdline(pid).includes('sandbox/entry.mjs');

/**
 * The sandboxes that descend from `root`. Only these: other test files run at the same time
 * (vitest maxWorkers 2) and start sandboxes of their own, and one of theirs once let this test
 * signal the command line before it had set up its handlers.
 */
const sandboxesOf = (root: number): number[] => descendants(root).filter(isSandbox);

async function until(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return cond();
}

describe('interrupting conform', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGKILL', null],
  ] as const)('%s to the command line alone leaves no sandbox running', async (signal, code) => {
    if (!(await sandboxWorks())) return;
    const cli = spawn(process.execPath, [BIN, 'conform', '--runs', '200', '--out', dir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    cli.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((r) => cli.on('exit', (c) => r(c)));
    let ours: number[] = [];
    expect(await until(() => (ours = sandboxesOf(cli.pid!)).length > 0, 30_000)).toBe(true);
    cli.kill(signal);
    expect(await exited).toBe(code);
    if (code !== null) {
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(/^reapcheck: interrupted by SIGTERM; ended 1 sandbox/);
    }
    // (A number may have gone to another process since: only a sandbox on it counts.)
    expect(await until(() => !ours.some(isSandbox), 5_000)).toBe(true);
  }, 60_000);
});
