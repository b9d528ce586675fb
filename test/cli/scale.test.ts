/** Scopes that grow, on the command line: children, killers, retries, pids, and the reductions. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reapcheck, SLOW } from './run-bin.ts';
import { defaultWorkersFor } from '../../cli/engine.ts';
import { defaultWorkers } from '../../properties/parallel/index.ts';
import { DEFAULT_SCOPE, scaledScope } from '../../model/scope.ts';
import { createInstance } from '../../model/instance.ts';
import { findScenario } from '../../model/scenario.ts';
import type { Step } from '../../model/transitions.ts';
import { findStrategy } from '../../catalogue/index.ts';
import { encodeTrace, makeScheduleTrace } from '../../properties/trace.ts';
import { decodeTrace } from '../../properties/trace-decode.ts';

describe('scale flags', () => {
  it('pidfd in the pool scenario with 2 children: only no-wait-error, with or without the reductions', { timeout: SLOW }, () => {
    const runs = [[], ['--no-por'], ['--no-symmetry', '--no-por']].map((extra) => reapcheck(['check', 'pidfd', '--scenario', 'pool', '--children', '2', '--json', ...extra]));
    const cells = runs.map((r) => JSON.parse(r.stdout).cells[0]);
    for (const [i, c] of cells.entries()) {
      expect(runs[i]!.code).toBe(1);
      expect(Object.entries(c.invariants).filter(([, v]) => v === 'violated').map(([k]) => k)).toEqual(['no-wait-error']);
    }
    // both reductions are on by default with several children: each one off explores more states
    expect(cells[0].states).toBeLessThan(cells[1].states);
    expect(cells[1].states).toBeLessThan(cells[2].states);
  });

  it('a reduction asked for and refused at once is one line, exit 2', () => {
    const r = reapcheck(['check', 'pidfd', '--scenario', 'pool', '--children', '2', '--por', '--no-por']);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--por and --no-por contradict each other/);
  });

  it('a scope that cannot hold its children is one line, exit 2', () => {
    const r = reapcheck(['check', 'pidfd', '--scenario', 'pool', '--children', '4', '--pids', '3']);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^reapcheck: --children\/--killers\/--retries\/--pids: .*children/);
  });

  it('a counterexample of a grown scope replays from its trace file (the trace carries its scope)', { timeout: SLOW }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'reapcheck-scale-'));
    try {
      const c = reapcheck(['check', 'naive', '--scenario', 'reuse', '--children', '2', '--out', dir]);
      expect(c.code).toBe(1);
      const trace = join(dir, 'naive--reuse--no-stray-signal.json');
      const r = reapcheck(['replay', trace]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/reproduced in the model: no-stray-signal/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('killers that retry are checked too (naive still sends a stray signal)', { timeout: SLOW }, () => {
    const r = reapcheck(['check', 'naive', '--scenario', 'reuse', '--killers', '2', '--retries', '1', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).cells[0].invariants['no-stray-signal']).toBe('violated');
  });
});

describe('--workers', () => {
  it('refuses more workers than the search can name, in one line', () => {
    const r = reapcheck(['check', 'pidfd', '--workers', '65']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('reapcheck: --workers must be at most 64; got 65\n');
  });

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

describe('trace files of grown scopes', () => {
  it('accept the threads of every child and refuse one past them', () => {
    const inst = createInstance(findStrategy('naive')!, findScenario('pool')!, scaledScope(DEFAULT_SCOPE, { children: 2, killers: 1 }));
    // c2 exits, the watcher reaps it, a sibling takes its number, c2's killer (thread 3) signals it.
    const steps: Step[] = [{ kind: 'child-exit', child: 1 }, { kind: 'reap-any', pid: 101 }, { kind: 'spawn', pid: 101 }, { kind: 'thread', thread: 3 }];
    const text = encodeTrace(makeScheduleTrace(inst, steps, 'by hand', undefined, 1));
    expect(decodeTrace(text, 't.json').steps).toHaveLength(4);
    const bad = text.replace('"thread": 3', '"thread": 4');
    expect(bad).not.toBe(text);
    expect(() => decodeTrace(bad, 't.json')).toThrow(/t\.json: step 4: thread 4 does not exist; naive in scenario pool with this scope has threads 0\.\.3/);
  });
});
