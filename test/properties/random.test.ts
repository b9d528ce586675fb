/**
 * The random engine: fast-check schedules find the catalogue's known bugs with a fixed seed,
 * agree with the exhaustive verdicts on the sampled cells, shrink to counterexamples that replay,
 * and keep a fast-check path that reproduces the failure.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findStrategy } from '../../catalogue/index.ts';
import { findScenario } from '../../model/scenario.ts';
import { DEFAULT_SCOPE } from '../../model/scope.ts';
import { createInstance } from '../../model/instance.ts';
import { checkExhaustive, replaySteps } from '../../properties/exhaustive.ts';
import { checkRandom, scheduleArbitrary, DEFAULT_MAX_CHOICES } from '../../properties/random.ts';
import { actorCount, choicesFor, runSchedule } from '../../properties/schedule.ts';
import { violatedNames } from '../../properties/verdict.ts';
import type { InvariantName } from '../../properties/invariants.ts';

const SEED = 20201203; // bpo-42558's date
const inst = (s: string, sc: string) => createInstance(findStrategy(s)!, findScenario(sc)!, DEFAULT_SCOPE);

const SAMPLE: [string, string][] = [
  ['naive', 'reuse'],
  ['cpython-3.9', 'foreign-reaper'],
  ['duct-0.6.3-py39', 'reuse'],
  ['duct-1.0', 'poll-race'],
  ['mutex-child', 'kill-to-exit'],
  ['pidfd', 'reuse'],
  ['pidfd-close', 'fd-reuse'],
];

describe('random engine (seed ' + SEED + ')', () => {
  it.each(SAMPLE)('%s × %s: same verdicts as the exhaustive search', (s, sc) => {
    const i = inst(s, sc);
    const ex = checkExhaustive(i);
    const rn = checkRandom(i, { seed: SEED, runs: 2000 });
    expect(rn.method).toBe('random');
    expect(rn.seed).toBe(SEED);
    expect(violatedNames(rn).sort()).toEqual(violatedNames(ex).sort());
    for (const name of violatedNames(rn)) {
      const v = rn.invariants[name];
      if (v.status !== 'violated') throw new Error('unreachable');
      // The shrunk counterexample is a real schedule of the model, never shorter than the BFS shortest.
      const again = runSchedule(i, choicesFor(i, v.counterexample.steps.map((x) => x.step))!, [name]);
      expect(again.violation?.invariant).toBe(name);
      const ev = ex.invariants[name];
      if (ev.status !== 'violated') throw new Error('unreachable');
      expect(v.counterexample.steps.length).toBeGreaterThanOrEqual(ev.counterexample.steps.length);
    }
  });

  it("keeps fast-check's seed and path, which reproduce the failure", () => {
    const i = inst('naive', 'reuse');
    const rn = checkRandom(i, { seed: SEED, runs: 2000 });
    const p = rn.provenance['no-stray-signal']!;
    const prop = fc.property(scheduleArbitrary(i, DEFAULT_MAX_CHOICES), (c) => runSchedule(i, c, ['no-stray-signal']).violation === null);
    const res = fc.check(prop, { seed: p.seed, path: p.path, numRuns: 1 });
    expect(res.failed).toBe(true);
    expect(res.counterexample![0]).toEqual(p.choices);
  });

  it('the seed decides the run: the same seed gives the same counterexample', () => {
    const i = inst('cpython-3.9', 'foreign-reaper');
    const a = checkRandom(i, { seed: 7, runs: 500 });
    const b = checkRandom(i, { seed: 7, runs: 500 });
    const steps = (v: typeof a, n: InvariantName) => (v.invariants[n].status === 'violated' ? JSON.stringify((v.invariants[n] as { counterexample: { steps: unknown } }).counterexample.steps) : 'holds');
    expect(steps(a, 'no-stray-signal')).toBe(steps(b, 'no-stray-signal'));
  });
});

describe('schedules as data', () => {
  it('a choice names an actor; a choice for an actor that cannot move is skipped', () => {
    const i = inst('mutex-child', 'kill-to-exit');
    // waiter takes m, then the killer (blocked on m) is chosen twice: both choices are skipped.
    const run = runSchedule(i, [[0, 0], [1, 0], [1, 0], [0, 0], [0, 0]], ['no-deadlock']);
    expect(run.steps.map((s) => (s.kind === 'thread' ? s.thread : s.kind))).toEqual([0, 0, 0]);
    expect(run.violation?.invariant).toBe('no-deadlock');
  });

  it('choicesFor inverts runSchedule on every BFS counterexample of a cell', () => {
    const i = inst('duct-1.0', 'reaper-any');
    const ex = checkExhaustive(i);
    expect(actorCount(i)).toBe(i.threads.length + 4); // child-exit, sibling-exit, spawn, reap-any
    for (const name of violatedNames(ex)) {
      const v = ex.invariants[name];
      if (v.status !== 'violated') continue;
      const steps = v.counterexample.steps.map((s) => s.step);
      const run = runSchedule(i, choicesFor(i, steps)!, [name]);
      expect(run.violation?.steps).toEqual(steps);
      expect(replaySteps(i, steps).trace.length).toBe(steps.length);
    }
  });
});
