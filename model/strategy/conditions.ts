/**
 * What every reader of a condition needs: its forms, the operands it reads (register analyses,
 * validate-kinds.ts, liveness), its negation (the builder's `if`) and its text in messages,
 * written as the pseudo-code writes it (`not r.err and r.pid == CHILD`).
 */
import type { Cond, Operand } from './types.ts';
import { formatValue } from '../values.ts';

/** The comparisons of two operands; the integer ones need numbers. */
export const COMPARISONS = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const;
export type Comparison = (typeof COMPARISONS)[number];
export const INTEGER_COMPARISONS: readonly Comparison[] = ['lt', 'le', 'gt', 'ge'];
/** Every key a condition object may have (exactly one of them). */
export const COND_KEYS = [...COMPARISONS, 'set', 'unset', 'and', 'or', 'not'] as const;

const SYMBOL: Readonly<Record<Comparison, string>> = { eq: '==', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=' };
const NEGATION: Readonly<Record<Comparison, Comparison>> = { eq: 'ne', ne: 'eq', lt: 'ge', ge: 'lt', gt: 'le', le: 'gt' };

/** Is `x` a condition object (rather than an operand)? Only the key is looked at. */
export function isCondObject(x: unknown): x is Cond {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && (COND_KEYS as readonly string[]).some((k) => Object.hasOwn(x, k));
}

/** The comparison of `c` with its two operands, if it is one. */
export function comparisonOf(c: Cond): [Comparison, readonly [Operand, Operand]] | undefined {
  for (const k of COMPARISONS) if (k in c) return [k, (c as Record<Comparison, readonly [Operand, Operand]>)[k]];
  return undefined;
}

/** The conditions an `and` or an `or` joins (none for any other form). */
export function partsOf(c: Cond): readonly Cond[] {
  return 'and' in c ? c.and : 'or' in c ? c.or : [];
}

/** Every operand a condition reads, in the order written. */
export function condOperands(c: Cond): Operand[] {
  const cmp = comparisonOf(c);
  if (cmp) return [...cmp[1]];
  if ('set' in c) return [c.set];
  if ('unset' in c) return [c.unset];
  if ('not' in c) return condOperands(c.not);
  return partsOf(c).flatMap(condOperands);
}

/**
 * The condition that holds exactly when `c` does not, in the plainest form: `eq` becomes `ne`,
 * `set` becomes `unset`, `not x` becomes `x`, and only `and`/`or` are wrapped in a `not`. So the
 * builder's `if (isSet(x))` compiles to the same `jump if unset x` a hand-written program has.
 */
export function negate(c: Cond): Cond {
  const cmp = comparisonOf(c);
  if (cmp) return { [NEGATION[cmp[0]]]: cmp[1] } as Cond;
  if ('set' in c) return { unset: c.set };
  if ('unset' in c) return { set: c.unset };
  if ('not' in c) return c.not;
  return { not: c };
}

/** An operand as the pseudo-code writes it: `r.err`, `CHILD`, `pidOf(i)`, `exited(0)`. */
export function operandText(op: Operand): string {
  if ('lit' in op) return formatValue(op.lit);
  if ('reg' in op) return op.field === undefined ? op.reg : `${op.reg}.${op.field}`;
  if ('child' in op) return 'CHILD';
  if ('children' in op) return 'CHILDREN';
  if ('error' in op) return `error(${operandText(op.error)})`;
  if ('pidOf' in op) return `pidOf(${operandText(op.pidOf)})`;
  return `${operandText(op.sum[0])} + ${operandText(op.sum[1])}`;
}

/** A condition as the pseudo-code writes it: `not r.err and r.pid == CHILD`. */
export function condText(c: Cond): string {
  const inner = (x: Cond): string => ('and' in x || 'or' in x ? `(${condText(x)})` : condText(x));
  const cmp = comparisonOf(c);
  if (cmp) return `${operandText(cmp[1][0])} ${SYMBOL[cmp[0]]} ${operandText(cmp[1][1])}`;
  if ('set' in c) return operandText(c.set);
  if ('unset' in c) return `not ${operandText(c.unset)}`;
  if ('not' in c) return `not ${inner(c.not)}`;
  return partsOf(c).map(inner).join('and' in c ? ' and ' : ' or ');
}
