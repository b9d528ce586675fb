/**
 * Executing one instruction of a strategy thread on a world (already a copy: it is mutated):
 * local instructions, shared variables, locks and condition variables here, syscalls through
 * syscalls.ts. What happens next to the thread (go on, jump, block, return) is the `Flow`.
 */
import type { Instr } from '../strategy/types.ts';
import type { World, ThreadState } from '../world.ts';
import { threadOf, writableVars } from '../world.ts';
import type { Instance } from '../instance.ts';
import type { Result, Value } from '../values.ts';
import { isResult, valueEquals, formatValue } from '../values.ts';
import type { StepEvents } from '../ghost.ts';
import { InternalError, StrategyError } from '../errors.ts';
import type { Site } from './operands.ts';
import { childIndex, evalCond, evalOperand, where } from './operands.ts';
import type { StepCall } from './step-info.ts';
import { QUIET_CALL } from './step-info.ts';
import { execSyscall } from './syscalls.ts';
import { acquire, condWaiters, lockFree, lockIdx, racquire, release, rrelease, varIdx } from './sync.ts';

/** Local instructions a thread may run in a row before it is judged to loop forever. */
export const LOCAL_RUN_LIMIT = 10_000;

export type Flow = { kind: 'next' } | { kind: 'jump'; to: number } | { kind: 'block' } | { kind: 'return'; result: Result };

export interface Executed {
  flow: Flow;
  call: StepCall;
  result: Value;
}

export function site(inst: Instance, t: number, pc: number): Site {
  // Made once per (thread, pc) of the last instance asked about: the search asks for sites of the
  // same few instructions millions of times (they only name where an error would be).
  if (inst !== siteInst) (siteInst = inst), (sites = []);
  const row = (sites[t + 1] ??= []);
  return (row[pc] ??= makeSite(inst, t, pc));
}

let siteInst: Instance | null = null;
let sites: Site[][] = [];

function makeSite(inst: Instance, t: number, pc: number): Site {
  const spec = inst.threads[t];
  const role = !spec || spec.name === 'setup' ? 'setup' : spec.role;
  if (spec?.loop) return { role, pc, loop: true };
  return spec?.child ? { role, pc, child: spec.child } : { role, pc };
}

export function applyFlow(th: ThreadState, flow: Flow): void {
  if (flow.kind === 'next') th.pc++;
  else if (flow.kind === 'jump') th.pc = flow.to;
  else if (flow.kind === 'return') th.result = flow.result;
}

export function setReg(inst: Instance, th: ThreadState, name: string, v: Value): void {
  const i = inst.regIndex.get(name);
  if (i === undefined) throw new Error(`[reapcheck internal bug] register ${name} has no index`);
  while (th.regs.length <= i) th.regs.push(null);
  th.regs[i] = v;
}

/** A variable as a trace names it: `handle`, or `handle[1]` for child 1's copy named through `of`. */
export function varText(name: string, of: number | undefined): string {
  return of === undefined ? name : `${name}[${of}]`;
}

/** Flows without data are shared: they are only read (`applyFlow`). */
const NEXT: Flow = Object.freeze({ kind: 'next' });
const BLOCK: Flow = Object.freeze({ kind: 'block' });

/**
 * Execute one instruction. `ev` is null only for local instructions. `quiet` (the exhaustive
 * search) leaves the call undescribed (QUIET_CALL): no names, argument arrays or value texts.
 */
export function execInstr(inst: Instance, w: World, t: number, pc: number, ins: Instr, choice: number | undefined, ev: StepEvents | null, quiet = false): Executed {
  const th = w.threads[t]!;
  const s = site(inst, t, pc);
  switch (ins.op) {
    case 'jump':
      return { call: quiet ? QUIET_CALL : { name: ins.op, args: [] }, result: null, flow: !ins.if || evalCond(inst, th.regs, ins.if, s) ? { kind: 'jump', to: ins.to } : NEXT };
    case 'set':
      setReg(inst, th, ins.reg, evalOperand(inst, th.regs, ins.value, s));
      return { call: quiet ? QUIET_CALL : { name: ins.op, args: [] }, result: null, flow: NEXT };
    case 'return': {
      if (ins.if && !evalCond(inst, th.regs, ins.if, s)) return { call: quiet ? QUIET_CALL : { name: ins.op, args: [] }, result: null, flow: NEXT };
      let v = evalOperand(inst, th.regs, ins.value, s);
      if (v === null && ins.orElse) v = evalOperand(inst, th.regs, ins.orElse, s);
      if (!isResult(v)) throw new StrategyError(`${where(s)}: returns ${formatValue(v)}, which is not a result (a status, running, already-exited or error)`);
      return { call: quiet ? QUIET_CALL : { name: ins.op, args: [] }, result: null, flow: { kind: 'return', result: v } };
    }
    case 'read': {
      const of = ins.of && childIndex(inst, th.regs, ins.of, `read of ${ins.var}`, s);
      const v = w.vars[varIdx(inst, ins.var, s, of)]!;
      setReg(inst, th, ins.into, v);
      return { call: quiet ? QUIET_CALL : { name: 'read', args: [varText(ins.var, of)] }, result: v, flow: NEXT };
    }
    case 'write': {
      const of = ins.of && childIndex(inst, th.regs, ins.of, `write of ${ins.var}`, s);
      const v = evalOperand(inst, th.regs, ins.value, s);
      writableVars(w)[varIdx(inst, ins.var, s, of)] = v;
      return { call: quiet ? QUIET_CALL : { name: 'write', args: [varText(ins.var, of), formatValue(v)] }, result: null, flow: NEXT };
    }
    case 'cas': {
      const of = ins.of && childIndex(inst, th.regs, ins.of, `cas of ${ins.var}`, s);
      const i = varIdx(inst, ins.var, s, of);
      const expect = evalOperand(inst, th.regs, ins.expect, s);
      const swapped = valueEquals(w.vars[i]!, expect);
      if (swapped) writableVars(w)[i] = evalOperand(inst, th.regs, ins.value, s);
      if (ins.into) setReg(inst, th, ins.into, swapped);
      return { call: quiet ? QUIET_CALL : { name: 'cas', args: [varText(ins.var, of)] }, result: swapped, flow: NEXT };
    }
    case 'add': {
      const of = ins.of && childIndex(inst, th.regs, ins.of, `add of ${ins.var}`, s);
      const i = varIdx(inst, ins.var, s, of);
      const cur = w.vars[i];
      const inc = evalOperand(inst, th.regs, ins.value, s);
      if (typeof cur !== 'number' || typeof inc !== 'number') throw new StrategyError(`${where(s)}: add needs numbers (${ins.var} is ${formatValue(cur ?? null)})`);
      writableVars(w)[i] = cur + inc;
      if (ins.into) setReg(inst, th, ins.into, cur + inc);
      return { call: quiet ? QUIET_CALL : { name: 'add', args: [varText(ins.var, of), inc] }, result: cur + inc, flow: NEXT };
    }
    case 'lock':
      acquire(w, lockIdx(inst, ins.lock, s), t);
      return { call: quiet ? QUIET_CALL : { name: 'lock', args: [ins.lock] }, result: null, flow: NEXT };
    case 'trylock': {
      const i = lockIdx(inst, ins.lock, s);
      const got = lockFree(w, i);
      if (got) acquire(w, i, t);
      setReg(inst, th, ins.into, got);
      return { call: quiet ? QUIET_CALL : { name: 'trylock', args: [ins.lock] }, result: got, flow: NEXT };
    }
    case 'unlock':
      release(inst, w, lockIdx(inst, ins.lock, s), t, s);
      return { call: quiet ? QUIET_CALL : { name: 'unlock', args: [ins.lock] }, result: null, flow: NEXT };
    case 'rlock':
      racquire(w, lockIdx(inst, ins.lock, s), t);
      return { call: quiet ? QUIET_CALL : { name: 'rlock', args: [ins.lock] }, result: null, flow: NEXT };
    case 'runlock':
      rrelease(inst, w, lockIdx(inst, ins.lock, s), t, s);
      return { call: quiet ? QUIET_CALL : { name: 'runlock', args: [ins.lock] }, result: null, flow: NEXT };
    case 'cond_wait': {
      // Step 1 of 2: release the mutex and start waiting (model-spec §4).
      release(inst, w, lockIdx(inst, ins.mutex, s), t, s);
      th.block = { kind: 'cond', notified: false };
      return { call: quiet ? QUIET_CALL : { name: 'cond_wait', args: [ins.cond, ins.mutex] }, result: null, flow: BLOCK };
    }
    case 'notify_all':
    case 'notify_one': {
      const waiters = condWaiters(inst, w, ins.cond, s.child ?? 0);
      const woken = ins.op === 'notify_all' ? waiters : waiters.filter((x) => x === (choice ?? waiters[0]));
      for (const x of woken) {
        // A new thread object and block: the old ones may be shared with the world before the step (world.ts `stepCopy`).
        const o = w.threads[x]!;
        if (o.block?.kind === 'cond') w.threads[x] = threadOf(o.pc, o.regs, { kind: 'cond', notified: true }, o.result, o.started, o.childDoneAtStart, o.round);
      }
      return { call: quiet ? QUIET_CALL : { name: ins.op, args: [ins.cond] }, result: woken.length, flow: NEXT };
    }
    case 'atomic':
      throw new StrategyError(`${where(s)}: atomic blocks cannot be nested`);
    case 'block_forever':
      // threadEnabled never lets it run; validation keeps it out of atomic blocks and setup.
      throw new InternalError(`${where(s)}: block_forever was run`);
    default: {
      const out = execSyscall(inst, w, th.regs, ins, choice, ev!, s, quiet);
      if (out.kind === 'block') {
        th.block = ins.op === 'poll' ? { kind: 'poll', inc: out.inc } : { kind: 'wait', inc: out.inc };
        return { call: out.call, result: null, flow: BLOCK };
      }
      if (ins.into) setReg(inst, th, ins.into, out.result);
      return { call: out.call, result: out.result, flow: NEXT };
    }
  }
}
