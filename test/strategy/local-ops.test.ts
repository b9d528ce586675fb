/**
 * `isLocalOp` (the interpreter's compare-based test, model/interpreter/local-ops.ts) answers as
 * `LOCAL_OPS` does, on every instruction the catalogue's strategies use and on the local ones.
 */
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../catalogue/index.ts';
import { LOCAL_OPS } from '../../model/strategy/types.ts';
import { isLocalOp } from '../../model/interpreter/local-ops.ts';
import type { Op } from '../../model/strategy/types.ts';

describe('local instructions', () => {
  it('isLocalOp agrees with LOCAL_OPS on every op of the catalogue', () => {
    const ops = new Set<Op>(LOCAL_OPS);
    for (const s of CATALOGUE) for (const prog of [s.setup ?? [], ...Object.values(s.roles)]) for (const ins of prog ?? []) ops.add(ins.op);
    expect(ops.size).toBeGreaterThan(10);
    for (const op of ops) expect(isLocalOp(op), op).toBe(LOCAL_OPS.has(op));
  });
});
