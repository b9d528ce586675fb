/**
 * PCT schedules (properties/pct.ts): the highest-priority enabled actor moves, a change point
 * drops it, fast-check finds and shrinks a known bug with a fixed seed, and the counterexample
 * replays step by step in the model. The uniform scheduler stays the default, unchanged.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findStrategy } from '../../catalogue/index.ts';
import { findScenario } from '../../model/scenario.ts';
import { DEFAULT_SCOPE } from '../../model/scope.ts';
import { createInstance } from '../../model/instance.ts';
import { checkExhaustive, replaySteps } from '../../properties/exhaustive.ts';
import { checkRandom, DEFAULT_MAX_CHOICES, scheduleArbitrary } from '../../properties/random.ts';
import { actorCount, actorOf, choicesFor, runSchedule } from '../../properties/schedule.ts';
import { DEFAULT_PCT_STEPS, initialPriorities, pctArbitrary, runPct } from '../../properties/pct.ts';
import { violatedNames } from '../../properties/verdict.ts';

const SEED = 20201203; // bpo-42558's date
const inst = (s: string, sc: string) => createInstance(findStrategy(s)!, findScenario(sc)!, DEFAULT_SCOPE);
const actors = (i: ReturnType<typeof inst>, steps: readonly Parameters<typeof actorOf>[1][]) => steps.map((s) => actorOf(i, s));

describe('PCT schedules as data', () => {
  it('priorities are d, d+1, ... by key; equal keys rank the lower actor higher', () => {
    expect(initialPriorities([5, 9, 1], 2)).toEqual([3, 4, 2]);
    expect(initialPriorities([0, 0, 0], 1)).toEqual([3, 2, 1]);
  });

  it('the highest-priority enabled actor moves; a blocked one yields to the next', () => {
    const i = inst('mutex-child', 'kill-to-exit'); // actors: 0 wait, 1 kill (no environment)
    expect(actorCount(i)).toBe(2);
    const waiterFirst = runPct(i, { keys: [1, 0], changes: [], branches: [] }, ['no-deadlock']);
    // The waiter runs until it blocks (holding m, waiting for the child); then the killer blocks on m.
    expect(actors(i, waiterFirst.steps).slice(0, 2)).toEqual([0, 0]);
    expect(waiterFirst.violation?.invariant).toBe('no-deadlock');
    const killerFirst = runPct(i, { keys: [0, 1], changes: [], branches: [] }, ['no-deadlock']);
    expect(actors(i, killerFirst.steps)[0]).toBe(1);
  });

  it('at a change point the actor that just moved drops below all others', () => {
    const i = inst('cpython-3.9', 'kill-to-exit'); // the killer's kill() takes several steps, none blocking
    expect(actors(i, runPct(i, { keys: [0, 1], changes: [], branches: [] }).steps).slice(0, 2)).toEqual([1, 1]);
    expect(actors(i, runPct(i, { keys: [0, 1], changes: [0], branches: [] }).steps).slice(0, 2)).toEqual([1, 0]);
  });

  it('generated schedules have one key per actor and d-1 change points below k', () => {
    const i = inst('naive', 'fd-reuse');
    for (const s of fc.sample(pctArbitrary(i, { depth: 3, steps: DEFAULT_PCT_STEPS, maxBranches: 10 }), { seed: SEED, numRuns: 50 })) {
      expect(s.keys).toHaveLength(actorCount(i));
      expect(s.changes).toHaveLength(2);
      expect(s.changes.every((c) => c >= 0 && c < DEFAULT_PCT_STEPS)).toBe(true);
    }
    expect(() => pctArbitrary(i, { depth: 0, steps: 20, maxBranches: 10 })).toThrow(/at least 1/);
  });
});

describe('random engine with scheduler pct (seed ' + SEED + ')', () => {
  it('finds naive × reuse no-stray-signal, shrinks it, and the counterexample replays', () => {
    const i = inst('naive', 'reuse');
    const rn = checkRandom(i, { seed: SEED, runs: 2000, scheduler: 'pct', pctDepth: 2 });
    const v = rn.invariants['no-stray-signal'];
    if (v.status !== 'violated') throw new Error(`expected a violation, got ${v.status}`);
    const p = rn.provenance['no-stray-signal']!;
    expect(p.pct).toBeDefined();
    expect(p.pct!.changes).toHaveLength(1);
    // The shrunk PCT schedule still fails on its own, and fast-check's path reproduces it.
    expect(runPct(i, p.pct!, ['no-stray-signal']).violation?.invariant).toBe('no-stray-signal');
    const prop = fc.property(pctArbitrary(i, { depth: 2, steps: DEFAULT_PCT_STEPS, maxBranches: DEFAULT_MAX_CHOICES }), (s) => runPct(i, s, ['no-stray-signal']).violation === null);
    const again = fc.check(prop, { seed: p.seed, path: p.path, numRuns: 1 });
    expect(again.failed).toBe(true);
    expect(again.counterexample![0]).toEqual(p.pct);
    // Replay in the model: the same steps reach the same final world, and violate the same invariant.
    const steps = v.counterexample.steps.map((s) => s.step);
    expect(replaySteps(i, steps).final).toEqual(v.counterexample.final);
    expect(runSchedule(i, choicesFor(i, steps)!, ['no-stray-signal']).violation?.steps).toEqual(steps);
    // Minimised like the uniform engine's: as short as the breadth-first shortest.
    const ex = checkExhaustive(i).invariants['no-stray-signal'];
    if (ex.status !== 'violated') throw new Error('unreachable');
    expect(steps.length).toBe(ex.counterexample.steps.length);
  });

  it.each([
    ['cpython-3.9', 'foreign-reaper'],
    ['duct-1.0', 'poll-race'],
    ['pidfd', 'reuse'],
  ])('%s × %s: same verdicts as the exhaustive search', (s, sc) => {
    const i = inst(s, sc);
    const rn = checkRandom(i, { seed: SEED, runs: 2000, scheduler: 'pct' });
    expect(violatedNames(rn).sort()).toEqual(violatedNames(checkExhaustive(i)).sort());
  });
});

describe('uniform stays the default, unchanged', () => {
  it("checkRandom without a scheduler is the uniform engine: fast-check's own uniform property fails the same way", () => {
    const i = inst('cpython-3.9', 'foreign-reaper');
    const strip = (v: ReturnType<typeof checkRandom>) => JSON.stringify({ ...v, seconds: 0 });
    const byDefault = checkRandom(i, { seed: 7, runs: 500 });
    expect(strip(checkRandom(i, { seed: 7, runs: 500, scheduler: 'uniform' }))).toBe(strip(byDefault));
    const p = byDefault.provenance['no-stray-signal']!;
    expect(p.pct).toBeUndefined();
    // What the engine ran before the option existed: the uniform arbitrary, seed for seed.
    const prop = fc.property(scheduleArbitrary(i, DEFAULT_MAX_CHOICES), (c) => runSchedule(i, c, ['no-stray-signal']).violation === null);
    const res = fc.check(prop, { seed: p.seed, numRuns: 500 });
    expect(res.numRuns).toBe(p.runsToFailure);
    expect(res.counterexample![0]).toEqual(p.choices);
  });
});
