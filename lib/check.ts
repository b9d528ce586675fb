/**
 * `check(strategy, options)`: the library's one call for "check this strategy and give me its
 * verdicts" — what `reapcheck check` prints, as data. It runs the command line's own cell runner
 * (cli/cells.ts, cli/engine.ts), so a verdict from a test suite is the verdict of the command.
 */
import type { Strategy } from '../model/strategy/types.ts';
import type { Scenario } from '../model/scenario.ts';
import { MATRIX_SCENARIOS, SCALE_SCENARIOS } from '../model/scenario.ts';
import type { Scope } from '../model/scope.ts';
import { DEFAULT_SCOPE } from '../model/scope.ts';
import { scaleScope } from '../cli/scale-flags.ts';
import { InputError, InternalError } from '../model/errors.ts';
import { validateStrategy } from '../model/strategy/validate.ts';
import { validateScope } from '../model/strategy/validate-scenario.ts';
import { findStrategy, CATALOGUE } from '../catalogue/index.ts';
import { INVARIANT_NAMES } from '../properties/invariants.ts';
import type { InvariantVerdict } from '../properties/verdict.ts';
import type { UserInvariant } from '../properties/user-invariants.ts';
import { userInvariants } from '../properties/user-invariants.ts';
import type { TraceFile } from '../properties/trace.ts';
import { runCellParallel } from '../cli/cells.ts';
import type { EngineOptions } from '../cli/engine.ts';
import { DEFAULT_ENGINE, defaultWorkersFor } from '../cli/engine.ts';
import { formatTrace } from '../cli/format/step-table.ts';

/**
 * What `check` takes besides the strategy: the scenarios, the scope and its scale, the engine and
 * its bounds, and your own invariants. Every field is optional; the defaults are `reapcheck check`'s.
 */
export interface CheckOptions {
  /** Scenario names or values (default: every catalogue scenario; those that do not apply are `applies: false`). */
  readonly scenarios?: readonly (string | Scenario)[];
  /** Bounds of the scope over the defaults (`{ pidCount: 3 }`), validated as a strategy file's `scope` export. */
  readonly scope?: Partial<Scope>;
  /** Children in one process, killers per child, retries, pid numbers (the CLI's --children --killers --retries --pids). */
  readonly children?: number;
  /** Kill threads per child (`--killers`). */
  readonly killers?: number;
  /** How many times a kill thread runs its program again (`--retries`). */
  readonly retries?: number;
  /** The pid space (`--pids`). */
  readonly pids?: number;
  /** `auto` (default): exhaustive while it fits, random beyond; `exhaustive`; `random`. */
  readonly engine?: EngineOptions['engine'];
  /** The random engine's seed. */
  readonly seed?: number;
  /** Random engine: schedules per invariant (default 2000). */
  readonly runs?: number;
  /** Worker threads (default: as the CLI — every core with several children, else 1). */
  readonly workers?: number;
  /** Reductions of the exhaustive search (default: on with several children). */
  readonly symmetry?: boolean;
  /** The partial-order reduction (default: on with several children). */
  readonly por?: boolean;
  /** Bounds per cell (properties/bounds.ts): what they leave undecided is `incomplete`. */
  readonly maxStates?: number;
  /** Seconds per cell. */
  readonly maxSeconds?: number;
  /** Your own invariants, checked with the built-in ones (exhaustive engine, no reductions, one worker). */
  readonly invariants?: readonly UserInvariant[];
}

/** One invariant's verdict in one scenario. A violation carries its counterexample. */
export type InvariantResult =
  | { readonly status: 'holds' | 'n/a' | 'incomplete' }
  | {
      readonly status: 'violated';
      /** Why, in domain words. */
      readonly message: string;
      /** Steps of the counterexample (the shortest, with the exhaustive engine). */
      readonly length: number;
      /** The trace file's value: `encodeTrace` writes it, `replay` and `replayOnLinux` run it. */
      readonly trace: TraceFile;
      /** The step table `reapcheck check` prints. */
      readonly table: string;
    };

/**
 * One scenario of a check: whether it applies, how it was searched (method, states, time, a bound
 * that stopped it) and every invariant's verdict.
 */
export interface ScenarioResult {
  readonly scenario: string;
  /** False when the scenario needs a role the strategy lacks (`whyNot` says which). */
  readonly applies: boolean;
  /** Why the scenario does not apply (it needs a role the strategy lacks). */
  readonly whyNot?: string;
  /** How the verdicts were established: every reachable state, or random schedules. */
  readonly method: 'exhaustive' | 'random';
  /** States the search visited (random: schedules run). */
  readonly states: number;
  /** Transitions it followed. */
  readonly transitions: number;
  /** Time the scenario took. */
  readonly seconds: number;
  /** Set when a bound stopped the search: which, and to what depth it is complete (-1: cannot say). */
  readonly incomplete?: { readonly bound: 'states' | 'seconds' | 'memory'; readonly limit: number; readonly depth: number };
  /** Every built-in invariant by name, then your own. */
  readonly invariants: Readonly<Record<string, InvariantResult>>;
}

/**
 * What `check` gives: the strategy's verdicts in each scenario, under the scope it ran with, and
 * whether any is violated or incomplete (the command line's exit codes, as data).
 */
export interface CheckResult {
  /** The strategy's name. */
  readonly strategy: string;
  /** The scope the check ran under (the defaults with the options applied). */
  readonly scope: Scope;
  /** One result per scenario, in the order given (default: the matrix's). */
  readonly scenarios: readonly ScenarioResult[];
  /** Some invariant is violated in some scenario (the CLI's exit 1). */
  readonly violated: boolean;
  /** Some invariant was left undecided by a bound (the CLI's exit 4 when nothing is violated). */
  readonly incomplete: boolean;
  /** The verdict of `invariant` in `scenario` (undefined when the scenario was not checked). */
  verdict(scenario: string, invariant: string): InvariantResult | undefined;
}

function resolveStrategy(s: Strategy | string): Strategy {
  if (typeof s === 'string') {
    const known = findStrategy(s);
    if (!known) throw new InputError(`unknown strategy ${JSON.stringify(s)}; known strategies: ${CATALOGUE.map((x) => x.name).join(', ')}`);
    return known;
  }
  return validateStrategy(s, `strategy ${typeof s === 'object' && s && 'name' in s ? String((s as { name: unknown }).name) : ''}`.trim());
}

function resolveScenarios(list: CheckOptions['scenarios']): Scenario[] {
  if (!list) return [...MATRIX_SCENARIOS];
  const known = [...MATRIX_SCENARIOS, ...SCALE_SCENARIOS];
  return list.map((x) => {
    if (typeof x !== 'string') return x;
    const s = known.find((k) => k.name === x);
    if (!s) throw new InputError(`unknown scenario ${JSON.stringify(x)}; known scenarios: ${known.map((k) => k.name).join(', ')}`);
    return s;
  });
}

/** A verdict as the library reports it: a violation with its trace (the cell made it: `traces` for the built-in invariants, `customTraces` for yours). */
function invariantResult(trace: TraceFile | undefined, iv: InvariantVerdict): InvariantResult {
  if (iv.status !== 'violated') return { status: iv.status };
  if (!trace) throw new InternalError('a violated invariant without its trace');
  return { status: 'violated', message: iv.counterexample.message, length: iv.counterexample.steps.length, trace, table: formatTrace(trace, '').join('\n') };
}

/** Check `strategy` (a value, or a catalogue name) in each scenario; never prints, never exits. */
export async function check(strategy: Strategy | string, opts: CheckOptions = {}): Promise<CheckResult> {
  const st = resolveStrategy(strategy);
  const scenarios = resolveScenarios(opts.scenarios);
  const base = validateScope({ ...DEFAULT_SCOPE, ...(opts.scope ?? {}) }, 'options.scope');
  const { scope, reductions } = scaleScope(base, opts, 'options children/killers/retries/pids');
  const extra = opts.invariants?.length ? userInvariants(opts.invariants) : undefined;
  const engine: EngineOptions = {
    ...DEFAULT_ENGINE,
    ...(opts.engine ? { engine: opts.engine } : {}),
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.runs !== undefined ? { runs: opts.runs } : {}),
    workers: opts.workers ?? defaultWorkersFor(scope),
    ...reductions,
    bounds: { ...(opts.maxStates !== undefined ? { maxStates: opts.maxStates } : {}), ...(opts.maxSeconds !== undefined ? { maxSeconds: opts.maxSeconds } : {}) },
    ...(extra ? { extra } : {}),
  };
  const results: ScenarioResult[] = [];
  for (const sc of scenarios) {
    const cell = await runCellParallel(st, sc, scope, engine);
    const v = cell.verdict;
    const invariants: Record<string, InvariantResult> = {};
    for (const name of INVARIANT_NAMES) invariants[name] = invariantResult(cell.traces[name], v.invariants[name]);
    for (const [name, iv] of Object.entries(v.custom ?? {})) invariants[name] = invariantResult(cell.customTraces?.[name], iv);
    if (extra && !v.custom) for (const inv of extra) invariants[inv.name] = { status: 'n/a' };
    results.push({
      scenario: v.scenario,
      applies: cell.applies,
      ...(cell.whyNot ? { whyNot: cell.whyNot } : {}),
      method: v.method,
      states: v.states,
      transitions: v.transitions,
      seconds: v.seconds,
      ...(v.incomplete ? { incomplete: { bound: v.incomplete.bound, limit: v.incomplete.limit, depth: v.incomplete.depth } } : {}),
      invariants,
    });
  }
  const any = (status: string) => results.some((r) => Object.values(r.invariants).some((iv) => iv.status === status));
  return {
    strategy: st.name,
    scope,
    scenarios: results,
    violated: any('violated'),
    incomplete: any('incomplete'),
    verdict: (scenario, invariant) => results.find((r) => r.scenario === scenario)?.invariants[invariant],
  };
}
