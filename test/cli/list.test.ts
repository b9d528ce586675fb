/** `reapcheck list` and `--help`: every name the other commands accept, one line each. */
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../catalogue/index.ts';
import { SCENARIOS } from '../../model/scenario.ts';
import { INVARIANT_NAMES } from '../../properties/invariants.ts';
import { reapcheck, SLOW } from './run-bin.ts';

describe('reapcheck list', () => {
  it('prints every strategy, scenario and invariant on a line of its own, with a description', { timeout: SLOW }, () => {
    const r = reapcheck(['list']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    for (const name of [...CATALOGUE.map((s) => s.name), ...SCENARIOS.map((s) => s.name), ...INVARIANT_NAMES]) {
      const line = lines.find((l) => l.trim().split(/\s+/)[0] === name);
      expect(line, name).toBeDefined();
      expect(line!.trim().length, `${name} has a description`).toBeGreaterThan(name.length + 10);
    }
    expect(lines).toContain('strategies:');
    expect(lines).toContain('scenarios:');
    expect(lines).toContain('invariants:');
  });

  it('--help prints the commands and exits 0', { timeout: SLOW }, () => {
    const r = reapcheck(['--help']);
    expect(r.code).toBe(0);
    for (const cmd of ['list', 'check', 'matrix']) expect(r.stdout).toMatch(new RegExp(`^  ${cmd}`, 'm'));
  });
});
