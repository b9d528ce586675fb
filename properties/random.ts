/**
 * The random engine: fast-check generates schedules as data (arrays of choices, see
 * schedule.ts) and its own shrinker minimises a failing one. `fc.scheduler` is not used: its
 * shrinking is not supported, and ours must shrink.
 * Seeds are always given and always reported; fast-check's replay path is kept with the result.
 */
import fc from 'fast-check';
import type { Instance } from '../model/instance.ts';
import type { InvariantName } from './invariants.ts';
import { INVARIANTS, INVARIANT_NAMES, invariantApplies } from './invariants.ts';
import type { CellVerdict, InvariantVerdict } from './verdict.ts';
import type { Choice } from './schedule.ts';
import type { ScheduleRun } from './schedule.ts';
import { actorCount, choicesFor, runSchedule } from './schedule.ts';
import type { PctSchedule } from './pct.ts';
import { DEFAULT_PCT_DEPTH, DEFAULT_PCT_STEPS, pctArbitrary, runPct } from './pct.ts';
import { replaySteps } from './exhaustive.ts';
import { minimizeSchedule } from './minimize.ts';
import { minimizeInterleaving } from './interleave.ts';

/** Options of the random engine (`checkRandom`): the seed and the schedules per invariant are required. */
export interface RandomOptions {
  readonly seed: number;
  /** Schedules tried per invariant. */
  readonly runs: number;
  /** Longest generated choice list (the run continues with choice 0 after it). */
  readonly maxChoices?: number;
  readonly onProgress?: (invariant: InvariantName) => void;
  /** How many shrunk failures to collect (each from its own seed) before keeping the shortest. */
  readonly attempts?: number;
  /** Run the 1-minimal deletion pass after fast-check's shrinker (default true). */
  readonly minimize?: boolean;
  /** How schedules are drawn: uniform (actor, branch) choices (default), or PCT priorities (pct.ts). */
  readonly scheduler?: SchedulerName;
  /** PCT's bug depth d: d-1 priority change points (default DEFAULT_PCT_DEPTH). */
  readonly pctDepth?: number;
  /**
   * Date.now() past which no more schedules are run (`--max-seconds`, bounds.ts): an invariant
   * whose search it cut before a violation is `incomplete`, not `holds`.
   */
  readonly deadline?: number;
}

export type SchedulerName = 'uniform' | 'pct';

export const DEFAULT_RUNS = 2000;
export const DEFAULT_MAX_CHOICES = 40;
export const DEFAULT_ATTEMPTS = 8;

/** Where fast-check found and shrank a counterexample: enough to replay it (`fc.check(..., { seed, path })`). */
export interface RandomProvenance {
  readonly seed: number;
  readonly path: string;
  /** Runs until the first failure. */
  readonly runsToFailure: number;
  /** The choice list fast-check shrank to (PCT: the uniform choices that take the same steps). */
  readonly choices: readonly Choice[];
  /** The PCT schedule fast-check shrank to, when the scheduler was PCT. */
  readonly pct?: PctSchedule;
  /** Steps of the counterexample as fast-check shrank it, before `minimizeSchedule`. */
  readonly shrunkLength: number;
}

/** Schedules as fast-check data: lists of (actor, branch) choices, shrinking toward fewer and smaller ones. */
export function scheduleArbitrary(inst: Instance, maxChoices: number): fc.Arbitrary<Choice[]> {
  const choice = fc.tuple(fc.nat({ max: actorCount(inst) - 1 }), fc.nat({ max: 7 })) as fc.Arbitrary<Choice>;
  return fc.array(choice, { maxLength: maxChoices, size: 'max' });
}

/** A generated schedule of either scheduler: uniform choices are arrays, PCT schedules records. */
type AnySchedule = Choice[] | PctSchedule;

function runAny(inst: Instance, s: AnySchedule, name: InvariantName): ScheduleRun {
  return Array.isArray(s) ? runSchedule(inst, s, [name]) : runPct(inst, s, [name]);
}

/**
 * The property the random engine checks for one invariant: "no schedule of the chosen scheduler
 * violates it". Exported for benchmarks that count runs to the first failure (`fc.check` with
 * `endOnFailure`).
 */
export function scheduleProperty(inst: Instance, name: InvariantName, opts: Pick<RandomOptions, 'scheduler' | 'pctDepth' | 'maxChoices'>): fc.IPropertyWithHooks<[AnySchedule]> {
  const maxChoices = opts.maxChoices ?? DEFAULT_MAX_CHOICES;
  const arb: fc.Arbitrary<AnySchedule> =
    opts.scheduler === 'pct'
      ? pctArbitrary(inst, { depth: opts.pctDepth ?? DEFAULT_PCT_DEPTH, steps: DEFAULT_PCT_STEPS, maxBranches: maxChoices })
      : scheduleArbitrary(inst, maxChoices);
  return fc.property(arb, (s) => runAny(inst, s, name).violation === null);
}

/**
 * The random engine's verdict for one instance: per invariant, fast-check draws `runs` schedules
 * (uniform choices or PCT priorities), shrinks a failing one and minimises it; `holds` here means
 * "no violation in the schedules tried", never a proof. The provenance (seed, path) replays it.
 */
export function checkRandom(inst: Instance, opts: RandomOptions): CellVerdict & { provenance: Partial<Record<InvariantName, RandomProvenance>> } {
  const t0 = performance.now();
  const maxChoices = opts.maxChoices ?? DEFAULT_MAX_CHOICES;
  const invariants = {} as Record<InvariantName, InvariantVerdict>;
  const provenance: Partial<Record<InvariantName, RandomProvenance>> = {};
  let schedules = 0;
  for (const name of INVARIANT_NAMES) {
    const inv = INVARIANTS.find((i) => i.name === name)!;
    if (!invariantApplies(inv, inst)) {
      invariants[name] = { status: 'n/a' };
      continue;
    }
    opts.onProgress?.(name);
    const { found: best, interrupted } = searchInvariant(inst, name, opts, maxChoices, (n) => (schedules += n));
    if (!best) {
      invariants[name] = { status: interrupted ? 'incomplete' : 'holds' };
      continue;
    }
    const v = best.run.violation!;
    const { trace, final } = replaySteps(inst, v.steps);
    invariants[name] = {
      status: 'violated',
      counterexample: { invariant: name, message: v.message, steps: trace, final, ...(v.blocked ? { blocked: v.blocked } : {}) },
    };
    provenance[name] = best.provenance;
  }
  return randomVerdict(inst, opts, invariants, provenance, schedules, t0);
}

/** The cell verdict of a random check (shared by the sequential and the parallel engine). */
export function randomVerdict(
  inst: Instance,
  opts: Pick<RandomOptions, 'runs' | 'seed'>,
  invariants: Record<InvariantName, InvariantVerdict>,
  provenance: Partial<Record<InvariantName, RandomProvenance>>,
  schedules: number,
  t0: number,
): CellVerdict & { provenance: Partial<Record<InvariantName, RandomProvenance>> } {
  return {
    strategy: inst.strategy.name,
    scenario: inst.scenario.name,
    method: 'random',
    runs: opts.runs,
    seed: opts.seed,
    states: schedules,
    transitions: 0,
    seconds: (performance.now() - t0) / 1000,
    truncated: false,
    stoppedEarly: false,
    invariants,
    provenance,
  };
}

/** The shortest shrunk failure of one invariant's search, with where fast-check found it. */
export interface RandomFound {
  run: ScheduleRun;
  provenance: RandomProvenance;
}

/** One invariant's search: the failure kept, and whether the deadline cut it before its budget was spent. */
export interface RandomSearch {
  readonly found: RandomFound | null;
  readonly interrupted: boolean;
}

/**
 * Look for a violation of one invariant within the run budget. fast-check stops at its first
 * failure and shrinks it; shrinking finds a local minimum, so while budget is left the search goes
 * on with the next seed (seed + 1, ...) and keeps the shortest of up to `attempts` shrunk failures.
 */
export function searchInvariant(inst: Instance, name: InvariantName, opts: RandomOptions, maxChoices: number, count: (n: number) => void): RandomSearch {
  let budget = opts.runs;
  let best: RandomFound | null = null;
  let interrupted = false;
  const attempts = opts.attempts ?? DEFAULT_ATTEMPTS;
  for (let k = 0; budget > 0 && k < attempts; k++) {
    const seed = (opts.seed + k) | 0;
    const prop = scheduleProperty(inst, name, { ...opts, maxChoices });
    const left = opts.deadline === undefined ? undefined : opts.deadline - Date.now();
    if (left !== undefined && left <= 0) {
      interrupted = true;
      break;
    }
    // fast-check stops between two runs once the time is up, and says so (`interrupted`).
    const res = fc.check(prop, { seed, numRuns: budget, ...(left !== undefined ? { interruptAfterTimeLimit: left, markInterruptAsFailure: false } : {}) });
    count(res.numRuns + res.numShrinks);
    budget -= res.numRuns;
    if (res.interrupted && !res.failed) interrupted = true;
    if (!res.failed || !res.counterexample) break;
    const schedule = res.counterexample[0];
    const shrunk = runAny(inst, schedule, name);
    if (!shrunk.violation) throw new Error('[reapcheck internal bug] a shrunk counterexample does not fail when run again');
    let run = opts.minimize === false ? shrunk : minimizeSchedule(inst, shrunk, name);
    if (opts.minimize !== false) {
      const shorter = minimizeInterleaving(inst, run.violation!.steps, name);
      if (shorter && shorter.length < run.violation!.steps.length) run = runSchedule(inst, choicesFor(inst, shorter) ?? [], [name]);
    }
    if (best && best.run.violation!.steps.length <= run.violation!.steps.length) continue;
    best = {
      run,
      provenance: {
        seed,
        path: res.counterexamplePath ?? '',
        runsToFailure: res.numRuns,
        ...(Array.isArray(schedule) ? { choices: schedule } : { choices: choicesFor(inst, shrunk.violation.steps) ?? [], pct: schedule }),
        shrunkLength: shrunk.violation.steps.length,
      },
    };
  }
  return { found: best, interrupted };
}
