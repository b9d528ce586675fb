/**
 * Which registers an instruction reads and writes: what the register analyses of a program need
 * (validation's kinds, validate-kinds.ts; dead registers, model/interpreter/liveness.ts; which
 * registers setup alone fills, properties/por.ts). A blocking call writes its `into` when it
 * completes, after its operands were read.
 */
import type { Instr, Operand } from './types.ts';
import { condOperands } from './conditions.ts';

/** The operands an instruction reads directly: its value, pid, id, fd or `of` operands and those of its condition. */
export function operandsOf(ins: Instr): Operand[] {
  const conds = 'if' in ins && ins.if ? condOperands(ins.if) : [];
  const own = (['value', 'orElse', 'expect', 'pid', 'id', 'fd', 'of'] as const).flatMap((f) => (f in ins ? [(ins as Record<string, unknown>)[f] as Operand] : []));
  return [...own, ...conds].filter((o) => o !== undefined);
}

/** The registers an instruction reads (inside `error(...)` operands too). */
export function registersRead(ins: Instr): string[] {
  const out: string[] = [];
  const visit = (op: Operand): void => {
    if ('reg' in op) out.push(op.reg);
    else if ('error' in op) visit(op.error);
    else if ('pidOf' in op) visit(op.pidOf);
    else if ('sum' in op) op.sum.forEach(visit);
  };
  operandsOf(ins).forEach(visit);
  return out;
}

/** The registers an instruction writes. */
export function registersWritten(ins: Instr): string[] {
  if (ins.op === 'set') return [ins.reg];
  if ('into' in ins && ins.into !== undefined) return [ins.into];
  return [];
}
