/**
 * Interrupts end what the run started: SIGTERM (or SIGINT, SIGHUP) to the command line alone ends
 * its sandbox and everything in it, with one line and exit 128 + the signal; SIGKILL, which cannot
 * be caught, ends it too, through the sandbox's parent-death signal (setpriv --pdeathsig).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT } from './run-bin.ts';
import { sandboxWorks } from '../real/helpers.ts';

// A divergence found before the signal would be saved under --out: here, never in the repository.
const dir = mkdtempSync(join(tmpdir(), 'reapcheck-interrupts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Pids of sandboxes of ours still running on this machine (their Node runs sandbox/entry.mjs). */
function sandboxes(): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'latin1').includes('sandbox/entry.mjs');
      } catch {
        return false;
      }
    })
    .map(Number);
}

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
    const before = sandboxes();
    const cli = spawn(process.execPath, [BIN, 'conform', '--runs', '200', '--out', dir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    cli.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((r) => cli.on('exit', (c) => r(c)));
    expect(await until(() => sandboxes().some((p) => !before.includes(p)), 30_000)).toBe(true);
    cli.kill(signal);
    expect(await exited).toBe(code);
    if (code !== null) {
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(/^reapcheck: interrupted by SIGTERM; ended 1 sandbox/);
    }
    expect(await until(() => sandboxes().every((p) => before.includes(p)), 5_000)).toBe(true);
  }, 60_000);
});
