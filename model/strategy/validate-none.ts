/**
 * Returns that hand back none on every run that reaches them (issue 14): a register returned
 * before any instruction on the way there wrote it, or on the branch where a condition just said
 * it is none. At run time such a return is a StrategyError, found only when the search reaches it;
 * here it is found at load time. The analysis is a forward dataflow over the program (a worklist,
 * linear in its size) of the registers that *may* hold something other than none; a return is
 * reported only when its value is none on every path, so it never refuses a strategy that works
 * on some run (validate-kinds.ts has the flow-insensitive checks).
 */
import type { Cond, Instr, Operand, Program, Strategy } from './types.ts';
import { located } from './validate-instr.ts';
import { operandText } from './conditions.ts';

type Regs = ReadonlySet<string>;

/** Is `op` none whatever the run, given the registers that may hold something else? */
function alwaysNone(op: Operand, mayHold: Regs): boolean {
  if ('lit' in op) return op.lit === null;
  // A field of a register that holds none reads as none too (operands.ts).
  if ('reg' in op) return !mayHold.has(op.reg);
  return false;
}

/** The register a condition says is none (`unset r`) when it holds, or is set when it fails. */
function noneWhen(c: Cond, holds: boolean): string | undefined {
  const op = holds ? ('unset' in c ? c.unset : undefined) : 'set' in c ? c.set : undefined;
  return op !== undefined && 'reg' in op && op.field === undefined ? op.reg : undefined;
}

function without(s: Regs, r: string | undefined): Regs {
  if (r === undefined || !s.has(r)) return s;
  const out = new Set(s);
  out.delete(r);
  return out;
}

/** The registers that may hold something other than none after `ins` runs. */
function after(ins: Instr, s: Regs): Regs {
  if (ins.op === 'set') {
    if (alwaysNone(ins.value, s)) return without(s, ins.reg);
    return s.has(ins.reg) ? s : new Set(s).add(ins.reg);
  }
  const into = 'into' in ins ? ins.into : undefined;
  return into === undefined || s.has(into) ? s : new Set(s).add(into);
}

/** Every return of `prog` that returns none on every run reaching it; `entry`: the registers it starts with. */
function programProblems(role: string, prog: Program, entry: Regs): string[] {
  const restart = role === 'kill';
  const at: (Set<string> | undefined)[] = new Array(prog.length + 1);
  const work: number[] = [];
  const flowInto = (pc: number, s: Regs): void => {
    const cur = at[pc];
    if (cur === undefined) {
      at[pc] = new Set(s);
      work.push(pc);
      return;
    }
    let grew = false;
    for (const r of s) if (!cur.has(r)) (cur.add(r), (grew = true));
    if (grew) work.push(pc);
  };
  flowInto(0, entry);
  while (work.length > 0) {
    const pc = work.pop()!;
    const ins = prog[pc];
    if (ins === undefined) continue;
    const s = at[pc]!;
    if (ins.op === 'jump') {
      if (!ins.if || ins.to === pc + 1) flowInto(ins.to, s);
      else {
        flowInto(ins.to, without(s, noneWhen(ins.if, true)));
        flowInto(pc + 1, without(s, noneWhen(ins.if, false)));
      }
    } else if (ins.op === 'return') {
      if (ins.if) flowInto(pc + 1, without(s, noneWhen(ins.if, false)));
      // A killer that retries starts again (control-flow.ts): taken as always possible, which only adds registers.
      if (restart) flowInto(0, s);
    } else if (ins.op !== 'block_forever') flowInto(pc + 1, after(ins, s));
  }
  const out: string[] = [];
  prog.forEach((ins, pc) => {
    const s = at[pc];
    if (ins.op !== 'return' || s === undefined) return; // unreached: dead code, not this check's business
    const taken = ins.if ? without(s, noneWhen(ins.if, true)) : s;
    if (!alwaysNone(ins.value, taken) || (ins.orElse !== undefined && !alwaysNone(ins.orElse, taken))) return;
    const v = operandText(ins.value);
    const why = 'reg' in ins.value ? `${ins.value.reg} is none on every way here (never written before it, or a condition on the way said it is none)` : 'it is none';
    out.push(`${located(role, pc, 'return')}: returns ${v}, and ${why} — a thread must end with a result: write it first, return a status, running or error(...), or give an orElse`);
  });
  return out;
}

/** The registers setup may leave holding something other than none (every role starts with a copy). */
function setupLeaves(setup: Program): Regs {
  const out = new Set<string>();
  for (const ins of setup) for (const r of ins.op === 'set' ? [ins.reg] : 'into' in ins && ins.into ? [ins.into] : []) out.add(r);
  return out;
}

/** Every return of a well-formed strategy that returns none on every run reaching it. */
export function noneReturnProblems(s: Strategy): string[] {
  const fromSetup = setupLeaves(s.setup ?? []);
  const roles = Object.entries(s.roles).filter((e): e is [string, Program] => e[1] !== undefined);
  return roles.flatMap(([role, prog]) => programProblems(role, prog, role === 'loop' ? new Set() : fromSetup));
}
