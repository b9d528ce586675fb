/**
 * Reading operands and conditions from a thread's registers. Conditions read registers and
 * literals only, so evaluating one is never a step of its own.
 */
import type { Cond, Operand } from '../strategy/types.ts';
import type { Value } from '../values.ts';
import { ERRNOS, errorResult, formatValue, isSet, valueEquals } from '../values.ts';
import { comparisonOf, condText } from '../strategy/conditions.ts';
import type { Instance } from '../instance.ts';
import { StrategyError } from '../errors.ts';

/** Where an instruction sits, for error messages: "role wait, instruction 4". */
export interface Site {
  readonly role: string;
  readonly pc: number;
  /** The managed child the thread is bound to (absent: 0): what `CHILD` and shared names resolve to. */
  readonly child?: number;
  /** The process-wide loop: bound to no child. */
  readonly loop?: true;
}

export function where(site: Site): string {
  return `role ${site.role}, instruction ${site.pc}`;
}

export function evalOperand(inst: Instance, regs: readonly Value[], op: Operand, site: Site): Value {
  if ('lit' in op) return op.lit;
  if ('child' in op) {
    if (site.loop) throw new StrategyError(`${where(site)}: CHILD is a thread's own child, and the loop belongs to no child — name one with pidOf(i)`);
    return inst.childPids[site.child ?? 0]!;
  }
  if ('pidOf' in op) return inst.childPids[childIndex(inst, regs, op.pidOf, 'pidOf', site)]!;
  if ('children' in op) return inst.children;
  if ('sum' in op) {
    const a = evalOperand(inst, regs, op.sum[0], site);
    const b = evalOperand(inst, regs, op.sum[1], site);
    if (typeof a !== 'number' || typeof b !== 'number') throw new StrategyError(`${where(site)}: sum needs two numbers, got ${JSON.stringify(a)} and ${JSON.stringify(b)}`);
    return a + b;
  }
  if ('error' in op) {
    const e = evalOperand(inst, regs, op.error, site);
    if (typeof e !== 'string' || !(ERRNOS as readonly string[]).includes(e)) {
      throw new StrategyError(`${where(site)}: error(...) needs an errno, got ${JSON.stringify(e)}`);
    }
    return errorResult(e as (typeof ERRNOS)[number]);
  }
  const idx = inst.regIndex.get(op.reg);
  const v = idx === undefined ? null : (regs[idx] ?? null);
  if (op.field === undefined) return v;
  if (v === null) return null; // a field of a register never written reads as none
  if (typeof v !== 'object' || v.kind !== 'call') {
    throw new StrategyError(`${where(site)}: ${op.reg}.${op.field} reads a field, but ${op.reg} does not hold a syscall result`);
  }
  return v[op.field];
}

/**
 * Does `c` hold? `and` and `or` stop at the first operand that decides them, as the pseudo-code
 * does, so `r.pid == CHILD` after `not r.err` is never asked of a failed call. The integer
 * comparisons need numbers on both sides; anything else is the strategy's mistake.
 */
export function evalCond(inst: Instance, regs: readonly Value[], c: Cond, site: Site): boolean {
  if ('eq' in c) return valueEquals(evalOperand(inst, regs, c.eq[0], site), evalOperand(inst, regs, c.eq[1], site));
  if ('ne' in c) return !valueEquals(evalOperand(inst, regs, c.ne[0], site), evalOperand(inst, regs, c.ne[1], site));
  if ('set' in c) return isSet(evalOperand(inst, regs, c.set, site));
  if ('unset' in c) return !isSet(evalOperand(inst, regs, c.unset, site));
  if ('not' in c) return !evalCond(inst, regs, c.not, site);
  if ('and' in c) return c.and.every((x) => evalCond(inst, regs, x, site));
  if ('or' in c) return c.or.some((x) => evalCond(inst, regs, x, site));
  const [cmp, [a, b]] = comparisonOf(c)!;
  const x = evalOperand(inst, regs, a, site);
  const y = evalOperand(inst, regs, b, site);
  if (typeof x !== 'number' || typeof y !== 'number') {
    throw new StrategyError(`${where(site)}: ${condText(c)} compares numbers, got ${formatValue(x)} and ${formatValue(y)}`);
  }
  return cmp === 'lt' ? x < y : cmp === 'le' ? x <= y : cmp === 'gt' ? x > y : x >= y;
}

/** An operand that must be a whole number (a pid, an fd). */
export function evalNumber(inst: Instance, regs: readonly Value[], op: Operand, what: string, site: Site): number {
  const v = evalOperand(inst, regs, op, site);
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    throw new StrategyError(`${where(site)}: ${what} must be a number, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** An operand naming a managed child by its index (`pidOf`, a variable's `of`): 0 .. children − 1. */
export function childIndex(inst: Instance, regs: readonly Value[], op: Operand, what: string, site: Site): number {
  const k = evalNumber(inst, regs, op, `the child of ${what}`, site);
  if (k < 0 || k >= inst.children) throw new StrategyError(`${where(site)}: ${what} names child ${k}, but the process has children 0..${inst.children - 1}`);
  return k;
}
