/**
 * The text report of `reapcheck check`: per cell a heading, then per invariant one line —
 * `holds (exhaustive, N states)`, `n/a`, or `VIOLATED` with the message and the shortest
 * counterexample — and a closing verdict line.
 */
import { INVARIANT_NAMES } from '../../properties/invariants.ts';
import type { InvariantName } from '../../properties/invariants.ts';
import type { CellVerdict, InvariantVerdict } from '../../properties/verdict.ts';
import { isIncomplete } from '../../properties/verdict.ts';
import { boundText } from '../../properties/bounds.ts';
import type { Scope } from '../../model/scope.ts';
import type { Cell } from '../cells.ts';
import { scopeText } from '../scope-flag.ts';
import { formatTrace } from './step-table.ts';
import type { TraceFile } from '../../properties/trace.ts';
import { createInstance } from '../../model/instance.ts';
import { guardTrace, GuardRefusal } from '../../real/index.ts';
import { traceSteps } from '../real-replays.ts';

/** Why `replay --real` would refuse this trace before running it (the guard's one line), or null. */
function linuxRefusal(t: TraceFile): string | null {
  try {
    guardTrace(createInstance(t.strategy, t.scenario, t.scope), traceSteps(t));
    return null;
  } catch (e) {
    if (e instanceof GuardRefusal) return e.message.replace(/^reapcheck: the real-replay guard refuses this trace before running anything: /, '');
    throw e;
  }
}

const NAME_WIDTH = Math.max(...INVARIANT_NAMES.map((n) => n.length)) + 2;

/** How a `holds` was established, in the words of the issue: `exhaustive, N states`. */
function holdsText(v: CellVerdict, scope: Scope): string {
  if (v.method === 'random') return `holds (random: ${v.runs} schedules, seed ${v.seed}; not a proof)`;
  // A search cut at maxSteps has not seen every world: say how far the guarantee goes.
  const how = v.truncated ? `${v.method} up to ${scope.maxSteps} steps` : v.method;
  return `holds (${how}, ${v.states} states)`;
}

/** What an undecided invariant is known to do: nothing, or hold for every schedule up to some depth. */
function incompleteText(v: CellVerdict): string {
  const b = v.incomplete;
  const where = b ? `stopped at ${boundText(b)}` : 'stopped at a bound';
  if (v.method === 'random') return `incomplete (${where}; no violation in the schedules run)`;
  const deep = b && b.depth >= 1 ? `; no violation in any schedule of up to ${b.depth} steps` : '';
  return `incomplete (${where}${deep})`;
}

function naReason(name: InvariantName): string {
  if (name === 'no-stale-poll') return 'n/a (no poll thread in this scenario)';
  return name === 'no-kill-error' ? 'n/a (no kill thread in this scenario)' : 'n/a';
}

function cellLines(cell: Cell, scope: Scope): string[] {
  const v = cell.verdict;
  if (!cell.applies) return [`${v.strategy} × ${v.scenario}: n/a (${cell.whyNot ?? 'the scenario does not apply'})`];
  if (cell.error !== undefined) return [`${v.strategy} × ${v.scenario}: ERROR: ${cell.error}`];
  const early = v.stoppedEarly ? '; stopped early: every invariant was already violated' : v.incomplete ? `; stopped at ${boundText(v.incomplete)}` : '';
  const size = v.method === 'random' ? `${v.states} schedules run (seed ${v.seed})` : `${v.states} states, ${v.transitions} transitions`;
  // A process-wide scenario grows the scope to its children: say so where it happens.
  const grown = cell.scope && scopeText(cell.scope) !== scopeText(scope) ? ` (scope: ${scopeText(cell.scope)})` : '';
  // Levels that outgrew their share of the memory bound went to disk: say so, it explains the time.
  const disk = v.spilled ? `; levels written to disk: ${(v.spilled / 2 ** 20).toFixed(1)} MiB` : '';
  const lines = [`${v.strategy} × ${v.scenario}: ${v.method} search, ${size}, ${v.seconds.toFixed(2)} s${disk}${early}${grown}`];
  // The built-in invariants, then the file's own (`export const invariants`): their traces are
  // shown, not written, since `replay` judges the built-in invariants by name.
  const rows: [string, InvariantVerdict, boolean][] = [
    ...INVARIANT_NAMES.map((n): [string, InvariantVerdict, boolean] => [n, v.invariants[n], false]),
    ...Object.entries(v.custom ?? {}).map(([n, iv]): [string, InvariantVerdict, boolean] => [n, iv, true]),
  ];
  for (const [name, iv, own] of rows) {
    const label = `  ${name.padEnd(Math.max(NAME_WIDTH, name.length + 2))}`;
    const tag = own ? ' (your invariant)' : '';
    if (iv.status === 'holds') lines.push(`${label}${holdsText(v, scope)}${tag}`);
    else if (iv.status === 'n/a') lines.push(`${label}${own ? 'n/a' : naReason(name as InvariantName)}`);
    else if (iv.status === 'incomplete') lines.push(`${label}${incompleteText(v)}`);
    else {
      lines.push(`${label}VIOLATED: ${iv.counterexample.message}${tag}`);
      const trace = own ? cell.customTraces?.[name] : cell.traces[name as InvariantName];
      if (trace) lines.push(...formatTrace(trace, '      '));
      const path = own ? undefined : cell.paths?.[name as InvariantName];
      if (path) lines.push(`      replay: reapcheck replay ${path}`);
      const refused = !own && trace && linuxRefusal(trace);
      if (refused) lines.push(`      on Linux: not replayable: ${refused}`);
    }
  }
  return lines;
}

/** The closing line: what was violated where, or that everything holds. */
function verdictLine(cells: readonly Cell[]): string {
  const errors = cells.filter((c) => c.error !== undefined).map((c) => c.verdict.scenario);
  if (errors.length > 0) return `ERROR in ${errors.join(', ')}: the strategy is wrong there (see above); fix it and check again`;
  const bad = cells
    .map((c) => ({ c, names: [...INVARIANT_NAMES.filter((n) => c.verdict.invariants[n].status === 'violated'), ...Object.keys(c.verdict.custom ?? {}).filter((n) => c.verdict.custom![n]!.status === 'violated')] }))
    .filter((x) => x.names.length > 0)
    .map(({ c, names }) => `${cells.some((o) => o.verdict.strategy !== c.verdict.strategy) ? `${c.verdict.strategy} × ` : ''}${c.verdict.scenario}: ${names.join(', ')}`);
  if (bad.length > 0) return `VIOLATED in ${bad.join('; ')}`;
  const cut = cells.filter((c) => isIncomplete(c.verdict)).map((c) => c.verdict.scenario);
  if (cut.length > 0) return `INCOMPLETE in ${cut.join(', ')}: a bound stopped the search before every invariant was decided; raise it to decide the rest`;
  const checked = cells.filter((c) => c.applies);
  if (checked.length === 0) return 'nothing checked: no scenario named applies to the strategy';
  const states = checked.reduce((s, c) => s + c.verdict.states, 0);
  return `every invariant holds in ${checked.length} scenario${checked.length === 1 ? '' : 's'} (${states} states in total)`;
}

/** The whole report of `check`, ending with a newline. */
export function formatCheckReport(cells: readonly Cell[], scope: Scope): string {
  const lines: string[] = [];
  for (const cell of cells) lines.push(...cellLines(cell, scope), '');
  lines.push(`scope: ${scopeText(scope)}`);
  lines.push(verdictLine(cells));
  return `${lines.join('\n')}\n`;
}
