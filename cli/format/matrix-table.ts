/**
 * The text report of `reapcheck matrix`: strategies × scenarios, each cell the abbreviations of
 * the invariants violated there (the notation of expected-verdicts.md), `holds` or `n/a`; then
 * the totals. A cell lists one invariant per line: on one line the table would be 220 columns wide.
 */
import { INVARIANT_NAMES } from '../../properties/invariants.ts';
import type { InvariantName } from '../../properties/invariants.ts';
import type { Scope } from '../../model/scope.ts';
import type { Cell } from '../cells.ts';
import { scopeText } from '../scope-flag.ts';
import { renderTable } from './table.ts';

/** The short names of the invariants, as the matrix and expected-verdicts.md write them. */
export const ABBREVIATIONS: Readonly<Record<InvariantName, string>> = {
  'no-stray-signal': 'stray',
  'no-wrong-reap': 'wrong-reap',
  'status-correct': 'status',
  'no-wait-error': 'wait-error',
  'no-stale-poll': 'stale-poll',
  'no-deadlock': 'deadlock',
  'no-zombie-left': 'zombie',
};

/** The violated invariants' abbreviations, one per line, or `holds` / `n/a`. */
function cellText(cell: Cell): string {
  if (!cell.applies) return 'n/a';
  const names = INVARIANT_NAMES.filter((n) => cell.verdict.invariants[n].status === 'violated').map((n) => ABBREVIATIONS[n]);
  // A truncated search saw every schedule up to maxSteps only: mark it, the footer says what it means.
  if (names.length === 0) return cell.verdict.truncated ? 'holds*' : 'holds';
  return names.join('\n');
}

/** The matrix report, ending with a newline. `cells` is in strategy-major order. */
export function formatMatrix(cells: readonly Cell[], scope: Scope, wallSeconds: number): string {
  const strategies = [...new Set(cells.map((c) => c.verdict.strategy))];
  const scenarios = [...new Set(cells.map((c) => c.verdict.scenario))];
  const at = (st: string, sc: string) => cells.find((c) => c.verdict.strategy === st && c.verdict.scenario === sc);
  const rows = strategies.map((st) => [
    st,
    ...scenarios.map((sc) => {
      const cell = at(st, sc);
      return cell ? cellText(cell) : '';
    }),
  ]);
  const lines = renderTable(['strategy', ...scenarios], rows, { spaced: true });
  const states = cells.reduce((s, c) => s + c.verdict.states, 0);
  const transitions = cells.reduce((s, c) => s + c.verdict.transitions, 0);
  lines.push('');
  lines.push(`${cells.length} cells, exhaustive: ${states} states, ${transitions} transitions in total, ${wallSeconds.toFixed(1)} s`);
  lines.push(`scope: ${scopeText(scope)}`);
  lines.push(`legend: ${INVARIANT_NAMES.map((n) => `${ABBREVIATIONS[n]} = ${n}`).join(', ')}`);
  if (cells.some((c) => c.verdict.truncated)) lines.push(`holds* = holds for every schedule of up to ${scope.maxSteps} steps (some schedules were longer)`);
  return `${lines.join('\n')}\n`;
}
