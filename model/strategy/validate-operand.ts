/**
 * Validation of operands (`{lit}`, `{reg, field?}`, `{child: true}`, `{error: operand}`,
 * `{pidOf: operand}`, `{children: true}`, `{sum: [a, b]}`) and
 * of operands that can never be what their place needs (a number, a result) whatever the registers
 * hold (conditions: validate-cond.ts). What depends on the values registers can
 * hold is validate-kinds.ts's business.
 */
import type { CallField, Operand } from './types.ts';
import { isErrno, isResultValue, valueProblem } from './validate-value.ts';
import { isRecord, show } from './validate-report.ts';

const CALL_FIELDS: readonly CallField[] = ['ret', 'err', 'pid', 'status'];
const FORMS = ['lit', 'reg', 'child', 'error', 'pidOf', 'children', 'sum'] as const;
const OPERAND_HELP = 'expected {lit: value}, {reg: name, field?}, {child: true}, {error: operand}, {pidOf: operand}, {children: true} or {sum: [a, b]}';

/** The registers an operand of one program may read, for the "undefined register" check. */
export interface RegisterScope {
  /** Registers written by some instruction of this program or of setup (whose registers every role starts with). */
  readonly written: ReadonlySet<string>;
  /** Who may write them, for messages: "role wait or setup", "setup". */
  readonly writers: string;
  /**
   * The names declared in shared or process: a literal string that is one of them was meant as the
   * variable (`eq('done', 1)`), which an operand cannot read — the message says so.
   */
  readonly sharedNames?: ReadonlySet<string>;
}

function keysOnly(op: Record<string, unknown>, allowed: readonly string[], what: string): string[] {
  const extra = Object.keys(op).filter((k) => !allowed.includes(k));
  return extra.length === 0 ? [] : [`${what}: ${show(op)} has unknown key ${show(extra[0])} — ${OPERAND_HELP}`];
}

/** How deep `error(error(...))` may nest: deeper is a mistake, or a cycle in a value built by a TypeScript file. */
const MAX_NESTING = 8;

/** Every problem with `op` as an operand; `what` names it in messages ("pid", "if.eq[1]"). */
export function operandProblems(op: unknown, regs: RegisterScope, what: string, depth = 0): string[] {
  if (depth > MAX_NESTING) return [`${what}: error(...) nested more than ${MAX_NESTING} deep — error takes an errno operand`];
  if (!isRecord(op)) return [`${what}: ${show(op)} is not an operand — ${OPERAND_HELP}`];
  const forms = FORMS.filter((f) => Object.hasOwn(op, f));
  if (forms.length !== 1) {
    const why = forms.length === 0 ? 'is not an operand' : `mixes ${forms.join(' and ')}`;
    return [`${what}: ${show(op)} ${why} — ${OPERAND_HELP}`];
  }
  switch (forms[0]!) {
    case 'lit': {
      const bad = valueProblem(op.lit);
      return [...keysOnly(op, ['lit'], what), ...(bad ? [`${what}: ${bad}${nameHint(op.lit, regs)}`] : [])];
    }
    case 'child':
      return [...keysOnly(op, ['child'], what), ...(op.child === true ? [] : [`${what}: child must be true, got ${show(op.child)}`])];
    case 'error':
      return [...keysOnly(op, ['error'], what), ...operandProblems(op.error, regs, `${what}.error`, depth + 1), ...errnoProblems(op.error, what)];
    case 'reg':
      return [...keysOnly(op, ['reg', 'field'], what), ...registerProblems(op, regs, what)];
    case 'pidOf':
      return [...keysOnly(op, ['pidOf'], what), ...operandProblems(op.pidOf, regs, `${what}.pidOf`, depth + 1), ...numberOperand(op.pidOf, `${what}.pidOf`)];
    case 'children':
      return [...keysOnly(op, ['children'], what), ...(op.children === true ? [] : [`${what}: children must be true, got ${show(op.children)}`])];
    case 'sum': {
      const arg = op.sum;
      if (!Array.isArray(arg) || arg.length !== 2) return [`${what}.sum: needs exactly two operands [a, b], got ${show(arg)}`];
      return [
        ...keysOnly(op, ['sum'], what),
        ...arg.flatMap((x, i) => [...operandProblems(x, regs, `${what}.sum[${i}]`, depth + 1), ...numberOperand(x, `${what}.sum[${i}]`)]),
      ];
    }
  }
}

/** What a string that is not an errno was probably meant as: a shared variable or a register, by name. */
function nameHint(lit: unknown, regs: RegisterScope): string {
  if (typeof lit !== 'string') return '';
  if (regs.sharedNames?.has(lit)) {
    return ` — ${lit} is a shared name, and an operand reads registers and literals only: read it into a register first (p.read('${lit}', r)) and use the register`;
  }
  if (regs.written.has(lit)) return ` — to read register ${lit}, write reg('${lit}') (a plain string is a literal)`;
  return '';
}

/** An operand that must be a number (a child index, a summand), when it is well formed and never one. */
function numberOperand(x: unknown, what: string): string[] {
  if (!isRecord(x) || FORMS.filter((f) => Object.hasOwn(x, f)).length !== 1) return [];
  const bad = numberProblem(x as Operand, what);
  return bad ? [bad] : [];
}

function registerProblems(op: Record<string, unknown>, regs: RegisterScope, what: string): string[] {
  const { reg, field } = op;
  if (typeof reg !== 'string' || reg === '') return [`${what}: a register name must be a non-empty string, got ${show(reg)}`];
  if (field !== undefined && !CALL_FIELDS.includes(field as CallField)) {
    return [`${what}: ${show(field)} is not a field of a syscall result — use one of ${CALL_FIELDS.join(', ')}`];
  }
  if (!regs.written.has(reg)) {
    return [`undefined register ${reg} — no instruction of ${regs.writers} writes it; write it with into/set first`];
  }
  return [];
}

/** `error(x)` needs an errno: say so when `x` can never be one (a register that passed the checks may still be). */
function errnoProblems(inner: unknown, what: string): string[] {
  if (!isRecord(inner)) return [];
  if (Object.hasOwn(inner, 'lit')) {
    return inner.lit === undefined || isErrno(inner.lit) ? [] : [`${what}: error(...) needs an errno name, got ${show(inner.lit)}`];
  }
  if (['child', 'error', 'pidOf', 'children', 'sum'].some((f) => Object.hasOwn(inner, f))) return [`${what}: error(...) needs an errno name, and ${show(inner)} never is one`];
  const field = inner.field as CallField;
  if (typeof inner.reg === 'string' && CALL_FIELDS.includes(field) && field !== 'err') {
    return [`${what}: error(${inner.reg}.${field}) needs an errno, which ${field} never holds — use ${inner.reg}.err`];
  }
  return [];
}

/** Where a number is needed (a pid, an fd): the problem with a well-formed operand that can never be one. */
export function numberProblem(op: Operand, what: string): string | undefined {
  if ('lit' in op) return Number.isInteger(op.lit) ? undefined : `${what} must be an integer, got ${show(op.lit)}`;
  if ('error' in op) return `${what} must be a number, but error(...) is a result`;
  if ('reg' in op && (op.field === 'err' || op.field === 'status')) {
    return `${what} must be a number, but ${op.reg}.${op.field} never holds one — use ${op.reg}.ret or ${op.reg}.pid`;
  }
  return undefined;
}

/** Where a thread's result is needed (`return`): the problem with a well-formed operand that can never be one. */
export function resultProblem(op: Operand, what: string, noneAllowed: boolean): string | undefined {
  const kinds = 'a status, running, already-exited or error(errno)';
  if ('lit' in op) {
    if (op.lit === null && noneAllowed) return undefined;
    return isResultValue(op.lit) ? undefined : `${what} must be a result (${kinds}), got ${show(op.lit)}`;
  }
  if ('child' in op || 'pidOf' in op) return `${what} must be a result (${kinds}), but a child's pid is a number`;
  if ('children' in op || 'sum' in op) return `${what} must be a result (${kinds}), but ${'sum' in op ? 'a sum' : 'the number of children'} is a number`;
  if ('reg' in op && op.field !== undefined && op.field !== 'status') {
    return `${what} must be a result (${kinds}), but ${op.reg}.${op.field} never holds one — return ${op.reg}.status or error(${op.reg}.err)`;
  }
  return undefined;
}
