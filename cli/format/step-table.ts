/**
 * A counterexample trace as a numbered step table for the terminal: who acted, at which
 * instruction, what it did (the resolved call), what it got back, what the thread returned, and
 * under each step the ghost facts that matter ("SIGKILL reached incarnation 2 of pid 100 (an
 * unrelated process)"). For a deadlock, the blocked threads and what each waits for follow the
 * table (style.md §6). `reapcheck check` and `reapcheck show` print the same table.
 */
import { callText } from '../../model/interpreter/step-info.ts';
import { formatValue } from '../../model/values.ts';
import type { Value } from '../../model/values.ts';
import type { TraceFile, TraceFileStep } from '../../properties/trace.ts';
import type { SpanRow } from './table.ts';
import { renderTable } from './table.ts';

/**
 * Calls whose `none` result is a value the thread saw (a shared variable holding none). For every
 * other call a null result only means "nothing to report" (a lock taken, an event happened), and
 * printing "none" there would read as if something had failed.
 */
const VALUE_CALLS = new Set(['read', 'cas', 'add', 'trylock']);

function resultText(name: string, result: Value): string {
  return result === null && !VALUE_CALLS.has(name) ? '' : formatValue(result);
}

/** The did/result cells of a step's main call, with the phase of a blocking call spelled out. */
function mainCall(s: TraceFileStep): [string, string] {
  const did = callText(s.call);
  if (s.phase === 'enter') return [did, 'blocks'];
  if (s.phase === 'complete') return [`${did} wakes`, resultText(s.call.name, s.result)];
  return [did, resultText(s.call.name, s.result)];
}

/** The table's rows: one per step, one per further call of an atomic step (`+`), one per ghost note (`·`). */
function rows(t: TraceFile): (string[] | SpanRow)[] {
  const out: (string[] | SpanRow)[] = [];
  t.steps.forEach((s, i) => {
    const [did, result] = mainCall(s);
    const returns = s.returned ? `returns ${formatValue(s.returned)}` : '';
    const more = s.more ?? [];
    // An atomic step returns at its end: put "returns" on its last line.
    out.push([String(i + 1), s.actor, s.pc === undefined ? '' : String(s.pc), did, result, more.length === 0 ? returns : '']);
    more.forEach((m, j) => out.push(['', '', '', `+ ${callText(m.call)}`, resultText(m.call.name, m.result), j === more.length - 1 ? returns : '']));
    for (const note of s.notes) out.push({ span: `· ${note}`, at: 3 });
  });
  return out;
}

/** The trace's lines, each prefixed with `indent`. */
export function formatTrace(t: TraceFile, indent: string): string[] {
  const n = t.steps.length;
  const how = t.engine === 'exhaustive' ? 'shortest counterexample (breadth-first)' : `counterexample (random, seed ${t.seed}, shrunk)`;
  const lines = [`${indent}${how}, ${n} step${n === 1 ? '' : 's'}${t.blocked ? ', then no step of anything is enabled' : ''}:`];
  if (n > 0) {
    lines.push(...renderTable(['step', 'actor', 'pc', 'did', 'result', 'returns'], rows(t), { indent: `${indent}  `, align: ['right', 'left', 'right'] }));
  }
  if (t.blocked && t.blocked.length > 0) {
    lines.push(`${indent}blocked threads:`);
    for (const b of t.blocked) lines.push(`${indent}  ${b.thread} waits for ${b.waitsFor}`);
  }
  return lines;
}
