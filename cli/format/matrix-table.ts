/**
 * The text report of `reapcheck matrix`: strategies × scenarios, each cell the abbreviations of
 * the invariants violated there (the notation of expected-verdicts.md), `holds` or `n/a`; then
 * the totals. A cell lists one invariant per line: on one line the table would be 220 columns wide.
 */
import { INVARIANT_NAMES } from '../../properties/invariants.ts';
import type { InvariantName } from '../../properties/invariants.ts';
import type { Scope } from '../../model/scope.ts';
import { PROCESS_SCENARIOS } from '../../model/scenario.ts';
import type { Cell } from '../cells.ts';
import { scopeText } from '../scope-flag.ts';
import { renderTable } from './table.ts';
import { isIncomplete } from '../../properties/verdict.ts';
import { boundText } from '../../properties/bounds.ts';

/** The short names of the invariants, as the matrix and expected-verdicts.md write them. */
export const ABBREVIATIONS: Readonly<Record<InvariantName, string>> = {
  'no-stray-signal': 'stray',
  'no-wrong-reap': 'wrong-reap',
  'status-correct': 'status',
  'no-wait-error': 'wait-error',
  'no-stale-poll': 'stale-poll',
  'no-deadlock': 'deadlock',
  'no-zombie-left': 'zombie',
  'no-kill-error': 'kill-error',
};

/** The violated invariants' abbreviations, one per line, or `holds` / `n/a`. */
function cellText(cell: Cell): string {
  if (!cell.applies) return 'n/a';
  if (cell.error !== undefined) return 'error';
  const names = INVARIANT_NAMES.filter((n) => cell.verdict.invariants[n].status === 'violated').map((n) => ABBREVIATIONS[n]);
  // A bound left the rest undecided: its own word, never `holds`.
  if (isIncomplete(cell.verdict)) names.push('incomplete');
  // A truncated search saw every schedule up to maxSteps only: mark it, the footer says what it means.
  if (names.length === 0) return cell.verdict.truncated ? 'holds*' : 'holds';
  return names.join('\n');
}

/** One table: `scenarios` as columns, a row per strategy with at least one cell that applies there. */
function table(cells: readonly Cell[], scenarios: readonly string[]): string[] {
  const at = (st: string, sc: string) => cells.find((c) => c.verdict.strategy === st && c.verdict.scenario === sc);
  const strategies = [...new Set(cells.map((c) => c.verdict.strategy))].filter((st) => scenarios.some((sc) => at(st, sc)?.applies));
  const rows = strategies.map((st) => [
    st,
    ...scenarios.map((sc) => {
      const cell = at(st, sc);
      return cell ? cellText(cell) : '';
    }),
  ]);
  return renderTable(['strategy', ...scenarios], rows, { spaced: true });
}

/**
 * The matrix report, ending with a newline. `cells` is in strategy-major order. The per-child
 * scenarios and the process-wide ones (scenario.ts `PROCESS_SCENARIOS`, for strategies with a loop)
 * are two tables: a strategy of one kind is n/a in every column of the other.
 */
export function formatMatrix(cells: readonly Cell[], scope: Scope, wallSeconds: number): string {
  const processWide = new Set(PROCESS_SCENARIOS.map((s) => s.name));
  const scenarios = [...new Set(cells.map((c) => c.verdict.scenario))];
  const lines = table(cells, scenarios.filter((sc) => !processWide.has(sc)));
  const wide = scenarios.filter((sc) => processWide.has(sc));
  const wideScope = cells.find((c) => processWide.has(c.verdict.scenario) && c.scope)?.scope;
  if (wide.length > 0 && cells.some((c) => c.applies && processWide.has(c.verdict.scenario))) {
    lines.push('', `process-wide scenarios (a loop role manages every child)${wideScope ? `, scope: ${scopeText(wideScope)}` : ''}:`, ...table(cells, wide));
  }
  const states = cells.reduce((s, c) => s + c.verdict.states, 0);
  const transitions = cells.reduce((s, c) => s + c.verdict.transitions, 0);
  lines.push('');
  lines.push(`${cells.length} cells, exhaustive: ${states} states, ${transitions} transitions in total, ${wallSeconds.toFixed(1)} s`);
  lines.push(`scope: ${scopeText(scope)}`);
  lines.push(`legend: ${INVARIANT_NAMES.map((n) => `${ABBREVIATIONS[n]} = ${n}`).join(', ')}`);
  if (cells.some((c) => c.verdict.truncated)) lines.push(`holds* = holds for every schedule of up to ${scope.maxSteps} steps (some schedules were longer)`);
  const wrong = cells.filter((c) => c.error !== undefined);
  for (const c of wrong) lines.push(`error = ${c.error}`);
  const cut = cells.filter((c) => isIncomplete(c.verdict));
  if (cut.length > 0) {
    const bounds = [...new Set(cut.map((c) => (c.verdict.incomplete ? boundText(c.verdict.incomplete) : 'a bound')))];
    lines.push(`incomplete = ${cut.length} cell${cut.length === 1 ? '' : 's'} stopped at ${bounds.join(', ')} before deciding every invariant (exit 4 unless a violation was found)`);
  }
  return `${lines.join('\n')}\n`;
}
