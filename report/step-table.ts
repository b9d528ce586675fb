/**
 * A trace's steps in words — who acted, what it did, what it got, and the ghost facts that matter —
 * as rows both reports read (`stepRows`), and those rows as a markdown table. The HTML table is
 * html/step-table-html.ts; the terminal table is cli/format/step-table.ts.
 */
import { callText } from '../model/interpreter/step-info.ts';
import { formatValue } from '../model/values.ts';
import type { TraceFile, TraceFileStep } from '../properties/trace.ts';

/** What a step did, in one phrase: "waitpid(100, 0)", "enters waitid(...)", "wakes from waitid(...)". */
export function stepAction(s: TraceFileStep): string {
  const c = callText(s.call);
  if (s.phase === 'enter') return `enters ${c}, blocks`;
  if (s.phase === 'complete') return `wakes in ${c}`;
  return c;
}

/** What the step got: the call's result and the thread's return, if it returned. */
export function stepOutcome(s: TraceFileStep): string {
  const parts: string[] = [];
  if (s.phase !== 'enter' && s.result !== null) parts.push(formatValue(s.result));
  if (s.returned) parts.push(`returns ${formatValue(s.returned)}`);
  return parts.join(', ') || '-';
}

/** One row of a step table. */
export interface StepRow {
  /** 1-based. */
  readonly n: number;
  readonly actor: string;
  readonly action: string;
  readonly outcome: string;
  readonly notes: readonly string[];
}

export function stepRows(t: TraceFile): StepRow[] {
  return t.steps.map((s, i) => ({ n: i + 1, actor: s.actor, action: stepAction(s), outcome: stepOutcome(s), notes: s.notes }));
}

const md = (s: string) => s.replace(/\|/g, '\\|');

/** The rows as a markdown table. */
export function markdownStepRows(rows: readonly StepRow[]): string {
  const lines = ['| # | thread | step | result | what it means |', '|---|---|---|---|---|'];
  for (const r of rows) lines.push(`| ${r.n} | ${md(r.actor)} | \`${md(r.action)}\` | ${md(r.outcome)} | ${md(r.notes.join('; '))} |`);
  return lines.join('\n');
}

/** A trace's step table in markdown. */
export function markdownStepTable(t: TraceFile): string {
  return markdownStepRows(stepRows(t));
}
