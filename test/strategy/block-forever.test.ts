/**
 * The "block forever" instruction (issue 14): a thread that hangs, without the dead tail after a
 * cond_wait nobody notifies that a hang needed before. It is never enabled, so it counts as blocked
 * for no-deadlock exactly as a thread stuck in a cond_wait does.
 */
import { describe, it, expect } from 'vitest';
import { CHILD, eq, reg, strategy } from '../../model/strategy/builder.ts';
import type { ProgramBuilder } from '../../model/strategy/builder.ts';
import { strategyProblems } from '../../model/strategy/validate.ts';
import { createInstance } from '../../model/instance.ts';
import { SCENARIOS } from '../../model/scenario.ts';
import { DEFAULT_SCOPE } from '../../model/scope.ts';
import { checkExhaustive } from '../../properties/exhaustive.ts';
import { INVARIANT_NAMES } from '../../properties/invariants.ts';
import { ALREADY_EXITED, RUNNING, signaled } from '../../model/values.ts';

const r = reg('r');
function kill(p: ProgramBuilder): void {
  p.kill(CHILD, 9, r);
  p.returnIf(eq(r.err, 'ESRCH'), ALREADY_EXITED);
  p.return(signaled(9));
}
/** A waiter that hangs when its waitpid fails (as a library that retries forever would). */
const hangs = (tail: (p: ProgramBuilder) => void) =>
  strategy({
    name: 'hangs',
    description: '',
    shared: { mutexes: ['m'], conds: ['never'] },
    wait(p) {
      p.waitpid(CHILD, 0, r);
      p.returnIf(eq(r.err, null), r.status);
      tail(p);
    },
    kill,
  });

const blockForever = hangs((p) => p.blockForever());
/** The old way: a cond_wait nobody notifies, and a dead tail after it. */
const deadTail = hangs((p) => {
  p.lock('m');
  p.condWait('never', 'm');
  p.unlock('m');
  p.return(RUNNING);
});

describe('block forever', () => {
  it('is one instruction that may end a program, and validates', () => {
    expect(blockForever.roles.wait!.at(-1)).toEqual({ op: 'block_forever' });
    expect(strategyProblems(blockForever)).toEqual([]);
  });

  it('gives the verdicts of the dead tail after a cond_wait, with a deadlock where the waitpid fails', () => {
    for (const sc of SCENARIOS.filter((s) => s.name !== 'poll-race')) {
      const a = checkExhaustive(createInstance(blockForever, sc, DEFAULT_SCOPE));
      const b = checkExhaustive(createInstance(deadTail, sc, DEFAULT_SCOPE));
      for (const n of INVARIANT_NAMES) expect(a.invariants[n].status, `${sc.name} ${n}`).toBe(b.invariants[n].status);
    }
    const fr = checkExhaustive(createInstance(blockForever, SCENARIOS.find((s) => s.name === 'foreign-reaper')!, DEFAULT_SCOPE));
    const dl = fr.invariants['no-deadlock'];
    expect(dl.status).toBe('violated');
    if (dl.status === 'violated') expect(dl.counterexample.message).toMatch(/deadlock; threads = \[waiter: instruction 2 \(block_forever\)\]/);
  });

  it('is refused where blocking is: in an atomic block and in setup', () => {
    const s = JSON.parse(JSON.stringify(blockForever));
    s.roles.kill = [{ op: 'atomic', len: 1 }, { op: 'block_forever' }, ...s.roles.kill];
    expect(strategyProblems(s)).toContain('role kill, instruction 1 (block_forever): blocking call in atomic: block_forever may block, and the atomic block at instruction 0 runs as one step — move it out of the block');
    s.roles.kill.splice(0, 2);
    s.setup = [{ op: 'block_forever' }];
    expect(strategyProblems(s)).toContain('role setup, instruction 0 (block_forever): setup may not block: block_forever may block, and no other thread runs yet to end it — add WNOHANG or move it into a role');
  });
});
