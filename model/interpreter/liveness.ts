/**
 * Dead registers (live-variable analysis, as SPIN's dead-variable reduction): a register that no
 * path of its thread's program reads before writing it again holds a value nothing will ever use.
 * The interpreter clears such registers (to none) after every step, so that worlds which differ
 * only in a value no one will read are one state, not several. Nothing else reads a thread's
 * registers (invariants judge steps and results, never registers), so clearing changes no step's
 * effect, description or verdict.
 *
 * The analysis is the textbook backward fixpoint over the program's control flow
 * (model/strategy/control-flow.ts; a retrying killer's return flows back to instruction 0 with its
 * registers kept): an instruction reads the registers its operands and conditions name, and writes
 * its `into` (a blocking call writes it when it completes, after its operands were read) or a
 * `set`'s register.
 */
import type { Instance } from '../instance.ts';
import { restartsOf } from '../instance.ts';
import type { Program } from '../strategy/types.ts';
import type { ThreadState } from '../world.ts';
import { registersRead, registersWritten } from '../strategy/instr-registers.ts';
import { successors } from '../strategy/control-flow.ts';

/** Per thread: for each pc (and the program's end), a mask of live register indices; null: no clearing (over 31 registers). */
const plans = new WeakMap<Instance, (Int32Array | null)[]>();

/** Live-in masks per pc (index `program.length`: the end) of one program. */
function liveMasks(inst: Instance, program: Program, restart: boolean): Int32Array | null {
  if (inst.regIndex.size > 31) return null;
  const bit = (name: string): number => 1 << inst.regIndex.get(name)!;
  const L = program.length;
  const reads = new Int32Array(L);
  const writes = new Int32Array(L);
  program.forEach((ins, pc) => {
    for (const r of registersRead(ins)) if (inst.regIndex.has(r)) reads[pc]! |= bit(r);
    for (const r of registersWritten(ins)) writes[pc]! |= bit(r);
  });
  const live = new Int32Array(L + 1);
  for (let changed = true; changed; ) {
    changed = false;
    live[L] = restart ? live[0]! : 0;
    for (let pc = L - 1; pc >= 0; pc--) {
      const ins = program[pc]!;
      let out = 0;
      for (const n of successors(ins, pc, restart)) out |= live[n] ?? 0;
      const v = reads[pc]! | (out & ~writes[pc]!);
      if (v !== live[pc]) {
        live[pc] = v;
        changed = true;
      }
    }
    if (restart && live[L] !== live[0]) changed = true;
  }
  return live;
}

function planOf(inst: Instance): (Int32Array | null)[] {
  let plan = plans.get(inst);
  if (!plan) {
    const cache = new Map<string, Int32Array | null>();
    plan = inst.threads.map((spec, t) => {
      const restart = restartsOf(inst, t) > 0;
      const key = `${spec.role}${restart}`;
      if (!cache.has(key)) cache.set(key, liveMasks(inst, spec.program, restart));
      return cache.get(key)!;
    });
    plans.set(inst, plan);
  }
  return plan;
}

/**
 * Clear thread t's dead registers at its pc (`th` is the stepping thread's own copy), and drop
 * trailing nones so that equal contents have equal lengths.
 */
export function clearDeadRegisters(inst: Instance, t: number, th: ThreadState): void {
  const live = planOf(inst)[t];
  if (!live || th.regs.length === 0) return;
  const mask = live[th.pc] ?? 0;
  const regs = th.regs;
  let last = -1;
  for (let i = 0; i < regs.length; i++) {
    if (regs[i] === null) continue;
    if (mask & (1 << i)) last = i;
    else regs[i] = null;
  }
  regs.length = last + 1;
}
