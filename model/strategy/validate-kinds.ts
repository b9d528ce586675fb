/**
 * What kinds of value each register and shared variable can ever hold, and the instructions that
 * can therefore never work: a field read of a register that never holds a syscall result, a pid
 * that is never a number, a `return` of something that is never a result. The analysis ignores
 * the order of instructions (every write may reach every read), so it only reports what is wrong
 * on every run; what is wrong on some runs only stays a StrategyError at run time (operands.ts).
 */
import type { Cond, Instr, Operand, Program, Strategy } from './types.ts';
import { INTEGER_COMPARISONS, comparisonOf, condText, operandText, partsOf } from './conditions.ts';
import type { Value } from '../values.ts';
import { located } from './validate-instr.ts';
import { operandsOf, registersRead, registersWritten } from './instr-registers.ts';

type Kind = 'none' | 'boolean' | 'integer' | 'errno name' | 'status' | 'result' | 'syscall result';
type Kinds = Set<Kind>;
type Env = Map<string, Kinds>;

function kindOfValue(v: Value): Kind {
  if (v === null) return 'none';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return 'integer';
  if (typeof v === 'string') return 'errno name';
  if (v.kind === 'call') return 'syscall result';
  return v.kind === 'exited' || v.kind === 'signaled' ? 'status' : 'result';
}

const FIELD_KINDS: Readonly<Record<string, readonly Kind[]>> = { ret: ['integer'], err: ['errno name', 'none'], pid: ['integer', 'none'], status: ['status', 'none'] };

/** The kinds `op` can evaluate to, given what each register can hold (a register not yet written reads as none). */
function kindsOf(op: Operand, regs: Env): Kinds {
  if ('lit' in op) return new Set([kindOfValue(op.lit)]);
  if ('child' in op || 'pidOf' in op || 'children' in op || 'sum' in op) return new Set(['integer']);
  if ('error' in op) return new Set(['result']);
  const held = new Set<Kind>(regs.get(op.reg) ?? []).add('none');
  if (op.field === undefined) return held;
  return new Set(held.has('syscall result') ? FIELD_KINDS[op.field] : ['none']);
}

function addAll(env: Env, name: string, kinds: Iterable<Kind>): boolean {
  const set = env.get(name) ?? new Set<Kind>();
  const before = set.size;
  for (const k of kinds) set.add(k);
  env.set(name, set);
  return set.size !== before;
}

/** One pass of `ins` over the kinds; true when something new became possible. */
function flow(ins: Instr, regs: Env, vars: Env): boolean {
  switch (ins.op) {
    case 'set':
      return addAll(regs, ins.reg, kindsOf(ins.value, regs));
    case 'read':
      return addAll(regs, ins.into, vars.get(ins.var) ?? []);
    case 'write':
      return addAll(vars, ins.var, kindsOf(ins.value, regs));
    case 'cas': {
      const stored = addAll(vars, ins.var, kindsOf(ins.value, regs));
      return (ins.into !== undefined && addAll(regs, ins.into, ['boolean'])) || stored;
    }
    case 'add':
      // An add keeps an integer an integer and fails on anything else: it brings no new kind to the variable.
      return ins.into !== undefined && addAll(regs, ins.into, ['integer']);
    case 'trylock':
      return addAll(regs, ins.into, ['boolean']);
    default:
      return 'into' in ins && ins.into !== undefined && addAll(regs, ins.into, ['syscall result']);
  }
}

const PHRASES: Readonly<Record<Kind, string>> = {
  none: 'none',
  boolean: 'a boolean',
  integer: 'an integer',
  'errno name': 'an errno name',
  status: 'a status',
  result: 'a result',
  'syscall result': 'a syscall result',
};
const showKinds = (k: Kinds): string => (Object.keys(PHRASES) as Kind[]).filter((x) => k.has(x)).map((x) => PHRASES[x]).join(' or ');
/** A field read of a register that never holds a syscall result: reported once, as such, not again as a bad pid. */
const deadField = (op: Operand, regs: Env): boolean => 'reg' in op && op.field !== undefined && !regs.get(op.reg)?.has('syscall result');
const NUMBER_OPERANDS: Readonly<Record<string, string>> = { waitpid: 'pid', waitid: 'id', kill: 'pid', pidfd_open: 'pid', pidfd_send_signal: 'fd', poll: 'fd', close: 'fd' };

/** Integer comparisons (`lt`, `le`, `gt`, `ge`) of an operand that never holds a number. */
function comparisonProblems(c: Cond, regs: Env): string[] {
  const cmp = comparisonOf(c);
  if (!cmp) return [...('not' in c ? [c.not] : partsOf(c))].flatMap((x) => comparisonProblems(x, regs));
  if (!INTEGER_COMPARISONS.includes(cmp[0])) return [];
  return cmp[1].filter((x) => !deadField(x, regs) && !kindsOf(x, regs).has('integer')).map((x) => `${condText(c)} compares numbers, but ${operandText(x)} only ever holds ${showKinds(kindsOf(x, regs))}`);
}

/** The problems of one instruction that no run can avoid. */
function instrProblems(ins: Instr, regs: Env, vars: Env): string[] {
  const out: string[] = [];
  const visit = (op: Operand): void => {
    if ('error' in op) {
      const k = kindsOf(op.error, regs);
      if (!k.has('errno name')) out.push(`error(...) needs an errno name, but its operand only ever holds ${showKinds(k)}`);
      visit(op.error);
    } else if ('sum' in op || 'pidOf' in op) {
      for (const x of 'sum' in op ? op.sum : [op.pidOf]) {
        if (!deadField(x, regs) && !kindsOf(x, regs).has('integer')) out.push(`${'sum' in op ? 'sum' : 'pidOf'} needs numbers, but an operand only ever holds ${showKinds(kindsOf(x, regs))}`);
        visit(x);
      }
    } else if ('reg' in op && deadField(op, regs)) {
      out.push(`${op.reg}.${op.field} reads a syscall result, but ${op.reg} only ever holds ${showKinds(kindsOf({ reg: op.reg }, regs))} — read ${op.reg} itself`);
    }
  };
  operandsOf(ins).forEach(visit);
  const field = NUMBER_OPERANDS[ins.op];
  const num = field === undefined ? undefined : ((ins as Record<string, unknown>)[field] as Operand);
  if (num && !deadField(num, regs) && !kindsOf(num, regs).has('integer')) out.push(`the ${field} of ${ins.op} must be a number, but it only ever holds ${showKinds(kindsOf(num, regs))}`);
  if ('of' in ins && ins.of !== undefined && !deadField(ins.of, regs) && !kindsOf(ins.of, regs).has('integer')) out.push(`of names a child by its index (a number), but it only ever holds ${showKinds(kindsOf(ins.of, regs))}`);
  if (ins.op === 'add' && !vars.get(ins.var)?.has('integer')) out.push(`add needs a number, but ${ins.var} only ever holds ${showKinds(vars.get(ins.var) ?? new Set())}`);
  if ('if' in ins && ins.if) out.push(...comparisonProblems(ins.if, regs));
  if (ins.op === 'return') {
    const v = kindsOf(ins.value, regs);
    const returned = new Set([...v, ...(ins.orElse && v.has('none') ? kindsOf(ins.orElse, regs) : [])]);
    if (!returned.has('status') && !returned.has('result')) out.push(`the returned value only ever holds ${showKinds(returned)}, never a result (a status, running, already-exited or error)`);
  }
  return out;
}

/**
 * The kinds every register and variable can hold, to a fixed point, with a worklist: an
 * instruction is run again only when a register or variable it reads gained a kind. Each name can
 * gain at most seven kinds, so the work is linear in the size of the strategy (sweeping every
 * program until nothing changed took a sweep per link of a chain of sets: issue 14).
 */
function solveKinds(envs: readonly { regs: Env; code: Program }[], vars: Env): void {
  const readersOfReg = envs.map((e) => {
    const m = new Map<string, number[]>();
    e.code.forEach((ins, i) => {
      for (const r of registersRead(ins)) (m.get(r) ?? m.set(r, []).get(r)!).push(i);
    });
    return m;
  });
  const readersOfVar = new Map<string, [number, number][]>();
  envs.forEach((e, k) => e.code.forEach((ins, i) => {
    if (ins.op === 'read') (readersOfVar.get(ins.var) ?? readersOfVar.set(ins.var, []).get(ins.var)!).push([k, i]);
  }));
  const queued = envs.map((e) => new Uint8Array(e.code.length).fill(1));
  const work: [number, number][] = envs.flatMap((e, k) => e.code.map((_, i): [number, number] => [k, i]));
  const push = (k: number, i: number): void => {
    if (queued[k]![i]) return;
    queued[k]![i] = 1;
    work.push([k, i]);
  };
  for (let head = 0; head < work.length; head++) {
    const [k, i] = work[head]!;
    queued[k]![i] = 0;
    const e = envs[k]!;
    const ins = e.code[i]!;
    // Something gained a kind: run again whatever reads what this instruction writes.
    if (!flow(ins, e.regs, vars)) continue;
    for (const r of registersWritten(ins)) for (const j of readersOfReg[k]!.get(r) ?? []) push(k, j);
    const v = writtenVar(ins);
    if (v !== undefined) for (const [kk, j] of readersOfVar.get(v) ?? []) push(kk, j);
  }
}

/** The variable an instruction may store a new kind in (`add` never brings a new kind). */
function writtenVar(ins: Instr): string | undefined {
  return ins.op === 'write' || ins.op === 'cas' ? ins.var : undefined;
}

/**
 * Every instruction of a well-formed strategy that fails on every run because of the kind of
 * value it reads. Run only once every other check has passed: it trusts the shapes.
 */
export function kindProblems(s: Strategy): string[] {
  const setup = s.setup ?? [];
  // A TypeScript value may spell a missing role as `poll: undefined`.
  const roles = Object.entries(s.roles).filter((e): e is [string, Program] => e[1] !== undefined);
  const programs: [string, Program][] = [['setup', setup], ...roles];
  const declared = { ...(s.shared.vars ?? {}), ...(s.process?.vars ?? {}) };
  const vars: Env = new Map(Object.entries(declared).map(([n, v]) => [n, new Set([kindOfValue(v)])]));
  // Every role thread starts with setup's registers, so setup's writes flow into each role's registers.
  // The loop belongs to no child: it starts with empty registers.
  const envs = programs.map(([role, p]) => ({ role, p, regs: new Map() as Env, code: role === 'setup' || role === 'loop' ? p : [...setup, ...p] }));
  solveKinds(envs, vars);
  return envs.flatMap((e) => e.p.flatMap((ins, pc) => instrProblems(ins, e.regs, vars).map((p) => `${located(e.role, pc, ins.op)}: ${p}`)));
}
