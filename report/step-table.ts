/**
 * A trace as a numbered step table for the terminal and for markdown: who acted, what it did,
 * what it got, and the ghost facts that matter.
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

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** The plain-text table, one line per step (and one per ghost note), columns aligned. */
export function textStepTable(t: TraceFile): string {
  const rows = t.steps.map((s, i) => [String(i + 1), s.actor, stepAction(s), stepOutcome(s)] as const);
  const w = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c]!.length), 4));
  const lines: string[] = [];
  rows.forEach((r, i) => {
    lines.push(`  ${pad(r[0], w[0]!)}  ${pad(r[1], w[1]!)}  ${pad(r[2], w[2]!)}  ${r[3]}`);
    for (const n of t.steps[i]!.notes) lines.push(`  ${' '.repeat(w[0]! + w[1]! + 4)}· ${n}`);
  });
  return lines.join('\n');
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
