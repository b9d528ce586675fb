/**
 * PCT schedules (Burckhardt, Kothari, Musuvathi, Nagarakatte, "A randomized scheduler with
 * probabilistic guarantees of finding bugs", ASPLOS 2010), as data that fast-check generates and
 * shrinks. Every actor (a strategy thread, or one kind of environment event, as in schedule.ts)
 * gets a distinct priority; at each step the highest-priority enabled actor moves; at each of d-1
 * change points the actor that just moved drops below every actor that has not dropped yet. A bug
 * of depth d (d ordering constraints) is then found with probability at least 1/(n·k^(d-1)) per
 * run, n actors and k steps, where uniform choices make long fixed orders exponentially unlikely.
 */
import fc from 'fast-check';
import type { Instance } from '../model/instance.ts';
import type { InvariantName } from './invariants.ts';
import type { ScheduleRun } from './schedule.ts';
import { actorCount, actorOf, runPicked } from './schedule.ts';

/** A PCT schedule: the priorities, the change points and the branch of each step. */
export interface PctSchedule {
  /**
   * One key per actor: a larger key is a higher priority, equal keys rank the lower actor index
   * higher. Keys rather than a permutation so that fast-check can shrink them (toward all-equal:
   * threads first, in their order, then the environment).
   */
  readonly keys: readonly number[];
  /** d-1 step indices; after the step at `changes[i]` its actor's priority drops to d-1-i (paper: d-i, 1-based). */
  readonly changes: readonly number[];
  /** Which of the moving actor's enabled steps each step takes (by step index, modulo their number; 0 past the end). */
  readonly branches: readonly number[];
}

/** How the PCT arbitrary is shaped: the depth d, and k, the steps over which change points are drawn. */
export interface PctShape {
  /** Bug depth d ≥ 1: d-1 change points (d = 1: a fixed priority order, no change). */
  readonly depth: number;
  /** Change points fall on steps 0..steps-1 (the paper's k: an estimate of a run's length). */
  readonly steps: number;
  /** Longest generated branch list. */
  readonly maxBranches: number;
}

export const DEFAULT_PCT_DEPTH = 3;
/**
 * The paper's k. Catalogue runs that end (every thread returned, nothing enabled) take 8–25 steps
 * (bench/pct.ts); a k much larger than the run wastes change points past its end.
 */
export const DEFAULT_PCT_STEPS = 20;

/** PCT schedules as fast-check data, shrinking toward equal keys, earlier change points and fewer, smaller branches. */
export function pctArbitrary(inst: Instance, shape: PctShape): fc.Arbitrary<PctSchedule> {
  if (!Number.isInteger(shape.depth) || shape.depth < 1) throw new RangeError(`PCT depth must be a whole number of at least 1; got ${shape.depth}`);
  const n = actorCount(inst);
  return fc.record({
    keys: fc.array(fc.nat(), { minLength: n, maxLength: n }),
    changes: fc.array(fc.nat({ max: Math.max(1, shape.steps) - 1 }), { minLength: shape.depth - 1, maxLength: shape.depth - 1 }),
    branches: fc.array(fc.nat({ max: 7 }), { maxLength: shape.maxBranches, size: 'max' }),
  });
}

/** The initial priorities of PCT: d, d+1, ..., d+n-1, by rank of key (ties: lower actor index higher). */
export function initialPriorities(keys: readonly number[], depth: number): number[] {
  const order = keys.map((_, a) => a).sort((a, b) => keys[a]! - keys[b]! || b - a);
  const prio = new Array<number>(keys.length);
  order.forEach((a, rank) => (prio[a] = depth + rank));
  return prio;
}

/**
 * Run a PCT schedule on `inst`, watching `watch` (default: every applicable invariant), with the
 * same stopping rules and invariant checks as `runSchedule` (both go through `runPicked`).
 */
export function runPct(inst: Instance, schedule: PctSchedule, watch?: readonly InvariantName[]): ScheduleRun {
  const depth = schedule.changes.length + 1;
  const prio = initialPriorities(schedule.keys, depth);
  return runPicked(
    inst,
    (enabled, taken) => {
      let best = enabled[0]!;
      let bestActor = actorOf(inst, best);
      for (const s of enabled) {
        const a = actorOf(inst, s);
        if (prio[a]! > prio[bestActor]!) [best, bestActor] = [s, a];
      }
      const mine = enabled.filter((s) => actorOf(inst, s) === bestActor);
      const step = mine[(schedule.branches[taken] ?? 0) % mine.length]!;
      // Change point i lowers the mover to d-1-i: below every initial priority (≥ d), and below
      // the actors lowered at earlier-numbered points, as in the paper.
      schedule.changes.forEach((c, i) => {
        if (c === taken) prio[bestActor] = depth - 1 - i;
      });
      return step;
    },
    watch,
  );
}

