/**
 * The labels a strategy was written with (`Strategy.labels`, set by the builder) and the problems
 * as a reader of the strategy wants them: each naming the strategy, and the label an instruction
 * sits at or after ("role wait, instruction 5 (unlock; label retry + 2)"), not only its number.
 */
import { isIntIn, isRecord, show } from './validate-report.ts';

const PROGRAMS = ['setup', 'wait', 'kill', 'poll', 'loop'];

/** Every problem with `labels` as a strategy's labels: `{program: {label: index}}`. */
export function labelsProblems(labels: unknown): string[] {
  if (labels === undefined) return [];
  if (!isRecord(labels)) return [`labels: must be an object {program: {label: instruction}}, got ${show(labels)}`];
  const out: string[] = [];
  for (const [prog, map] of Object.entries(labels)) {
    if (!PROGRAMS.includes(prog)) out.push(`labels: unknown program ${show(prog)} — the programs are ${PROGRAMS.join(', ')}`);
    else if (!isRecord(map)) out.push(`labels.${prog}: must be an object {label: instruction}, got ${show(map)}`);
    else for (const [name, pc] of Object.entries(map)) if (!isIntIn(pc, 0, Number.MAX_SAFE_INTEGER)) out.push(`labels.${prog}.${name}: must be an instruction index, got ${show(pc)}`);
  }
  return out;
}

/** The label instruction `pc` of a program sits at ("label retry") or after ("label retry + 2"), if any. */
export function labelAt(map: Readonly<Record<string, number>> | undefined, pc: number): string | undefined {
  let best: [string, number] | undefined;
  for (const [name, at] of Object.entries(map ?? {})) if (at <= pc && (best === undefined || at > best[1])) best = [name, at];
  if (best === undefined) return undefined;
  return best[1] === pc ? `label ${best[0]}` : `label ${best[0]} + ${pc - best[1]}`;
}

const LOCATED = /^role (\w+), instruction (\d+)(?: \(([^)]*)\))?: /;

/**
 * `problem` (as strategyProblems words it) naming the strategy, and the label of its instruction
 * when the strategy has labels: `strategy x, role wait, instruction 5 (unlock; label retry + 2): …`.
 */
export function describeProblem(problem: string, name: unknown, labels: unknown): string {
  // A name that is itself the problem (empty, a newline in it) names nothing.
  const who = typeof name === 'string' && /^[A-Za-z0-9._-]+$/.test(name) ? `strategy ${name}, ` : '';
  const m = LOCATED.exec(problem);
  if (!m) return `${who}${problem}`;
  const [all, prog, pc, op] = m;
  const map = isRecord(labels) && isRecord(labels[prog!]) ? (labels[prog!] as Record<string, number>) : undefined;
  const label = labelAt(map, Number(pc));
  const inside = [op, label].filter((x) => x !== undefined).join('; ');
  return `${who}role ${prog}, instruction ${pc}${inside ? ` (${inside})` : ''}: ${problem.slice(all!.length)}`;
}
