/**
 * Validation messages (issue 14): every problem listed at once, each naming the strategy, the
 * role, the instruction and the label it was written at; the builder's label mistakes name
 * strategy and role; `unlock` of an rlock says runlock; a shared name where an operand goes says
 * to read it into a register first.
 */
import { describe, it, expect } from 'vitest';
import { CHILD, eq, isNone, reg, strategy } from '../../model/strategy/builder.ts';
import type { ProgramBuilder } from '../../model/strategy/builder.ts';
import { describedProblems, validateStrategy } from '../../model/strategy/validate.ts';
import { InputError } from '../../model/errors.ts';
import { signaled } from '../../model/values.ts';

const r = reg('r');
const kill = (p: ProgramBuilder) => {
  p.kill(CHILD, 9, r);
  p.return(signaled(9));
};
const message = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return '(accepted)';
};

describe('validation messages', () => {
  it('lists every problem, on one line, each naming strategy, role, instruction and label', () => {
    const s = strategy({
      name: 'many',
      description: '',
      shared: { mutexes: ['m'] },
      wait(p) {
        p.label('retry');
        p.waitpid(CHILD, 0, r);
        p.unlock('m');
        p.jumpIf(isNone(r.err), 'retry');
        p.return(reg('rr'));
      },
      kill,
    });
    expect(describedProblems(s)).toEqual([
      'strategy many, role wait, instruction 3 (return; label retry + 3): undefined register rr — no instruction of role wait or setup writes it; write it with into/set first',
      'strategy many, role wait, instruction 1 (unlock; label retry + 1): unlock of m, which this role never takes — add a lock m before it or remove the unlock',
    ]);
    const line = message(() => validateStrategy(s, 'many.ts'));
    expect(line).toBe(`many.ts: ${describedProblems(s).join('; ')}`);
    expect(line).not.toMatch(/more problem|[\r\n]/);
  });

  it('names strategy and role for a jump to an undefined label and a label defined twice, all at once', () => {
    const f = () =>
      strategy({
        name: 'labels',
        description: '',
        wait(p) {
          p.label('a');
          p.label('a');
          p.jump('nope');
        },
        kill(p) {
          p.jumpIf(r, 'gone');
          kill(p);
        },
      });
    expect(f).toThrow(InputError);
    expect(message(f)).toBe(
      "strategy labels, role wait: label a defined twice — give each place its own name (p.fresh('a') makes one); " +
        "strategy labels, role wait: instruction 0 (jump): jump to undefined label nope — define it with p.label('nope'); " +
        "strategy labels, role kill: instruction 0 (jump): jump to undefined label gone — define it with p.label('gone')",
    );
  });

  it('says runlock for an unlock of a lock the role only takes shared, and unlock for the reverse', () => {
    const s = strategy({
      name: 'rw',
      description: '',
      shared: { rwlocks: ['l', 'w'] },
      wait(p) {
        p.rlock('l');
        p.unlock('l');
        p.waitpid(CHILD, 0, r);
        p.return(r.status);
      },
      kill(p) {
        p.lock('w');
        p.runlock('w');
        kill(p);
      },
    });
    const problems = describedProblems(s);
    expect(problems).toContain('strategy rw, role wait, instruction 1 (unlock): unlock of l, which this role takes shared (rlock) — release a shared hold with runlock l');
    expect(problems.some((p) => p.startsWith('strategy rw, role kill, instruction 1 (runlock): runlock of w, which this role takes exclusively (lock) — release it with unlock w'))).toBe(true);
  });

  it("says to read a shared variable into a register first when one is compared (eq('done', 1))", () => {
    const s = strategy({
      name: 'eqdone',
      description: '',
      shared: { vars: { done: 0 } },
      wait(p) {
        p.jumpIf(eq('done' as never, 1), 'x');
        p.label('x');
        p.waitpid(CHILD, 0, r);
        p.return(r.status);
      },
      kill,
    });
    expect(describedProblems(s)).toEqual([
      `strategy eqdone, role wait, instruction 0 (jump): if.eq[0]: "done" is not a value: the only strings are errno names (ECHILD, ESRCH, EBADF, EINVAL, EAGAIN) — done is a shared name, and an operand reads registers and literals only: read it into a register first (p.read('done', r)) and use the register`,
    ]);
  });
});
