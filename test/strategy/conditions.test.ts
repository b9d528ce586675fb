/**
 * Conditions with and, or, not and comparisons (issue 14): the builder writes them, validation
 * checks them, the interpreter evaluates them (short-circuit, as the pseudo-code), and they print
 * as the pseudo-code writes them.
 */
import { describe, it, expect } from 'vitest';
import { CHILD, and, eq, errorOf, ge, gt, isNone, isSet, le, lt, ne, not, or, reg, strategy } from '../../model/strategy/builder.ts';
import { strategyProblems } from '../../model/strategy/validate.ts';
import { condText, negate } from '../../model/strategy/conditions.ts';
import { evalCond } from '../../model/interpreter/operands.ts';
import { createInstance } from '../../model/instance.ts';
import { SCENARIOS } from '../../model/scenario.ts';
import { DEFAULT_SCOPE } from '../../model/scope.ts';
import { checkExhaustive } from '../../properties/exhaustive.ts';
import { INVARIANT_NAMES } from '../../properties/invariants.ts';
import { StrategyError } from '../../model/errors.ts';
import type { Cond } from '../../model/strategy/types.ts';
import type { Value } from '../../model/values.ts';
import { ALREADY_EXITED, exited, fail, ok, signaled } from '../../model/values.ts';

const r = reg('r');
const kill = (p: Parameters<NonNullable<Parameters<typeof strategy>[0]['kill']>>[0]) => {
  p.kill(CHILD, 9, r);
  p.returnIf(eq(r.err, 'ESRCH'), ALREADY_EXITED);
  p.return(signaled(9));
};

/** The naive wait, with `if not r.err and r.pid == CHILD: return r.status` as one condition. */
const oneCondition = strategy({
  name: 'one-condition',
  description: '',
  wait(p) {
    p.waitpid(CHILD, 0, r);
    p.returnIf(and(not(r.err), eq(r.pid, CHILD)), r.status);
    p.return(errorOf(r.err));
  },
  kill,
});

/** The same program as it had to be written before: two jumps. */
const twoJumps = strategy({
  name: 'two-jumps',
  description: '',
  wait(p) {
    p.waitpid(CHILD, 0, r);
    p.jumpIf(r.err, 'failed');
    p.jumpIf(ne(r.pid, CHILD), 'failed');
    p.return(r.status);
    p.label('failed');
    p.return(errorOf(r.err));
  },
  kill,
});

describe('conditions with and, or, not and comparisons', () => {
  it('builds `if not r.err and r.pid == CHILD` as one condition, which validates and prints as the pseudo-code', () => {
    const ret = oneCondition.roles.wait![1]!;
    expect(ret).toEqual({ op: 'return', value: { reg: 'r', field: 'status' }, if: { and: [{ unset: { reg: 'r', field: 'err' } }, { eq: [{ reg: 'r', field: 'pid' }, { child: true }] }] } });
    expect(strategyProblems(oneCondition)).toEqual([]);
    expect(condText((ret as { if: Cond }).if)).toBe('not r.err and r.pid == CHILD');
    expect(condText(or(lt(reg('i'), 3), not(and(isSet(r), ge(r.ret, 0)))))).toBe('i < 3 or not (r and r.ret >= 0)');
  });

  it('checks the same as the two-jump program in every scenario: same verdicts, same state counts', () => {
    for (const sc of SCENARIOS.filter((s) => s.name !== 'poll-race')) {
      const a = checkExhaustive(createInstance(oneCondition, sc, DEFAULT_SCOPE));
      const b = checkExhaustive(createInstance(twoJumps, sc, DEFAULT_SCOPE));
      expect(a.states, sc.name).toBe(b.states);
      for (const n of INVARIANT_NAMES) expect(a.invariants[n].status, `${sc.name} ${n}`).toBe(b.invariants[n].status);
    }
  });

  it('evaluates and/or/not and the integer comparisons, stopping at the first operand that decides', () => {
    const inst = createInstance(oneCondition, SCENARIOS[0]!, DEFAULT_SCOPE);
    const regs: Value[] = [];
    regs[inst.regIndex.get('r')!] = ok(inst.childPids[0]!, inst.childPids[0]!, exited(0));
    const site = { role: 'wait', pc: 1 };
    const holds = (c: Cond) => evalCond(inst, regs, c, site);
    expect(holds(and(not(r.err), eq(r.pid, CHILD)))).toBe(true);
    expect(holds(or(isSet(r.err), ne(r.pid, CHILD)))).toBe(false);
    expect(holds(not(or(isSet(r.err), ne(r.pid, CHILD))))).toBe(true);
    expect([lt(1, 2), le(2, 2), gt(3, 2), ge(2, 2), lt(2, 1), ge(1, 2)].map(holds)).toEqual([true, true, true, true, false, false]);
    // A comparison of a non-number is the strategy's mistake — unless `and` stops before it.
    expect(() => holds(lt(r.err, 1))).toThrow(StrategyError);
    expect(() => holds(lt(r.err, 1))).toThrow('role wait, instruction 1: r.err < 1 compares numbers, got none and 1');
    expect(holds(and(isSet(r.err), lt(r.err, 1)))).toBe(false);
    expect(holds(or(isNone(r.err), lt(r.err, 1)))).toBe(true);
    regs[inst.regIndex.get('r')!] = fail('ECHILD');
    expect(holds(and(not(r.err), eq(r.pid, CHILD)))).toBe(false);
  });

  it('negates to the plainest form (so `if` compiles to the jumps a hand-written program has)', () => {
    expect(negate(isSet(r))).toEqual(isNone(r));
    expect(negate(eq(r.pid, CHILD))).toEqual(ne(r.pid, CHILD));
    expect(negate(lt(1, 2))).toEqual(ge(1, 2));
    expect(negate(not(isSet(r)))).toEqual(isSet(r));
    expect(negate(and(isSet(r), isSet(r.err)))).toEqual({ not: and(isSet(r), isSet(r.err)) });
  });

  it('builds `p.if(c, then, otherwise)` into a jump on the negated condition', () => {
    const s = strategy({
      name: 'if-else',
      description: '',
      wait(p) {
        p.waitpid(CHILD, 0, r);
        p.if(isSet(r.err), (q) => q.return(errorOf(r.err)), (q) => q.return(r.status));
      },
      kill,
    });
    expect(s.roles.wait).toEqual([
      { op: 'waitpid', pid: { child: true }, flags: [], into: 'r' },
      { op: 'jump', to: 3, if: { unset: { reg: 'r', field: 'err' } } },
      { op: 'return', value: { error: { reg: 'r', field: 'err' } } },
      { op: 'return', value: { reg: 'r', field: 'status' } },
    ]);
    expect(strategyProblems(s)).toEqual([]);
  });

  it('rejects malformed conditions, and integer comparisons of what is never a number', () => {
    const bad = JSON.parse(JSON.stringify(oneCondition));
    bad.roles.wait[1].if = { and: [] };
    expect(strategyProblems(bad)).toEqual(['role wait, instruction 1 (return): if.and: needs a non-empty array of conditions, got []']);
    bad.roles.wait[1].if = { or: [{ xor: 1 }] };
    expect(strategyProblems(bad)[0]).toMatch(/^role wait, instruction 1 \(return\): if.or\[0\]: "xor" is not a condition — expected/);
    bad.roles.wait[1].if = { not: { lt: [{ reg: 'r', field: 'err' }, { lit: 1 }] } };
    expect(strategyProblems(bad)).toEqual(['role wait, instruction 1 (return): if.not.lt[0] must be a number, but r.err never holds one — use r.ret or r.pid (lt compares numbers)']);
    bad.roles.wait[1].if = { gt: [{ reg: 'r' }, { lit: 1 }] };
    expect(strategyProblems(bad)).toEqual(['role wait, instruction 1 (return): r > 1 compares numbers, but r only ever holds none or a syscall result']);
  });
});
