/**
 * Validation of conditions: the comparisons (`eq`, `ne`, and `lt`, `le`, `gt`, `ge` on numbers),
 * `set`/`unset`, and `and`, `or`, `not` over other conditions (types.ts `Cond`).
 */
import type { Operand } from './types.ts';
import type { RegisterScope } from './validate-operand.ts';
import { numberProblem, operandProblems } from './validate-operand.ts';
import { COND_KEYS, INTEGER_COMPARISONS } from './conditions.ts';
import type { Comparison } from './conditions.ts';
import { isRecord, show } from './validate-report.ts';

const HELP = 'expected {eq|ne|lt|le|gt|ge: [a, b]}, {set: a}, {unset: a}, {and: [c, ...]}, {or: [c, ...]} or {not: c}';

/** How deep `and`/`or`/`not` may nest: deeper is a mistake, or a cycle in a value built by a TypeScript file. */
const MAX_NESTING = 16;

/** Every problem with `c` as a condition; `what` names it in messages (`if`, `if.and[1]`). */
export function conditionProblems(c: unknown, regs: RegisterScope, what: string, depth = 0): string[] {
  if (depth > MAX_NESTING) return [`${what}: conditions nested more than ${MAX_NESTING} deep — simplify the condition`];
  if (!isRecord(c) || Object.keys(c).length !== 1) return [`${what}: ${show(c)} is not a condition — ${HELP}`];
  const [key, arg] = Object.entries(c)[0]!;
  if (!(COND_KEYS as readonly string[]).includes(key)) return [`${what}: ${show(key)} is not a condition — ${HELP}`];
  if (key === 'set' || key === 'unset') return operandProblems(arg, regs, `${what}.${key}`);
  if (key === 'not') return conditionProblems(arg, regs, `${what}.not`, depth + 1);
  if (key === 'and' || key === 'or') {
    if (!Array.isArray(arg) || arg.length === 0) return [`${what}.${key}: needs a non-empty array of conditions, got ${show(arg)}`];
    return arg.flatMap((x, i) => conditionProblems(x, regs, `${what}.${key}[${i}]`, depth + 1));
  }
  if (!Array.isArray(arg) || arg.length !== 2) return [`${what}.${key}: needs exactly two operands [a, b], got ${show(arg)}`];
  const out = [...operandProblems(arg[0], regs, `${what}.${key}[0]`), ...operandProblems(arg[1], regs, `${what}.${key}[1]`)];
  if (out.length === 0 && INTEGER_COMPARISONS.includes(key as Comparison)) {
    for (const [i, x] of (arg as Operand[]).entries()) {
      const bad = numberProblem(x, `${what}.${key}[${i}]`);
      if (bad) out.push(`${bad} (${key} compares numbers)`);
    }
  }
  return out;
}
