/**
 * Cells: one (strategy, scenario) check and its JSON form. Shared by `check` and `matrix`, so that
 * both print the same shape and name things the same way.
 */
import type { Strategy } from '../model/strategy/types.ts';
import type { Scenario } from '../model/scenario.ts';
import { scenarioApplies, scenarioMismatch } from '../model/scenario.ts';
import type { Scope } from '../model/scope.ts';
import { scenarioScope } from '../model/scope.ts';
import { createInstance } from '../model/instance.ts';
import { StrategyError } from '../model/errors.ts';
import type { Instance } from '../model/instance.ts';
import type { InvariantName } from '../properties/invariants.ts';
import { INVARIANT_NAMES } from '../properties/invariants.ts';
import type { CellVerdict, InvariantVerdict } from '../properties/verdict.ts';
import { isIncomplete } from '../properties/verdict.ts';
import { EXIT } from './errors.ts';
import type { TraceFile } from '../properties/trace.ts';
import { makeTrace } from '../properties/trace.ts';
import type { EngineOptions } from './engine.ts';
import type { CellJson } from '../report/cell-json.ts';
export type { CellJson } from '../report/cell-json.ts';
import { DEFAULT_ENGINE, runEngine, runEngineParallel } from './engine.ts';

/** A checked cell; `applies` is false when the scenario needs a role the strategy lacks (poll-race). */
export interface Cell {
  readonly verdict: CellVerdict;
  readonly applies: boolean;
  /** Why the scenario does not apply (scenario.ts `scenarioMismatch`), when it does not. */
  readonly whyNot?: string;
  /** The scope the cell ran under (the command's, grown for a process-wide scenario: scope.ts `scenarioScope`). */
  readonly scope?: Scope;
  /** The traces of the counterexamples of the file's own invariants, by name. */
  readonly customTraces?: Readonly<Record<string, TraceFile>>;
  /** The trace of each violated invariant's counterexample. */
  readonly traces: Partial<Record<InvariantName, TraceFile>>;
  /** Where each trace was written (set by the command that wrote them). */
  paths?: Partial<Record<InvariantName, string>>;
  /**
   * The strategy's own mistake, found while checking this cell (a StrategyError: an unlock by a
   * non-owner, a comparison of a non-number): one line. The cell decided nothing; the other cells
   * are still checked, and the command exits 2 at the end.
   */
  readonly error?: string;
}


/** The cell of a scenario that does not apply: every invariant n/a, nothing explored. */
function notApplicable(strategy: Strategy, scenario: Scenario): CellVerdict {
  const invariants = {} as Record<InvariantName, InvariantVerdict>;
  for (const name of INVARIANT_NAMES) invariants[name] = { status: 'n/a' };
  return { strategy: strategy.name, scenario: scenario.name, method: 'exhaustive', states: 0, transitions: 0, seconds: 0, truncated: false, stoppedEarly: false, invariants };
}

/**
 * The cell of a strategy error: nothing decided (every invariant n/a), the error saying where to
 * look. Only this cell is lost: the others are checked on (issue 14).
 */
function errorCell(strategy: Strategy, scenario: Scenario, e: StrategyError): Cell {
  const error = `strategy ${strategy.name} is wrong (found while checking scenario ${scenario.name}): ${e.message.replace(/\s*[\r\n]+\s*/g, ' ')}; fix the strategy and check again`;
  return { verdict: notApplicable(strategy, scenario), applies: true, traces: {}, error };
}

/**
 * Check one strategy in one scenario, exhaustively. A StrategyError (an unlock by a non-owner,
 * found only while running) is the user's mistake: the cell gets it as its outcome (errorCell).
 */
export function runCell(strategy: Strategy, scenario: Scenario, scope: Scope, engine: EngineOptions = DEFAULT_ENGINE): Cell {
  const whyNot = scenarioMismatch(scenario, strategy.roles);
  if (whyNot !== null) return { verdict: notApplicable(strategy, scenario), applies: false, whyNot, traces: {} };
  try {
    const inst = createInstance(strategy, scenario, scenarioScope(scope, scenario));
    const { verdict, provenance } = runEngine(inst, engine);
    return { verdict, applies: true, scope: inst.scope, traces: tracesOf(inst, verdict, provenance, engine.scheduler), ...customTraces(inst, verdict) };
  } catch (e) {
    if (e instanceof StrategyError) return errorCell(strategy, scenario, e);
    throw e;
  }
}

/** As `runCell`, with the engine on `engine.workers` worker threads. */
export async function runCellParallel(strategy: Strategy, scenario: Scenario, scope: Scope, engine: EngineOptions): Promise<Cell> {
  // A user's invariants are functions: the sequential search runs them (engine.ts), here in this thread.
  if (engine.extra?.length || !scenarioApplies(scenario, strategy.roles)) return runCell(strategy, scenario, scope, engine);
  try {
    const inst = createInstance(strategy, scenario, scenarioScope(scope, scenario));
    const { verdict, provenance } = await runEngineParallel(inst, engine);
    return { verdict, applies: true, scope: inst.scope, traces: tracesOf(inst, verdict, provenance, engine.scheduler), ...customTraces(inst, verdict) };
  } catch (e) {
    if (e instanceof StrategyError) return errorCell(strategy, scenario, e);
    throw e;
  }
}

/** The traces of the counterexamples of a strategy file's own invariants (shown by `check`, not written: `replay` judges built-in invariants only). */
function customTraces(inst: Instance, v: CellVerdict): { customTraces?: Record<string, TraceFile> } {
  if (!v.custom) return {};
  const out: Record<string, TraceFile> = {};
  for (const [name, iv] of Object.entries(v.custom)) if (iv.status === 'violated') out[name] = makeTrace(inst, iv.counterexample, { engine: v.method });
  return { customTraces: out };
}

function tracesOf(inst: Instance, v: CellVerdict, provenance: ReturnType<typeof runEngine>['provenance'], scheduler: EngineOptions['scheduler']): Cell['traces'] {
  const out: Cell['traces'] = {};
  for (const name of INVARIANT_NAMES) {
    const iv = v.invariants[name];
    if (iv.status !== 'violated') continue;
    const p = provenance[name];
    out[name] = makeTrace(inst, iv.counterexample, p ? { engine: 'random', seed: p.seed, path: p.path, scheduler } : { engine: v.method });
  }
  return out;
}

/**
 * The one stderr line of a run whose report holds strategy errors next to decided cells (exit 2
 * keeps its meaning: one line saying what the user must fix), or undefined.
 */
export function cellsErrorLine(cells: readonly Cell[]): string | undefined {
  const errors = cells.filter((c) => c.error !== undefined);
  if (errors.length === 0) return undefined;
  const where = errors.map((c) => `${c.verdict.strategy} × ${c.verdict.scenario}`).join(', ');
  return `reapcheck: a strategy error in ${errors.length} of ${cells.filter((c) => c.applies).length} checked cells (${where}); the report above has the others. First: ${errors[0]!.error}`;
}

/**
 * Exit code 2 when a cell found a mistake in the strategy (when every cell that applies did, the
 * mistakes are thrown as one StrategyError: nothing was decided to report), else 1 when any
 * invariant of any cell failed, else 4 when a bound left one undecided, else 0.
 */
export function cellsExitCode(cells: readonly Cell[]): number {
  const errors = cells.filter((c) => c.error !== undefined);
  // Nothing decided anywhere: the run's outcome is the mistake itself, as one line (exit 2), not a report of errors.
  if (errors.length > 0 && errors.length === cells.filter((c) => c.applies).length) throw new StrategyError(errors.map((c) => c.error).join('; '));
  if (errors.length > 0) return EXIT.input;
  if (anyViolated(cells)) return EXIT.violated;
  return cells.some((c) => isIncomplete(c.verdict)) ? EXIT.incomplete : EXIT.ok;
}

/** Did any invariant of any cell fail? (exit code 1) */
export function anyViolated(cells: readonly Cell[]): boolean {
  return cells.some((c) => INVARIANT_NAMES.some((n) => c.verdict.invariants[n].status === 'violated') || Object.values(c.verdict.custom ?? {}).some((iv) => iv.status === 'violated'));
}

export function cellJson(cell: Cell): CellJson {
  const v = cell.verdict;
  const invariants = {} as Record<InvariantName, InvariantVerdict['status']>;
  for (const name of INVARIANT_NAMES) invariants[name] = v.invariants[name].status;
  // Milliseconds are all a timing is good for; more digits only make diffs of two runs noisy.
  const seconds = Math.round(v.seconds * 1000) / 1000;
  const json: CellJson = { strategy: v.strategy, scenario: v.scenario, method: v.method, states: v.states, transitions: v.transitions, seconds, invariants };
  if (v.method === 'random') Object.assign(json, { seed: v.seed, runs: v.runs });
  if (v.incomplete) json.incomplete = { bound: v.incomplete.bound, limit: v.incomplete.limit, depth: v.incomplete.depth };
  if (v.spilled) json.spilled = v.spilled;
  if (cell.error !== undefined) json.error = cell.error;
  if (v.custom) json.custom = Object.fromEntries(Object.entries(v.custom).map(([n, iv]) => [n, iv.status]));
  if (cell.paths) {
    json.traces = { ...cell.paths };
    json.lengths = {};
    for (const [name, t] of Object.entries(cell.traces)) json.lengths[name as InvariantName] = t.steps.length;
  }
  return json;
}

/** The `{"cells":[…]}` document, on one line. */
export function cellsDocument(cells: readonly Cell[]): string {
  return `${JSON.stringify({ cells: cells.map(cellJson) })}\n`;
}
