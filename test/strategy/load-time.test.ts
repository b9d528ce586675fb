/**
 * What can be decided before the search is refused at load time (issue 14): a return of none on
 * every run that reaches it, a literal pid (never what a strategy means: it hid stray signals as
 * ESRCH), a lock never declared.
 */
import { describe, it, expect } from 'vitest';
import { CHILD, eq, isSet, reg, strategy } from '../../model/strategy/builder.ts';
import type { ProgramBuilder } from '../../model/strategy/builder.ts';
import { describedProblems, strategyProblems } from '../../model/strategy/validate.ts';
import { CATALOGUE } from '../../catalogue/index.ts';
import { RUNNING, signaled } from '../../model/values.ts';

const r = reg('r');
const rc = reg('rc');
const wait = (p: ProgramBuilder) => {
  p.waitpid(CHILD, 0, r);
  p.return(r.status);
};
const killBy = (pid: number | typeof CHILD) => (p: ProgramBuilder) => {
  p.kill(pid, 9, r);
  p.return(signaled(9));
};
const LITERAL = "names pid %d by its number, which is never what a strategy means: the model's pids are its own (the call would only ever fail, and hide a stray signal) — use CHILD, or pidOf(i) for child i";
const literal = (call: string, pid: number) => `${call} ${LITERAL.replace('%d', String(pid))}`;

describe('refused at load time', () => {
  it('a literal pid in kill, waitpid, waitid and pidfd_open', () => {
    for (const pid of [925, 1]) {
      expect(strategyProblems(strategy({ name: 'k', description: '', wait, kill: killBy(pid) }))).toEqual([`role kill, instruction 0 (kill): ${literal(`kill(${pid}, 9)`, pid)}`]);
    }
    const s = strategy({
      name: 'w',
      description: '',
      wait(p) {
        p.waitpid(925, ['WNOHANG'], r);
        p.waitid('P_PID', 925, ['WEXITED'], r);
        p.pidfdOpen(925, r);
        p.return(RUNNING);
      },
      kill: killBy(CHILD),
    });
    expect(strategyProblems(s)).toEqual([
      `role wait, instruction 0 (waitpid): ${literal('waitpid(925)', 925)}`,
      `role wait, instruction 1 (waitid): ${literal('waitid(P_PID, 925)', 925)}`,
      `role wait, instruction 2 (pidfd_open): ${literal('pidfd_open(925)', 925)}`,
    ]);
  });

  it('a return of a register that is none on every way to it', () => {
    const st = reg('st');
    const s = strategy({
      name: 'none',
      description: '',
      shared: { vars: { returncode: null } },
      wait(p) {
        p.waitpid(CHILD, ['WNOHANG'], r);
        p.jumpIf(eq(r.pid, CHILD), 'reaped');
        p.return(st); // st is written only below: none on every way here
        p.label('reaped');
        p.set(st, r.status);
        p.write('returncode', st);
        p.return(st);
      },
      poll(p) {
        p.read('returncode', rc);
        p.jumpIf(isSet(rc), 'have');
        p.return(rc); // the condition just said rc is none (the orElse was forgotten)
        p.label('have');
        p.return(rc); // set here: fine
      },
      kill: killBy(CHILD),
    });
    expect(describedProblems(s)).toEqual([
      'strategy none, role wait, instruction 2 (return): returns st, and st is none on every way here (never written before it, or a condition on the way said it is none) — a thread must end with a result: write it first, return a status, running or error(...), or give an orElse',
      'strategy none, role poll, instruction 2 (return): returns rc, and rc is none on every way here (never written before it, or a condition on the way said it is none) — a thread must end with a result: write it first, return a status, running or error(...), or give an orElse',
    ]);
    // With the orElse it is fine: none is what orElse is for.
    const fixed = JSON.parse(JSON.stringify(s));
    fixed.roles.poll[2].orElse = { lit: { kind: 'running' } };
    fixed.roles.wait[2] = { op: 'return', value: { reg: 'st' }, orElse: { lit: { kind: 'running' } } };
    expect(strategyProblems(fixed)).toEqual([]);
  });

  it('every catalogue strategy still passes', () => {
    for (const s of CATALOGUE) expect(strategyProblems(s), s.name).toEqual([]);
  });

  it('a lock never declared, every use of it', () => {
    const s = strategy({
      name: 'nolock',
      description: '',
      wait(p) {
        p.lock('m');
        p.waitpid(CHILD, 0, r);
        p.unlock('m');
        p.return(r.status);
      },
      kill: killBy(CHILD),
    });
    expect(describedProblems(s)).toEqual([
      'strategy nolock, role wait, instruction 0 (lock): unknown lock m — declare it in shared.mutexes or shared.rwlocks',
      'strategy nolock, role wait, instruction 2 (unlock): unknown lock m — declare it in shared.mutexes or shared.rwlocks',
    ]);
  });
});
