/**
 * Validation of one instruction on its own: a known op, exactly the fields that op takes, each of
 * the right type, names declared in `shared` as the right kind. The table `OP_FIELDS` mirrors the
 * `Instr` union of types.ts; TypeScript checks that it has a row for every op.
 */
import type { Instr, Op } from './types.ts';
import { WAIT_FLAGS } from './types.ts';
import type { RegisterScope } from './validate-operand.ts';
import { operandProblems } from './validate-operand.ts';
import { conditionProblems } from './validate-cond.ts';
import { isIntIn, isRecord, show } from './validate-report.ts';
import { callProblems } from './validate-call.ts';

/** What a field of an instruction holds. */
type FieldKind = 'operand' | 'condition' | 'reg' | 'var' | 'lock' | 'rwlock' | 'mutex' | 'cond' | 'flags' | 'idtype' | 'sig' | 'target' | 'len';

/** The fields of one op besides `op`: required ones, and optional ones marked with a trailing `?`. */
type OpFields = Readonly<Record<string, FieldKind>>;

const OP_FIELDS: Readonly<Record<Op, OpFields>> = {
  jump: { to: 'target', 'if?': 'condition' },
  set: { reg: 'reg', value: 'operand' },
  return: { value: 'operand', 'orElse?': 'operand', 'if?': 'condition' },
  read: { var: 'var', into: 'reg', 'of?': 'operand' },
  write: { var: 'var', value: 'operand', 'of?': 'operand' },
  cas: { var: 'var', expect: 'operand', value: 'operand', 'into?': 'reg', 'of?': 'operand' },
  add: { var: 'var', value: 'operand', 'into?': 'reg', 'of?': 'operand' },
  lock: { lock: 'lock' },
  trylock: { lock: 'lock', into: 'reg' },
  unlock: { lock: 'lock' },
  rlock: { lock: 'rwlock' },
  runlock: { lock: 'rwlock' },
  cond_wait: { cond: 'cond', mutex: 'mutex' },
  notify_all: { cond: 'cond' },
  notify_one: { cond: 'cond' },
  waitpid: { pid: 'operand', flags: 'flags', 'into?': 'reg' },
  waitid: { idtype: 'idtype', id: 'operand', flags: 'flags', 'into?': 'reg' },
  kill: { pid: 'operand', sig: 'sig', 'into?': 'reg' },
  pidfd_open: { pid: 'operand', 'into?': 'reg' },
  pidfd_send_signal: { fd: 'operand', sig: 'sig', 'into?': 'reg' },
  poll: { fd: 'operand', 'into?': 'reg' },
  close: { fd: 'operand', 'into?': 'reg' },
  atomic: { len: 'len' },
  block_forever: {},
};
// A Map, not the object: an op read from user JSON may be "constructor" or "__proto__".
const FIELDS_OF: ReadonlyMap<string, OpFields> = new Map(Object.entries(OP_FIELDS));

/** The names a strategy declares in `shared`, by kind. */
export interface Declared {
  readonly vars: ReadonlySet<string>;
  readonly mutexes: ReadonlySet<string>;
  readonly rwlocks: ReadonlySet<string>;
  readonly conds: ReadonlySet<string>;
}

/** What checking an instruction needs to know about the program around it. */
export interface ProgramContext {
  /** `wait`, `kill`, `poll`, `loop`, or `setup`. */
  readonly role: string;
  readonly length: number;
  readonly declared: Declared;
  readonly regs: RegisterScope;
}

/** "role kill, instruction 3 (unlock)": where a problem is, as the interpreter's messages say it (operands.ts). */
export function located(role: string, pc: number, op?: unknown): string {
  const known = typeof op === 'string' && FIELDS_OF.has(op);
  return `role ${role}, instruction ${pc}${known ? ` (${op})` : ''}`;
}

function declaredAs(name: string, d: Declared): string {
  if (d.mutexes.has(name)) return 'a mutex';
  if (d.rwlocks.has(name)) return 'a rwlock';
  if (d.conds.has(name)) return 'a cond';
  return d.vars.has(name) ? 'a variable' : 'not declared';
}

/** The problem with a name field: undeclared, or declared as another kind of thing. */
function nameProblem(op: string, field: string, kind: 'var' | 'lock' | 'rwlock' | 'mutex' | 'cond', name: unknown, d: Declared): string | undefined {
  if (typeof name !== 'string' || name === '') return `${field} must be a non-empty name, got ${show(name)}`;
  const ok = { var: d.vars, lock: new Set([...d.mutexes, ...d.rwlocks]), rwlock: d.rwlocks, mutex: d.mutexes, cond: d.conds }[kind];
  if (ok.has(name)) return undefined;
  const as = declaredAs(name, d);
  const wanted = { var: 'variable', lock: 'lock', rwlock: 'rwlock', mutex: 'mutex', cond: 'cond' }[kind];
  const fix = { var: 'shared.vars (or process.vars)', lock: 'shared.mutexes or shared.rwlocks', rwlock: 'shared.rwlocks', mutex: 'shared.mutexes', cond: 'shared.conds' }[kind];
  if (as === 'not declared') return `unknown ${wanted} ${name} — declare it in ${fix}`;
  return `${op} needs a ${wanted}, but ${name} is ${as} — declare a ${wanted} in ${fix}${kind === 'rwlock' ? ' or use lock/unlock' : ''}`;
}

function fieldProblems(op: string, field: string, kind: FieldKind, v: unknown, ctx: ProgramContext): string[] {
  switch (kind) {
    case 'operand':
      return operandProblems(v, ctx.regs, field);
    case 'condition':
      return conditionProblems(v, ctx.regs, field);
    case 'reg':
      return typeof v === 'string' && v !== '' ? [] : [`${field} must be a non-empty register name, got ${show(v)}`];
    case 'var':
    case 'lock':
    case 'rwlock':
    case 'mutex':
    case 'cond': {
      const bad = nameProblem(op, field, kind, v, ctx.declared);
      return bad ? [bad] : [];
    }
    case 'flags': {
      const all = WAIT_FLAGS.join(', ');
      if (!Array.isArray(v)) return [`flags must be an array of wait flags (${all}; [] for 0), got ${show(v)}`];
      const bad = v.filter((f) => !(WAIT_FLAGS as readonly unknown[]).includes(f));
      if (bad.length > 0) return [`${show(bad[0])} is not a wait flag — use ${all}`];
      return new Set(v).size === v.length ? [] : [`flags lists a flag twice: ${show(v)}`];
    }
    case 'idtype':
      return v === 'P_PID' || v === 'P_PIDFD' ? [] : [`idtype must be "P_PID" or "P_PIDFD", got ${show(v)}`];
    case 'sig':
      return isIntIn(v, 0, 64) ? [] : [`sig must be a signal number 0..64 (SIGKILL is 9, 0 only tests existence), got ${show(v)}`];
    case 'len':
      return isIntIn(v, 1, Number.MAX_SAFE_INTEGER) ? [] : [`len must be an integer ≥ 1 (how many instructions after it run as one step), got ${show(v)}`];
    case 'target':
      if (isIntIn(v, 0, ctx.length - 1)) return [];
      if (typeof v !== 'number' || !Number.isInteger(v)) return [`to must be an instruction index (an integer), got ${show(v)}`];
      return [`jump out of range: to ${v}, but role ${ctx.role} has instructions 0..${ctx.length - 1} — jump to one of them`];
  }
}

/**
 * Every problem with `raw` as instruction `pc` of a program, each prefixed with where it is; and
 * the instruction, typed, when its shape is right (so that the checks of the whole program can
 * read it).
 */
export function checkInstr(raw: unknown, pc: number, ctx: ProgramContext): { problems: string[]; instr?: Instr } {
  const at = located(ctx.role, pc, isRecord(raw) ? raw.op : undefined);
  const fail = (problems: string[]) => ({ problems: problems.map((p) => `${at}: ${p}`) });
  if (!isRecord(raw)) return fail([`${show(raw)} is not an instruction — an instruction is an object with an op`]);
  const fields = typeof raw.op === 'string' ? FIELDS_OF.get(raw.op) : undefined;
  if (fields === undefined) return fail([`unknown op ${show(raw.op)} — the ops are ${[...FIELDS_OF.keys()].join(', ')}`]);
  const op = raw.op as Op;
  const names = Object.keys(fields).map((f) => f.replace(/\?$/, ''));
  const problems: string[] = Object.keys(raw)
    .filter((k) => k !== 'op' && !names.includes(k))
    .map((k) => `unknown field ${show(k)} — ${op} takes ${names.join(', ')}`);
  for (const [spec, kind] of Object.entries(fields)) {
    const field = spec.replace(/\?$/, '');
    const v = raw[field];
    if (v === undefined) {
      if (!spec.endsWith('?')) problems.push(`missing field ${field} — ${op} takes ${names.join(', ')}`);
      continue;
    }
    problems.push(...fieldProblems(op, field, kind, v, ctx));
  }
  if (problems.length > 0) return fail(problems);
  const instr = raw as unknown as Instr;
  return { problems: callProblems(instr).map((p) => `${at}: ${p}`), instr };
}
