/**
 * Where an instruction may flow next: the static control flow that the analyses of a program
 * share (dead registers, model/interpreter/liveness.ts; what a thread may still touch,
 * properties/por-footprints.ts). A jump goes to its target (and on, when conditional); a return
 * ends the program (and goes on, when conditional) — except for a killer that retries (scope
 * `retries`), whose return starts its program again; `block_forever` goes nowhere; every other
 * instruction goes on. An
 * `atomic` goes on into its own body, which is written inline after it. Index `program.length`
 * is the end of the program (a program that runs off its end is a StrategyError at run time).
 */
import type { Instr } from './types.ts';

export function successors(ins: Instr, pc: number, restart: boolean): number[] {
  const out: number[] = [];
  if (ins.op === 'block_forever') return out;
  if (ins.op === 'jump') {
    out.push(ins.to);
    if (ins.if) out.push(pc + 1);
  } else if (ins.op !== 'return' || ins.if) out.push(pc + 1);
  if (ins.op === 'return' && restart) out.push(0);
  return out;
}
