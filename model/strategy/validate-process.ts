/**
 * Validation of what a thread may name once the strategy is process-wide (model-spec §5, as the
 * process-wide layer extends it): the loop belongs to no child, so it names a child only by index
 * (`pidOf(i)`, a variable's `of`), never as `CHILD`, and takes only process-wide locks and conds;
 * `of` picks a child's copy of a per-child variable, so it makes no sense on a process-wide one.
 */
import type { Instr, Operand, Strategy } from './types.ts';
import { located } from './validate-instr.ts';
import { operandsOf } from './instr-registers.ts';

/** Does `op` (or an operand inside it) name the thread's own child? */
function namesChild(op: Operand): boolean {
  if ('child' in op) return true;
  if ('error' in op) return namesChild(op.error);
  if ('pidOf' in op) return namesChild(op.pidOf);
  if ('sum' in op) return op.sum.some(namesChild);
  return false;
}

const VAR_OPS = new Set(['read', 'write', 'cas', 'add']);

function instrProblems(ins: Instr, loop: boolean, processVars: ReadonlySet<string>, processSync: ReadonlySet<string>): string[] {
  const out: string[] = [];
  if (loop && operandsOf(ins).some(namesChild)) out.push('CHILD is a thread\'s own child, and the loop belongs to no child — name one with pidOf(i)');
  if (VAR_OPS.has(ins.op)) {
    const v = ins as Extract<Instr, { op: 'read' | 'write' | 'cas' | 'add' }>;
    if (v.of !== undefined && processVars.has(v.var)) out.push(`${v.var} is process-wide (one copy): of names a child's copy of a per-child variable — leave it out`);
    if (v.of === undefined && loop && !processVars.has(v.var)) out.push(`${v.var} is a per-child variable, and the loop belongs to no child — say whose copy with of (a child index), or declare it in process.vars`);
  }
  if (loop) {
    const names = 'lock' in ins ? [ins.lock] : ins.op === 'cond_wait' ? [ins.cond, ins.mutex] : 'cond' in ins ? [ins.cond] : [];
    for (const n of names) if (!processSync.has(n)) out.push(`${n} is per-child, and the loop belongs to no child — declare it in process.mutexes, process.rwlocks or process.conds`);
  }
  return out;
}

/** Every problem of a well-formed strategy with what its threads name (empty for a strategy that names nothing process-wide). */
export function processProblems(s: Strategy): string[] {
  const p = s.process ?? {};
  const processVars = new Set(Object.keys(p.vars ?? {}));
  const processSync = new Set([...(p.mutexes ?? []), ...(p.rwlocks ?? []), ...(p.conds ?? [])]);
  const programs = Object.entries(s.roles).filter((e): e is [string, readonly Instr[]] => e[1] !== undefined);
  if (s.setup) programs.unshift(['setup', s.setup]);
  return programs.flatMap(([role, prog]) => prog.flatMap((ins, pc) => instrProblems(ins, role === 'loop', processVars, processSync).map((m) => `${located(role, pc, ins.op)}: ${m}`)));
}
