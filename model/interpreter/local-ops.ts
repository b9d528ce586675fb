/**
 * `LOCAL_OPS.has(op)` (model/strategy/types.ts) by compares, for the interpreter's every step: a
 * `Set` look-up per interpreted instruction was 0.7% of a reduced search (`perf`, issue 16).
 * test/strategy/local-ops.test.ts checks that the two agree.
 */
import type { Op } from '../strategy/types.ts';

export function isLocalOp(op: Op): boolean {
  return op === 'jump' || op === 'set' || op === 'return';
}
