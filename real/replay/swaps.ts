/**
 * The values a `cas` or an `add` hands to Linux: the word's expected value and its new one
 * (printed, as the values table holds them), for every call of a step, atomic blocks included.
 * A trace does not print them (a cas shows only its variable, an add its increment), and the
 * real side never interprets a strategy, so the model supplies them:
 *
 * 1. `add`: the model's call names the increment and its result is the new value, so the
 *    expected one is the result minus the increment (model-spec §4: one read-modify-write step).
 * 2. `cas`: its expected and new values are operands (registers, literals, sums) evaluated just
 *    before it runs. Inside an atomic block earlier instructions of the same block may have set
 *    those registers (Go's Load, then CompareAndSwap), so the step's instructions are run again
 *    by the model's own `execInstr` on a copy of the world before the step, reading each cas's
 *    operands just before it executes. A cas as a step of its own is the same walk of one
 *    instruction.
 * 3. The walk is checked against the model's description of the step (`Transition.info`): the
 *    same calls with the same results, or it is an internal bug, reported as such — never a
 *    wrong value sent to Linux without notice. This is why the walk may be simpler than the
 *    model's `runAtomic` (thread-step.ts): it takes the step's choice as given, which is what
 *    `runAtomic` does for every step the model enumerates.
 */
import type { Instance } from '../../model/instance.ts';
import type { Transition } from '../../model/transitions.ts';
import { cloneWorld } from '../../model/world.ts';
import { noEvents } from '../../model/ghost.ts';
import { formatValue } from '../../model/values.ts';
import type { Value } from '../../model/values.ts';
import { LOCAL_OPS } from '../../model/strategy/types.ts';
import { evalOperand } from '../../model/interpreter/operands.ts';
import { applyFlow, execInstr, LOCAL_RUN_LIMIT, site } from '../../model/interpreter/exec-instr.ts';
import { callText } from '../../model/interpreter/step-info.ts';
import type { StepCall } from '../../model/interpreter/step-info.ts';

/** A cas's or add's expected and new values, printed (`formatValue`, as the model compares them). */
export interface Swap {
  readonly expect: string;
  readonly value: string;
}

const NONE: readonly (Swap | undefined)[] = Object.freeze([]);

const isRmw = (c: StepCall) => c.name === 'cas' || c.name === 'add';

/** One entry per call of step `tr` (its `call`, then its `more`): the swap of a cas or add, else undefined. */
export function swapsOf(inst: Instance, tr: Transition): readonly (Swap | undefined)[] {
  const info = tr.info;
  const calls = [{ call: info.call, result: info.result }, ...info.more];
  if (tr.step.kind !== 'thread' || info.phase !== 'call' || !calls.some((c) => isRmw(c.call))) return NONE;
  const cas = calls.some((c) => c.call.name === 'cas') ? casSwaps(inst, tr, tr.step.thread, tr.step.choice, calls) : [];
  let k = 0;
  return calls.map(({ call, result }) => {
    if (call.name === 'cas') return cas[k++];
    if (call.name !== 'add') return undefined;
    const inc = call.args[1];
    if (typeof result !== 'number' || typeof inc !== 'number') throw new Error(`[reapcheck internal bug] the model's ${callText(call)} returned ${formatValue(result)}, not a number`);
    return { expect: formatValue(result - inc), value: formatValue(result) };
  });
}

/** Walk step `tr`'s instructions again on a copy of the world before it; each cas's operands as it is reached. */
function casSwaps(inst: Instance, tr: Transition, t: number, choice: number | undefined, want: readonly { call: StepCall; result: Value }[]): Swap[] {
  const w = cloneWorld(tr.before);
  const th = w.threads[t]!;
  const program = inst.threads[t]!.program;
  const head = program[th.pc];
  const start = head?.op === 'atomic' ? th.pc + 1 : th.pc;
  const end = head?.op === 'atomic' ? start + head.len : start + 1;
  const ev = noEvents();
  const seen: string[] = [];
  const swaps: Swap[] = [];
  th.pc = start;
  for (let n = 0; th.pc >= start && th.pc < end && th.result === null; n++) {
    if (n > LOCAL_RUN_LIMIT) break; // the model's own step reported a block that never ends
    const ins = program[th.pc]!;
    if (ins.op === 'cas') {
      const at = site(inst, t, th.pc);
      swaps.push({ expect: formatValue(evalOperand(inst, th.regs, ins.expect, at)), value: formatValue(evalOperand(inst, th.regs, ins.value, at)) });
    }
    const ex = execInstr(inst, w, t, th.pc, ins, choice, ev);
    if (!LOCAL_OPS.has(ins.op)) seen.push(`${callText(ex.call)} = ${formatValue(ex.result)}`);
    applyFlow(th, ex.flow);
  }
  const model = want.map((c) => `${callText(c.call)} = ${formatValue(c.result)}`);
  if (seen.join('; ') !== model.join('; ')) {
    throw new Error(`[reapcheck internal bug] resolving the values of a cas, the step's instructions gave ${seen.join('; ')}; the model's step gave ${model.join('; ')}`);
  }
  return swaps;
}
