/**
 * A counterexample as a numbered step table: who acted, at which instruction, what it did (the
 * resolved call, as `callText` prints it), what it got back, and what the thread returned. For a
 * deadlock, the blocked threads and what each waits for follow the table (style.md §6).
 */
import { callText } from '../../model/interpreter/step-info.ts';
import type { StepInfo } from '../../model/interpreter/step-info.ts';
import { formatValue } from '../../model/values.ts';
import type { Value } from '../../model/values.ts';
import type { Counterexample } from '../../properties/verdict.ts';
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
function mainCall(info: StepInfo): [string, string] {
  const did = callText(info.call);
  if (info.phase === 'enter') return [did, 'blocks'];
  if (info.phase === 'complete') return [`${did} wakes`, resultText(info.call.name, info.result)];
  return [did, resultText(info.call.name, info.result)];
}

/** The table's rows: one per step, plus one per further call of an atomic step (marked `+`). */
function rows(cx: Counterexample): string[][] {
  const out: string[][] = [];
  cx.steps.forEach(({ info }, i) => {
    const [did, result] = mainCall(info);
    const returns = info.returned ? `returns ${formatValue(info.returned)}` : '';
    // An atomic step returns at its end: put "returns" on its last line.
    const tail = info.more.length === 0 ? returns : '';
    out.push([String(i + 1), info.actor, info.pc === undefined ? '' : String(info.pc), did, result, tail]);
    info.more.forEach((m, j) => {
      out.push(['', '', '', `+ ${callText(m.call)}`, resultText(m.call.name, m.result), j === info.more.length - 1 ? returns : '']);
    });
  });
  return out;
}

/** The counterexample's lines, each prefixed with `indent`. */
export function formatCounterexample(cx: Counterexample, indent: string): string[] {
  const n = cx.steps.length;
  const lines = [`${indent}shortest counterexample, ${n} step${n === 1 ? '' : 's'}${cx.blocked ? ', then no step of anything is enabled' : ''}:`];
  if (n > 0) {
    lines.push(...renderTable(['step', 'actor', 'pc', 'did', 'result', 'returns'], rows(cx), { indent: `${indent}  `, align: ['right', 'left', 'right'] }));
  }
  if (cx.blocked && cx.blocked.length > 0) {
    lines.push(`${indent}blocked threads:`);
    for (const b of cx.blocked) lines.push(`${indent}  ${b.thread} waits for ${b.waitsFor}`);
  }
  return lines;
}
