/**
 * `reapcheck conform`: random schedules of every catalogue cell replayed on Linux and compared with
 * the model step by step. Needs the sandbox: in CI (root) it always runs.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reapcheck, SLOW } from './run-bin.ts';

// A divergence would be saved under --out (default reapcheck-conform/ in the cwd): here, never in the repository.
const dir = mkdtempSync(join(tmpdir(), 'reapcheck-conform-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sandboxExpected = process.env.CI === 'true' || process.getuid?.() === 0;

describe('reapcheck conform', () => {
  it.runIf(sandboxExpected)('compares every catalogue cell with Linux: 0 divergences, 0 errors', { timeout: SLOW }, () => {
    const r = reapcheck(['conform', '--runs', '3', '--seed', '5', '--json', '--out', dir]);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ schedules: (67 + 12) * 3, divergences: 0, errors: 0, seed: 5, runs: 3, saved: [] });
    expect(doc.steps).toBeGreaterThan(67 * 3 * 5);
    expect(r.code).toBe(0);
    // --out keeps the summary, for the HTML report of that folder (report/conformance.ts).
    expect(JSON.parse(readFileSync(join(dir, 'conform.json'), 'utf8'))).toEqual(doc);
  });

  it('takes no arguments: one line, exit 2', () => {
    const r = reapcheck(['conform', 'naive']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^reapcheck: "reapcheck conform" takes no arguments/);
  });
});
