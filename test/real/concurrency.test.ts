/**
 * Concurrent real replays: several `reapcheck replay --real` at once, each with its own sandbox,
 * all reproduce. The sandbox side is bundled into a folder named after its content and renamed into
 * place whole (sandbox/bundle.ts), so no run reads a bundle another is still writing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT, reapcheck } from '../cli/run-bin.ts';
import { sandboxWorks } from './helpers.ts';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'reapcheck-concurrent-'));
  expect(reapcheck(['check', 'naive', '--scenario', 'reuse', '--out', dir]).code).toBe(1);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const replay = (trace: string) =>
  new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const p = spawn(process.execPath, [BIN, 'replay', '--real', trace], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    p.on('exit', (code) => resolve({ code, stderr }));
  });

describe('concurrent real replays', () => {
  it('4 at once, 3 rounds: every one reproduces (exit 1), none fails', async () => {
    if (!(await sandboxWorks())) return;
    const trace = join(dir, 'naive--reuse--no-stray-signal.json');
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all([0, 1, 2, 3].map(() => replay(trace)));
      for (const r of results) expect(r, r.stderr).toEqual({ code: 1, stderr: '' });
    }
  }, 120_000);
});
