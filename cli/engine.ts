/**
 * Which engine establishes a cell's verdicts: `exhaustive` (breadth-first search of every world),
 * `random` (fast-check schedules, shrunk), or `auto` — exhaustive while the state space fits the
 * budget (AUTO_MAX_STATES, or a smaller --max-states) and the memory bound, random beyond it. The
 * verdict says which method it came from.
 *
 * Bounds (cli/bound-flags.ts, properties/bounds.ts) apply to each cell: the exhaustive engine
 * stops at any of them, the random engine at the time bound; what they leave undecided is
 * `incomplete`. Under `auto`, --max-states and the memory bound hand the cell to the random engine
 * (which is what auto is for), and only time can leave it incomplete.
 */
import { availableParallelism } from 'node:os';
import type { Scope } from '../model/scope.ts';
import { DEFAULT_SCOPE } from '../model/scope.ts';
import type { Instance } from '../model/instance.ts';
import { checkExhaustive, StateBudgetExceeded } from '../properties/exhaustive.ts';
import type { RandomProvenance } from '../properties/random.ts';
import type { SchedulerName } from '../properties/random.ts';
import { checkRandom, DEFAULT_RUNS } from '../properties/random.ts';
import { DEFAULT_PCT_DEPTH } from '../properties/pct.ts';
import type { Invariant, InvariantName } from '../properties/invariants.ts';
import { InputError } from '../model/errors.ts';
import type { CellVerdict } from '../properties/verdict.ts';
import { UsageError } from './errors.ts';
import { checkExhaustiveParallel, checkRandomParallel, defaultWorkers } from '../properties/parallel/index.ts';
import { MAX_WORKERS } from '../properties/parallel/level-worker.ts';

import type { FlagSpec } from './args.ts';
import type { SearchBounds, SearchLimits } from '../properties/bounds.ts';
import { limitsOf } from '../properties/bounds.ts';
import type { Incomplete } from '../properties/bfs.ts';
import { isIncomplete } from '../properties/verdict.ts';
import { BOUND_FLAGS, boundOptions } from './bound-flags.ts';

export type EngineName = 'auto' | 'exhaustive' | 'random';

/** The flags that choose and tune the engine, shared by `check` and `matrix`. */
export const ENGINE_FLAGS: readonly FlagSpec[] = [
  { name: 'engine', value: 'E', example: 'random' },
  { name: 'seed', value: 'N', example: '42' },
  { name: 'runs', value: 'N', example: '2000' },
  { name: 'scheduler', value: 'S', example: 'pct' },
  { name: 'pct-depth', value: 'D', example: '3' },
  { name: 'workers', value: 'N', example: '2' },
  ...BOUND_FLAGS,
];

export interface EngineOptions {
  readonly engine: EngineName;
  /** The random engine's seed: always set, always printed (fixed by default so runs repeat). */
  readonly seed: number;
  readonly runs: number;
  /** The random engine's schedules: uniform choices, or PCT priorities with `pctDepth` - 1 change points. */
  readonly scheduler: SchedulerName;
  readonly pctDepth: number;
  /** `auto` switches to the random engine past this many states. */
  readonly maxStates: number;
  /** The exhaustive engine's reductions (cli/scale-flags.ts). */
  readonly symmetry?: boolean;
  readonly por?: boolean;
  /** Worker threads for either engine (properties/parallel/); default `defaultWorkersFor(scope)`. */
  readonly workers: number;
  /** The user's bounds on each cell's search (none by default; cli/bound-flags.ts sets a memory bound). */
  readonly bounds?: SearchBounds;
  /** A library user's invariants (properties/user-invariants.ts): the sequential, unreduced exhaustive engine only. */
  readonly extra?: readonly Invariant[];
  readonly onProgress?: (what: string) => void;
}

export const DEFAULT_SEED = 42;
export const AUTO_MAX_STATES = 1_000_000;

export const DEFAULT_ENGINE: EngineOptions = {
  engine: 'auto',
  seed: DEFAULT_SEED,
  runs: DEFAULT_RUNS,
  scheduler: 'uniform',
  pctDepth: DEFAULT_PCT_DEPTH,
  maxStates: AUTO_MAX_STATES,
  workers: 1,
};

/**
 * The default worker count: every core for a scope with several children (searches of seconds to
 * minutes, searched with symmetry and POR by default: there 2 workers ran 1.3–1.7× faster than the
 * single-threaded search here, bench/README.md), one otherwise (a catalogue cell takes
 * milliseconds, less than starting a pool: 0.3–0.6 s). Results are the same either way.
 */
export function defaultWorkersFor(scope: Scope | undefined): number {
  return scope && (scope.children ?? 1) > 1 ? defaultWorkers() : 1;
}

/** The most random schedules one command runs per invariant. */
const MAX_RUNS = 10_000_000;

/** The engine options of `--engine E --seed N --runs N --workers N` (the default worker count depends on `scope`). */
export function engineOptions(values: ReadonlyMap<string, readonly string[]>, scope?: Scope): EngineOptions {
  const engine = values.get('engine')?.[0] ?? 'auto';
  if (engine !== 'auto' && engine !== 'exhaustive' && engine !== 'random') {
    throw new UsageError(`--engine must be auto, exhaustive or random; got ${JSON.stringify(engine)}`);
  }
  const int = (flag: string, fallback: number, min: number) => {
    const v = values.get(flag)?.[0];
    if (v === undefined) return fallback;
    if (!/^-?\d+$/.test(v) || Number(v) < min || !Number.isSafeInteger(Number(v))) throw new UsageError(`--${flag} must be a whole number of at least ${min}; got ${JSON.stringify(v)}`);
    return Number(v);
  };
  const scheduler = values.get('scheduler')?.[0] ?? 'uniform';
  if (scheduler !== 'uniform' && scheduler !== 'pct') throw new UsageError(`--scheduler must be uniform or pct; got ${JSON.stringify(scheduler)}`);
  if ((values.has('scheduler') || values.has('pct-depth')) && engine !== 'random') {
    throw new UsageError('--scheduler and --pct-depth choose the random engine\'s schedules: add --engine random');
  }
  const pctDepth = int('pct-depth', DEFAULT_PCT_DEPTH, 1);
  const workers = int('workers', defaultWorkersFor(scope), 1);
  if (workers > MAX_WORKERS) throw new UsageError(`--workers must be at most ${MAX_WORKERS}; got ${workers}`);
  // More workers than 4 a core only adds start-up time (measured: 64 on 2 cores, 45 s for 34 states).
  const cores = availableParallelism();
  if (values.has('workers') && workers > 4 * cores) throw new UsageError(`--workers ${workers}: this machine has ${cores} cores; give at most ${4 * cores}`);
  const seed = int('seed', DEFAULT_SEED, -(2 ** 31));
  // A seed is a 32-bit integer: a larger one would silently become another (4294967338 became 42).
  if (seed > 2 ** 31 - 1) throw new UsageError(`--seed must be from ${-(2 ** 31)} to ${2 ** 31 - 1}; got ${seed}`);
  const runs = int('runs', DEFAULT_RUNS, 1);
  if (runs > MAX_RUNS) throw new UsageError(`--runs must be at most ${MAX_RUNS} (a larger random search is an exhaustive one: use --engine exhaustive, or --shard); got ${runs}`);
  return { engine, seed, runs, scheduler, pctDepth, maxStates: AUTO_MAX_STATES, workers, bounds: boundOptions(values) };
}

export interface EngineResult {
  readonly verdict: CellVerdict;
  readonly provenance: Partial<Record<InvariantName, RandomProvenance>>;
}

/** A random verdict the time bound cut: say which bound, as an exhaustive one does. */
function markTimeBound<T extends CellVerdict>(v: T, limits: SearchLimits): T {
  if (!isIncomplete(v)) return v;
  const incomplete: Incomplete = { bound: 'seconds', limit: limits.seconds ?? 0, depth: -1 };
  return { ...v, incomplete };
}

/**
 * How the engine runs one cell under `opts`: the limits of the search (its deadline starts now),
 * and under `auto` the exhaustive search's own (its state budget; no memory bound: reaching either
 * hands the cell to the random engine).
 */
function plan(opts: EngineOptions): { limits: SearchLimits; autoLimits: SearchLimits; autoBudget: number } {
  const limits = limitsOf(opts.bounds ?? {});
  const { maxStates: _s, ...autoLimits } = limits;
  const autoBudget = Math.min(opts.maxStates, opts.bounds?.maxStates ?? Infinity);
  return { limits, autoLimits, autoBudget };
}

/** Under `auto`: did the exhaustive search stop at a bound the random engine can go on from (memory)? */
function handOver(v: CellVerdict): boolean {
  return v.incomplete?.bound === 'memory';
}

export function runEngine(inst: Instance, opts: EngineOptions): EngineResult {
  const label = `${inst.strategy.name} × ${inst.scenario.name}`;
  const { limits, autoLimits, autoBudget } = plan(opts);
  if (opts.extra?.length) {
    // A user's predicate is a function: it runs here, in the one search that can call it.
    if (opts.engine === 'random') throw new InputError('user-defined invariants are checked by the exhaustive engine only: use engine exhaustive or auto');
    return { verdict: checkExhaustive(inst, { limits, extra: opts.extra }), provenance: {} };
  }
  const random = (): EngineResult => {
    const v = checkRandom(inst, {
      seed: opts.seed,
      runs: opts.runs,
      scheduler: opts.scheduler,
      pctDepth: opts.pctDepth,
      ...(limits.deadline !== undefined ? { deadline: limits.deadline } : {}),
      onProgress: (inv) => opts.onProgress?.(`${label}: random runs for ${inv}`),
    });
    return { verdict: markTimeBound(v, limits), provenance: v.provenance };
  };
  if (opts.engine === 'random') return random();
  const progress = (n: number) => opts.onProgress?.(`${label}: ${n} states`);
  const exhaustive = { onProgress: progress, symmetry: opts.symmetry ?? false, por: opts.por ?? false };
  if (opts.engine === 'exhaustive') return { verdict: checkExhaustive(inst, { ...exhaustive, limits }), provenance: {} };
  try {
    const v = checkExhaustive(inst, { ...exhaustive, limits: autoLimits, maxStates: autoBudget });
    return handOver(v) ? random() : { verdict: v, provenance: {} };
  } catch (e) {
    if (e instanceof StateBudgetExceeded) return random();
    throw e;
  }
}

/**
 * Whether a search on one worker still runs in a worker thread: one that may take seconds to
 * minutes — several children (the scopes `defaultWorkersFor` gives every core), a scope scaled up
 * in any bound, more random runs than the default — since a search in this thread holds the event
 * loop, where the handler of Ctrl-C runs (signals.ts): an interrupted `check --workers 1` went on
 * to its end, and a one-core machine could not be interrupted at all. A catalogue cell in the
 * default scope (milliseconds) stays here, where it costs no round trips; between two of them an
 * interrupt is handled.
 */
export function offThread(inst: Instance, opts: Pick<EngineOptions, 'engine' | 'runs'>): boolean {
  const s = inst.scope;
  const d = DEFAULT_SCOPE;
  const scaled = s.pidCount > d.pidCount || s.spawns > d.spawns || s.reaps > d.reaps || s.churns > d.churns || s.maxFd > d.maxFd || s.maxSteps > d.maxSteps || s.killers !== undefined || (s.retries ?? 0) > 0;
  return inst.children > 1 || scaled || (opts.engine !== 'exhaustive' && opts.runs > DEFAULT_RUNS);
}

/** As `runEngine`, on `opts.workers` worker threads (same results, properties/parallel/); in this thread when one worker would do (`offThread`). */
export async function runEngineParallel(inst: Instance, opts: EngineOptions): Promise<EngineResult> {
  // Here in this thread: a short search on one worker (no round trips), and one with a user's
  // invariants, which are functions and cannot go to a worker.
  if ((opts.workers <= 1 && !offThread(inst, opts)) || opts.extra?.length) return runEngine(inst, opts);
  const label = `${inst.strategy.name} × ${inst.scenario.name}`;
  const { limits, autoLimits, autoBudget } = plan(opts);
  const random = async (): Promise<EngineResult> => {
    const v = await checkRandomParallel(inst, {
      seed: opts.seed,
      runs: opts.runs,
      scheduler: opts.scheduler,
      pctDepth: opts.pctDepth,
      workers: opts.workers,
      ...(limits.deadline !== undefined ? { deadline: limits.deadline } : {}),
    });
    return { verdict: markTimeBound(v, limits), provenance: v.provenance };
  };
  if (opts.engine === 'random') return random();
  const exhaustive = {
    workers: opts.workers,
    symmetry: opts.symmetry ?? false,
    por: opts.por ?? false,
    onProgress: (n: number) => opts.onProgress?.(`${label}: ${n} states on ${opts.workers} worker${opts.workers === 1 ? '' : 's'}`),
  };
  if (opts.engine === 'exhaustive') return { verdict: await checkExhaustiveParallel(inst, { ...exhaustive, limits }), provenance: {} };
  try {
    const v = await checkExhaustiveParallel(inst, { ...exhaustive, limits: autoLimits, maxStates: autoBudget });
    return handOver(v) ? random() : { verdict: v, provenance: {} };
  } catch (e) {
    if (e instanceof StateBudgetExceeded) return random();
    throw e;
  }
}
