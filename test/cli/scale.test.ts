/** Scopes that grow, on the command line: children, killers, retries, pids, and the reductions. */
import { describe, expect, it } from 'vitest';
import { reapcheck, SLOW } from './run-bin.ts';
import { defaultWorkersFor } from '../../cli/engine.ts';
import { defaultWorkers } from '../../properties/parallel/index.ts';
import { DEFAULT_SCOPE, scaledScope } from '../../model/scope.ts';

describe('scale flags', () => {
  it('pidfd in the pool scenario with 2 children: only no-wait-error, with or without the reductions', { timeout: SLOW }, () => {
    const runs = [[], ['--no-symmetry'], ['--por']].map((extra) => reapcheck(['check', 'pidfd', '--scenario', 'pool', '--children', '2', '--json', ...extra]));
    const cells = runs.map((r) => JSON.parse(r.stdout).cells[0]);
    for (const [i, c] of cells.entries()) {
      expect(runs[i]!.code).toBe(1);
      expect(Object.entries(c.invariants).filter(([, v]) => v === 'violated').map(([k]) => k)).toEqual(['no-wait-error']);
    }
    // symmetry (default with several children) explores fewer states than none
    expect(cells[0].states).toBeLessThan(cells[1].states);
  });

  it('a scope that cannot hold its children is one line, exit 2', () => {
    const r = reapcheck(['check', 'pidfd', '--scenario', 'pool', '--children', '4', '--pids', '3']);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^reapcheck: --children\/--killers\/--retries\/--pids: .*children/);
  });

  it('killers that retry are checked too (naive still sends a stray signal)', { timeout: SLOW }, () => {
    const r = reapcheck(['check', 'naive', '--scenario', 'reuse', '--killers', '2', '--retries', '1', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).cells[0].invariants['no-stray-signal']).toBe('violated');
  });
});

describe('--workers', () => {
  it('defaults to every core for several children, to one for the catalogue scope', () => {
    expect(defaultWorkersFor(DEFAULT_SCOPE)).toBe(1);
    expect(defaultWorkersFor(undefined)).toBe(1);
    expect(defaultWorkersFor(scaledScope(DEFAULT_SCOPE, { children: 2 }))).toBe(defaultWorkers());
  });

  it('the matrix on 2 workers equals the matrix on 1 (verdicts and state counts)', { timeout: SLOW }, () => {
    const cells = (args: string[]) =>
      (JSON.parse(reapcheck(['matrix', '--no-real', '--json', ...args]).stdout).cells as { strategy: string; scenario: string; states: number; invariants: unknown }[]).map(
        (c) => `${c.strategy} × ${c.scenario}: ${c.states} ${JSON.stringify(c.invariants)}`,
      );
    expect(cells(['--workers', '2'])).toEqual(cells([]));
  });
});
