/**
 * One step of a strategy thread: complete a blocked call, or run one visible instruction (or one
 * `atomic` block); then the thread's local instructions (`jump`, `set`, `return`) up to its next
 * visible one. Local instructions touch only the thread's registers, so running them with the step
 * before changes no verdict and keeps the search small (a `return` moved earlier can only see the
 * child *less* finished, and the schedule that runs it at once exists anyway).
 */
import type { Instr, Op } from '../strategy/types.ts';
import { isLocalOp } from './local-ops.ts';
import { instrOf, opsOf } from './op-table.ts';
import type { World } from '../world.ts';
import { cloneWorld, managedChild } from '../world.ts';
import type { Instance } from '../instance.ts';
import { restartsOf } from '../instance.ts';
import type { Value } from '../values.ts';
import type { StepEvents } from '../ghost.ts';
import { noEvents } from '../ghost.ts';
import { StrategyError } from '../errors.ts';
import { waitCanComplete, zombieChildren } from '../kernel/wait.ts';
import { pollCanComplete } from '../kernel/pidfd.ts';
import { evalOperand, where } from './operands.ts';
import type { StepCall, StepInfo } from './step-info.ts';
import { QUIET_CALL, QUIET_INFO } from './step-info.ts';
import type { SyscallInstr } from './syscalls.ts';
import { completeSyscall } from './syscalls.ts';
import { clearDeadRegisters } from './liveness.ts';
import { acquire, condWaiters, lockFree, lockIdx, rlockFree } from './sync.ts';
import { applyFlow, execInstr, LOCAL_RUN_LIMIT, setReg, site } from './exec-instr.ts';

/** Is thread `t` able to take a step in world `w`? */
export function threadEnabled(inst: Instance, w: World, t: number, ops: readonly (readonly Op[])[] = opsOf(inst)): boolean {
  const th = w.threads[t]!;
  if (th.result !== null) return false;
  const op = ops[t]![th.pc];
  const program = inst.threads[t]!.program;
  if (th.block) {
    switch (th.block.kind) {
      case 'wait':
        return waitCanComplete(w, th.block.inc);
      case 'poll':
        return pollCanComplete(w, th.block.inc);
      case 'cond':
        return th.block.notified && op === 'cond_wait' && lockFree(w, lockIdx(inst, instrOf(program, th.pc, op).mutex, site(inst, t, th.pc)));
    }
  }
  // Never enabled: the thread is blocked for good, and a world where only such threads are left is terminal.
  if (op === 'block_forever') return false;
  if (op === 'lock') return lockFree(w, lockIdx(inst, instrOf(program, th.pc, op).lock, site(inst, t, th.pc)));
  if (op === 'rlock') return rlockFree(w, lockIdx(inst, instrOf(program, th.pc, op).lock, site(inst, t, th.pc)));
  return true;
}

/** The branches of a determined step: one, shared (frozen: callers only read it). */
const DETERMINED = Object.freeze([undefined]) as unknown as (number | undefined)[];

/**
 * The branches of thread `t`'s next step: a `waitpid(-1)` that can reap one of several zombies, a
 * `notify_one` with several waiters. `[undefined]` when the step is determined.
 */
export function threadChoices(inst: Instance, w: World, t: number, ops: readonly (readonly Op[])[] = opsOf(inst)): (number | undefined)[] {
  const th = w.threads[t]!;
  const op = th.block ? undefined : ops[t]![th.pc];
  const program = inst.threads[t]!.program;
  if (op === 'atomic') return atomicChoices(inst, w, t);
  const pid = op === 'waitpid' ? evalOperand(inst, th.regs, instrOf(program, th.pc, op).pid, site(inst, t, th.pc)) : null;
  // pid 0 and pids below -1 are read as -1 (see syscalls.ts), so they branch like it.
  const anyWait = th.block?.kind === 'wait' ? th.block.inc === -1 : typeof pid === 'number' && pid <= 0;
  if (anyWait) {
    const z = zombieChildren(w);
    if (z.length > 1) return z.map((p) => p.pid);
  }
  if (op === 'notify_one') {
    const waiters = condWaiters(inst, w, instrOf(program, th.pc, op).cond, inst.threads[t]!.child ?? 0);
    if (waiters.length > 1) return waiters;
  }
  return DETERMINED;
}

/**
 * The branches of an atomic block: a dry run on a copy finds its first choice point (a
 * `waitpid(-1)` with several zombies, a `notify_one` with several waiters).
 * SIMPLIFICATION: only the first choice point of an atomic block branches; later ones in the same
 * block take their first option. No catalogue strategy has even one.
 */
function atomicChoices(inst: Instance, w: World, t: number): (number | undefined)[] {
  const probe: ChoiceProbe = { options: null };
  try {
    const copy = cloneWorld(w);
    runAtomic(inst, copy, t, (inst.threads[t]!.program[copy.threads[t]!.pc] as { len: number }).len, undefined, noEvents(), null, probe);
  } catch {
    return DETERMINED; // the real step reports the error
  }
  return probe.options && probe.options.length > 1 ? probe.options : DETERMINED;
}

/** Records the options of the first choice point an atomic block meets. */
interface ChoiceProbe {
  options: number[] | null;
}

function blankInfo(actor: string, pc?: number): StepInfo {
  return { actor, ...(pc !== undefined ? { pc } : {}), phase: 'call', call: { name: '?', args: [] }, result: null, returned: null, more: [] };
}

/**
 * Run thread `t`'s next step on `w` (already a copy: it is mutated). `quiet` (the exhaustive
 * search): describe nothing and return QUIET_INFO (step-info.ts).
 */
export function runThreadStep(inst: Instance, w: World, t: number, choice: number | undefined, ev: StepEvents, quiet = false): StepInfo {
  const th = w.threads[t]!;
  const spec = inst.threads[t]!;
  if (!th.started) {
    th.started = true;
    // Ghost for no-stale-poll: was the child already done just before the poll's first instruction?
    if (spec.role === 'poll') th.childDoneAtStart = managedChild(w, spec.child ?? 0).state !== 'running';
  }
  const info = quiet ? null : blankInfo(spec.name, th.pc);
  if (th.block) {
    const done = completeBlocked(inst, w, t, choice, ev, quiet);
    if (info) {
      info.phase = 'complete';
      info.call = done.call;
      info.result = done.result;
    }
    th.pc++;
  } else {
    const ins = spec.program[th.pc];
    if (!ins) throw new StrategyError(`${where(site(inst, t, th.pc))}: the program ends without a return`);
    const op = opsOf(inst)[t]![th.pc];
    if (op === 'atomic') {
      runAtomic(inst, w, t, instrOf(spec.program, th.pc, op).len, choice, ev, info, { options: null });
    } else {
      const ex = execInstr(inst, w, t, th.pc, ins, choice, ev, quiet);
      if (info) {
        info.call = ex.call;
        info.result = ex.result;
        if (ex.flow.kind === 'block') info.phase = 'enter';
      }
      applyFlow(th, ex.flow);
    }
  }
  if (th.result === null && th.block === null) runLocals(inst, w, t);
  if (th.result !== null) {
    if (info) info.returned = th.result;
    ev.returned = th.result;
    if ((th.round ?? 0) < restartsOf(inst, t)) {
      // A retrying killer (scope `retries`) runs its program again, keeping its registers (setup's fd among them).
      th.round = (th.round ?? 0) + 1;
      th.result = null;
      th.pc = 0;
      runLocals(inst, w, t);
    }
    if (th.result !== null) {
      th.regs = []; // nothing reads a returned thread's registers
      finish(inst, w, t);
    }
  }
  if (th.result === null) clearDeadRegisters(inst, t, th);
  return info ?? QUIET_INFO;
}

/** A returned thread's pc is its program's length (world.ts), so equal ends give equal keys. */
function finish(inst: Instance, w: World, t: number): void {
  const th = w.threads[t]!;
  if (th.result !== null) th.pc = inst.threads[t]!.program.length;
}

/** Run an atomic block; `info` null: a quiet step (nothing described). */
function runAtomic(inst: Instance, w: World, t: number, len: number, choice: number | undefined, ev: StepEvents, info: StepInfo | null, probe: ChoiceProbe): void {
  const th = w.threads[t]!;
  const start = th.pc + 1;
  const end = start + len;
  th.pc = start;
  if (info) info.call = { name: 'atomic', args: [len] };
  let n = 0;
  while (th.pc >= start && th.pc < end && th.result === null) {
    if (++n > LOCAL_RUN_LIMIT) throw new StrategyError(`${where(site(inst, t, th.pc))}: the atomic block never ends`);
    const ins = inst.threads[t]!.program[th.pc]!;
    // A lock would block while held, and nothing may block inside an atomic block (model-spec §2).
    if (ins.op === 'lock' || ins.op === 'rlock' || ins.op === 'atomic') {
      throw new StrategyError(`${where(site(inst, t, th.pc))}: ${ins.op} inside an atomic block`);
    }
    const options = probe.options === null ? choiceOptions(inst, w, t, ins) : null;
    let c = choice;
    if (options && options.length > 1) {
      probe.options = options;
      if (c === undefined || !options.includes(c)) c = options[0];
    }
    const ex = execInstr(inst, w, t, th.pc, ins, c, ev, info === null);
    if (ex.flow.kind === 'block') throw new StrategyError(`${where(site(inst, t, th.pc))}: ${ins.op} blocks inside an atomic block`);
    if (info && !isLocalOp(ins.op)) info.more.push({ call: ex.call, result: ex.result });
    applyFlow(th, ex.flow);
  }
  const first = info?.more.shift();
  if (info && first) {
    info.call = first.call;
    info.result = first.result;
  }
}

/** The options of a choice point at `ins` in `w`, or null when it is not one. */
function choiceOptions(inst: Instance, w: World, t: number, ins: Instr): number[] | null {
  if (ins.op === 'waitpid') {
    const pid = evalOperand(inst, w.threads[t]!.regs, ins.pid, site(inst, t, w.threads[t]!.pc));
    if (typeof pid === 'number' && pid <= 0) return zombieChildren(w).map((p) => p.pid);
  }
  if (ins.op === 'notify_one') return condWaiters(inst, w, ins.cond, inst.threads[t]!.child ?? 0);
  return null;
}

/** Run local instructions until the next visible one (or a return). */
export function runLocals(inst: Instance, w: World, t: number): void {
  const th = w.threads[t]!;
  const program = inst.threads[t]?.program ?? [];
  const ops = opsOf(inst)[t] ?? [];
  for (let n = 0; th.result === null; n++) {
    if (n > LOCAL_RUN_LIMIT) throw new StrategyError(`${where(site(inst, t, th.pc))}: loops forever without a visible step`);
    const ins = program[th.pc];
    if (!ins) throw new StrategyError(`${where(site(inst, t, th.pc))}: the program ends without a return`);
    if (!isLocalOp(ops[th.pc]!)) return;
    applyFlow(th, execInstr(inst, w, t, th.pc, ins, undefined, null, true).flow);
  }
}

function completeBlocked(inst: Instance, w: World, t: number, choice: number | undefined, ev: StepEvents, quiet: boolean): { call: StepCall; result: Value } {
  const th = w.threads[t]!;
  const ins = inst.threads[t]!.program[th.pc]!;
  const s = site(inst, t, th.pc);
  const block = th.block!;
  th.block = null;
  if (block.kind === 'cond') {
    if (ins.op !== 'cond_wait') throw new Error('[reapcheck internal bug] a cond block outside cond_wait');
    acquire(w, lockIdx(inst, ins.mutex, s), t);
    return { call: quiet ? QUIET_CALL : { name: 'cond_wait', args: [ins.cond, ins.mutex] }, result: null };
  }
  const done = completeSyscall(inst, w, th.regs, ins as SyscallInstr, block.inc, choice, ev, s, quiet);
  if ('into' in ins && ins.into) setReg(inst, th, ins.into, done.result);
  return done;
}


