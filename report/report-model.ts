/**
 * The model of a whole report: the matrix (cells with their verdict, method, state count and
 * counterexamples), every counterexample's page model, the run's scope and Linux line, and the
 * conformance summary when there is one. Both renderers read it — index-md.ts and the pages of
 * html/ — so the Markdown that GitHub shows and the HTML site say the same things.
 */
import type { InvariantName } from '../properties/invariants.ts';
import { INVARIANTS, INVARIANT_NAMES } from '../properties/invariants.ts';
import type { TraceFile } from '../properties/trace.ts';
import type { CounterexampleModel, RealComparison } from './counterexample-model.ts';
import { counterexampleModel, filesOf } from './counterexample-model.ts';
import type { ConformSummary } from './conformance.ts';

/** What the report needs of one cell (the input of `reportModel`). */
export interface ReportCell {
  readonly strategy: string;
  readonly scenario: string;
  readonly applies: boolean;
  readonly method: string;
  readonly states: number;
  readonly statuses: Readonly<Record<InvariantName, string>>;
  /**
   * Per violated invariant: the trace, its markdown page's and JSON file's names (relative to the
   * index), the short Linux outcome; optionally the path the replay commands name and the real replay.
   */
  readonly counterexamples: readonly {
    readonly trace: TraceFile;
    readonly page: string;
    readonly json: string;
    readonly linux?: string;
    readonly replayPath?: string;
    readonly onLinux?: string;
    readonly real?: RealComparison;
  }[];
}

export interface ReportMeta {
  readonly scope: string;
  readonly generated: string;
  /** "Linux 6.18 (85 of 85 reproduced)", or why real replay did not run. */
  readonly linux: string;
  readonly abbreviations: Readonly<Record<InvariantName, string>>;
  readonly conformance?: ConformSummary;
}

/** A cell's verdict in one word: a violation wins, then a bound's `incomplete`, then n/a, else holds. */
export type CellVerdictWord = 'violated' | 'incomplete' | 'n/a' | 'holds';

export interface CellModel {
  readonly strategy: string;
  readonly scenario: string;
  readonly applies: boolean;
  readonly verdict: CellVerdictWord;
  /** Some invariant left undecided by a bound (also possible beside a violation). */
  readonly incomplete: boolean;
  readonly method: string;
  readonly states: number;
  readonly statuses: Readonly<Record<InvariantName, string>>;
  readonly counterexamples: readonly CounterexampleModel[];
}

export interface ReportModel {
  readonly generated: string;
  readonly scope: string;
  readonly linux: string;
  readonly invariants: readonly { readonly name: InvariantName; readonly abbreviation: string; readonly doc: string }[];
  readonly strategies: readonly string[];
  readonly scenarios: readonly string[];
  readonly cells: readonly CellModel[];
  /** Every counterexample, in cell order. */
  readonly counterexamples: readonly CounterexampleModel[];
  readonly conformance?: ConformSummary;
}

function verdictOf(c: ReportCell): CellVerdictWord {
  if (!c.applies) return 'n/a';
  const s = INVARIANT_NAMES.map((n) => c.statuses[n]);
  if (s.includes('violated') || c.counterexamples.length > 0) return 'violated';
  if (s.includes('incomplete')) return 'incomplete';
  return s.every((x) => x === 'n/a') ? 'n/a' : 'holds';
}

export function reportModel(cells: readonly ReportCell[], meta: ReportMeta): ReportModel {
  const models: CellModel[] = cells.map((c) => ({
    strategy: c.strategy,
    scenario: c.scenario,
    applies: c.applies,
    verdict: verdictOf(c),
    incomplete: INVARIANT_NAMES.some((n) => c.statuses[n] === 'incomplete'),
    method: c.method,
    states: c.states,
    statuses: c.statuses,
    counterexamples: c.counterexamples.map((x) => {
      const linux = { ...(x.onLinux ? { onLinux: x.onLinux } : {}), ...(x.linux ? { short: x.linux } : {}), ...(x.real ? { real: x.real } : {}) };
      const files = { ...filesOf(x.page.replace(/\.md$/, ''), x.replayPath ?? x.json), json: x.json, md: x.page };
      return counterexampleModel(x.trace, files, linux);
    }),
  }));
  return {
    generated: meta.generated,
    scope: meta.scope,
    linux: meta.linux,
    invariants: INVARIANT_NAMES.map((n) => ({ name: n, abbreviation: meta.abbreviations[n], doc: INVARIANTS.find((i) => i.name === n)?.doc ?? '' })),
    strategies: [...new Set(cells.map((c) => c.strategy))],
    scenarios: [...new Set(cells.map((c) => c.scenario))],
    cells: models,
    counterexamples: models.flatMap((c) => c.counterexamples),
    ...(meta.conformance ? { conformance: meta.conformance } : {}),
  };
}

/** The cell of a strategy in a scenario, if the report has one. */
export function cellAt(r: ReportModel, strategy: string, scenario: string): CellModel | undefined {
  return r.cells.find((c) => c.strategy === strategy && c.scenario === scenario);
}
