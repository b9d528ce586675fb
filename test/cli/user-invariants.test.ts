/**
 * A strategy file's own invariants (`export const invariants = [...]`, issue 14 item 2): checked
 * with the built-in ones by `reapcheck check`, reported like them (VIOLATED, the shortest
 * counterexample's step table; `custom` in the JSON), and a malformed export is one line, exit 2.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reapcheck, SLOW } from './run-bin.ts';

describe('invariants exported by a strategy file', () => {
  it('are checked and reported like the built-in ones', { timeout: SLOW }, () => {
    const out = mkdtempSync(join(tmpdir(), 'reapcheck-user-inv-'));
    try {
      const r = reapcheck(['check', 'test/fixtures/strategies/with-invariants.ts', '--scenario', 'reuse', '--out', out]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/no-signal-to-a-zombie +VIOLATED: killer signalled a zombie \(your invariant\)/);
      expect(r.stdout).toMatch(/shortest counterexample \(breadth-first\), 2 steps:/);
      // The built-in verdicts are pidfd's (expected-verdicts.md: holds in reuse).
      expect(r.stdout).toMatch(/no-stray-signal +holds \(exhaustive/);
      const j = reapcheck(['check', 'test/fixtures/strategies/with-invariants.ts', '--scenario', 'reuse', '--json', '--out', out]);
      const cell = JSON.parse(j.stdout).cells[0];
      expect(cell.custom).toEqual({ 'no-signal-to-a-zombie': 'violated' });
      expect(cell.invariants['no-stray-signal']).toBe('holds');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('a malformed invariants export is one line, exit 2', { timeout: SLOW }, () => {
    const r = reapcheck(['check', 'test/fixtures/strategies/bad-invariants.ts', '--scenario', 'reuse']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/invariants\[0\] must be an object with a check function/);
  });
});
