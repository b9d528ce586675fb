/**
 * Dead registers are cleared (model/interpreter/liveness.ts) and a returned thread's value is not
 * part of the state (world.ts `worldKey`): worlds that differ only in what nothing will read are
 * one state, and nothing a thread still reads is lost.
 */
import { describe, expect, it } from 'vitest';
import { reg, CHILD } from '../../model/strategy/builder.ts';
import { RUNNING, exited, ALREADY_EXITED } from '../../model/values.ts';
import { worldKey } from '../../model/world.ts';
import { initialWorld } from '../../model/transitions.ts';
import { search } from '../../properties/bfs.ts';
import { CHILD_EXIT, T, instance, quiet, regOf, run } from '../helpers/worlds.ts';

const r = reg('r');
const r2 = reg('r2');
const fd = reg('fd');

describe('dead registers', () => {
  it('a register is kept while a later instruction reads it, and cleared after its last read', () => {
    const inst = instance({
      shared: { vars: { v: null } },
      wait: (p) => void p.waitpid(CHILD, ['WNOHANG'], r).waitpid(CHILD, ['WNOHANG'], r2).write('v', r.ret).waitpid(CHILD, 0, r2).return(r2.status),
    });
    const { trs } = run(inst, [T(0), T(0), T(0), T(0), CHILD_EXIT, T(0)]);
    // After the second call the first result is still read (by the write): kept.
    expect(regOf(inst, trs[1]!.after, 0, 'r')).toMatchObject({ kind: 'call', ret: 0 });
    // r2 is written again by the last waitpid before anything reads it: dead at once.
    expect(regOf(inst, trs[1]!.after, 0, 'r2')).toBe(null);
    // After the write nothing reads r: cleared, and the register list is empty again.
    expect(trs[2]!.after.threads[0]!.regs).toEqual([]);
    expect(trs[2]!.after.vars).toEqual([0]);
    expect(trs[5]!.events.returned).toEqual(exited(3));
  });

  it("a setup register a role never reads is cleared in the initial world; one it reads is kept", () => {
    const inst = instance({
      setup: (p) => void p.pidfdOpen(CHILD, r).set(fd, r.ret),
      wait: (p) => void p.waitpid(CHILD, 0, r2).return(r2.status),
      kill: (p) => void p.pidfdSendSignal(fd, 9, r).return(ALREADY_EXITED),
    });
    const w = initialWorld(inst);
    expect([regOf(inst, w, 0, 'fd'), regOf(inst, w, 1, 'fd')]).toEqual([null, 3]);
    expect(regOf(inst, w, 1, 'r')).toBe(null);
  });

  it("a retrying killer keeps what its next round reads (setup's fd), across the restart", () => {
    const inst = instance(
      {
        setup: (p) => void p.pidfdOpen(CHILD, r).set(fd, r.ret),
        wait: (p) => void p.waitpid(CHILD, 0, r2).return(r2.status),
        kill: (p) => void p.pidfdSendSignal(fd, 9, r).return(ALREADY_EXITED),
      },
      quiet(),
      { retries: 1 },
    );
    const { trs } = run(inst, [T(1)]);
    const killer = trs[0]!.after.threads[1]!;
    expect([killer.round, killer.pc, regOf(inst, trs[0]!.after, 1, 'fd')]).toEqual([1, 0, 3]);
    // The second round signals the same pidfd again (3), not fd "none".
    const { trs: two } = run(inst, [T(1), T(1)]);
    expect(two[1]!.events.returned).toEqual(ALREADY_EXITED);
    expect(two[1]!.after.fds[0]).toMatchObject({ kind: 'pidfd', inc: 1 });
  });
});

describe("a returned thread's value", () => {
  it('is judged at its return but is not part of the state', () => {
    const inst = instance({
      wait: (p) => void p.waitid('P_PID', CHILD, ['WEXITED', 'WNOHANG', 'WNOWAIT'], r).returnIf(r.status, ALREADY_EXITED).return(RUNNING),
    });
    const early = run(inst, [T(0), CHILD_EXIT]);
    const late = run(inst, [CHILD_EXIT, T(0)]);
    expect(early.trs[0]!.events.returned).toEqual(RUNNING);
    expect(late.trs[1]!.events.returned).toEqual(ALREADY_EXITED);
    expect(worldKey(early.world)).toBe(worldKey(late.world));
  });

  it('merges states: fewer worlds, the same verdicts', () => {
    const inst = instance({
      wait: (p) => void p.waitid('P_PID', CHILD, ['WEXITED', 'WNOHANG', 'WNOWAIT'], r).returnIf(r.status, ALREADY_EXITED).return(RUNNING),
    });
    const res = search(inst);
    // initial; waiter returned (child running / exited); child exited, then waiter returned: the last two are one state.
    expect(res.states).toBe(4);
    expect([...res.found.keys()]).toContain('status-correct');
  });
});
