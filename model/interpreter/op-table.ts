/**
 * Each thread's program as the ops of its instructions, per instance: `opsOf(inst)[t][pc]` is
 * `inst.threads[t].program[pc].op` (undefined past the end).
 *
 * Why: instructions of different ops are objects of different shapes, so every `ins.op` read in
 * the interpreter met more shapes than V8 keeps apart and went through its megamorphic load
 * (`Builtins_LoadIC_Megamorphic`, 2.2% of a reduced search in `perf`; `--log-ic` put those loads in
 * `threadEnabled`, `threadChoices` and `runLocals`, which ask every thread of every world, issue 16).
 * An element of an array of strings is one load of one shape; the instruction itself is read
 * only once its op is known.
 */
import type { Instr, Op } from '../strategy/types.ts';
import { perInstance } from '../instance-cache.ts';

export const opsOf = perInstance((inst): readonly (readonly Op[])[] => inst.threads.map((spec) => spec.program.map((ins) => ins.op)));

/** The instruction at `pc` of `program`, known to have op `op` (its op was read from `opsOf`). */
export function instrOf<O extends Op>(program: readonly Instr[], pc: number, _op: O): Extract<Instr, { op: O }> {
  return program[pc] as Extract<Instr, { op: O }>;
}
