/**
 * A trace's steps in words, and as a markdown table: who acted, what it did, what it got, and the
 * ghost facts that matter. The terminal table is cli/format/step-table.ts.
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

const md = (s: string) => s.replace(/\|/g, '\\|');

/** The same table in markdown. */
export function markdownStepTable(t: TraceFile): string {
  const lines = ['| # | thread | step | result | what it means |', '|---|---|---|---|---|'];
  t.steps.forEach((s, i) => {
    lines.push(`| ${i + 1} | ${md(s.actor)} | \`${md(stepAction(s))}\` | ${md(stepOutcome(s))} | ${md(s.notes.join('; '))} |`);
  });
  return lines.join('\n');
}
