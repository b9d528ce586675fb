/** `reapcheck matrix`: the catalogue × scenarios, as JSON (exact shape) and as a text table. */
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../catalogue/index.ts';
import { MATRIX_SCENARIOS, PROCESS_SCENARIOS, SCENARIOS } from '../../model/scenario.ts';
import { INVARIANT_NAMES } from '../../properties/invariants.ts';
import { reapcheck, SLOW } from './run-bin.ts';

interface CellJson {
  strategy: string;
  scenario: string;
  method: string;
  states: number;
  transitions: number;
  seconds: number;
  invariants: Record<string, string>;
}

describe('reapcheck matrix', () => {
  it('--json: 143 cells (11 strategies × 13 scenarios), each with exactly the documented keys and all 8 invariants', { timeout: SLOW }, () => {
    const r = reapcheck(['matrix', '--json', '--no-real']);
    expect(r.code).toBe(1); // the catalogue holds known-buggy strategies
    const doc = JSON.parse(r.stdout) as { cells: CellJson[] };
    expect(Object.keys(doc)).toEqual(['cells']);
    expect(doc.cells).toHaveLength(143);
    expect(doc.cells).toHaveLength(CATALOGUE.length * MATRIX_SCENARIOS.length);
    for (const c of doc.cells) {
      expect(Object.keys(c)).toEqual(['strategy', 'scenario', 'method', 'states', 'transitions', 'seconds', 'invariants']);
      expect(c.method).toBe('exhaustive');
      expect(Object.keys(c.invariants)).toEqual([...INVARIANT_NAMES]);
      for (const v of Object.values(c.invariants)) expect(['holds', 'violated', 'n/a']).toContain(v);
    }
    const at = (st: string, sc: string) => doc.cells.find((c) => c.strategy === st && c.scenario === sc)!;
    expect(at('naive', 'poll-race').invariants['no-stray-signal']).toBe('n/a');
    expect(at('mutex-child', 'kill-to-exit').invariants['no-deadlock']).toBe('violated');
    expect(Object.values(at('pidfd', 'reuse').invariants).filter((v) => v === 'violated')).toEqual([]);
    expect(at('libuv-node', 'stop-others').invariants['no-stray-signal']).toBe('violated');
    expect(at('libuv-node', 'reuse').invariants['no-stray-signal']).toBe('n/a');
    expect(at('naive', 'stop-others').invariants['no-stray-signal']).toBe('n/a');
  });

  it('text: one row per strategy, one column per scenario (the process-wide ones in a second table), abbreviations, totals', { timeout: SLOW }, () => {
    const r = reapcheck(['matrix', '--no-real']);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    const header = lines[0]!.split(/\s+/);
    expect(header).toEqual(['strategy', ...SCENARIOS.map((s) => s.name)]);
    for (const s of CATALOGUE) expect(lines.some((l) => l.startsWith(`${s.name} `))).toBe(true);
    const second = lines.findIndex((l) => l.startsWith('process-wide scenarios'));
    expect(lines[second + 1]!.split(/\s+/)).toEqual(['strategy', ...PROCESS_SCENARIOS.map((s) => s.name)]);
    expect(lines.slice(second).find((l) => l.startsWith('libuv-node '))).toMatch(/\bstray\b/);
    expect(lines.find((l) => l.startsWith('mutex-child '))).toMatch(/\bdeadlock\b/);
    expect(r.stdout).toMatch(/^143 cells, exhaustive: \d+ states, \d+ transitions in total, [\d.]+ s$/m);
    expect(r.stdout).toContain('stray = no-stray-signal');
  });
});
