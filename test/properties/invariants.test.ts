/**
 * Each named invariant of model-spec §7 on hand-built transitions and terminal worlds: it
 * reports the bad one (with a message in domain words) and stays silent on the good one. The
 * transitions come from the public step functions on tiny strategies, so each bad case is also a
 * schedule the model really allows.
 */
import { describe, it, expect } from 'vitest';
import { CHILD, errorOf, reg } from '../../model/strategy/builder.ts';
import type { ProgramBuilder } from '../../model/strategy/builder.ts';
import { RUNNING, SIGNALS, exited, signaled } from '../../model/values.ts';
import type { Instance } from '../../model/instance.ts';
import type { Step, Transition } from '../../model/transitions.ts';
import { enabledSteps } from '../../model/transitions.ts';
import type { World } from '../../model/world.ts';
import type { EndInvariant, InvariantName, StepInvariant } from '../../properties/invariants.ts';
import { INVARIANTS, INVARIANT_NAMES } from '../../properties/invariants.ts';
import type { TinyDef } from '../helpers/worlds.ts';
import { CHILD_EXIT, PID_A, PID_B, SIBLING_EXIT, SPAWN, T, instance, quiet, run } from '../helpers/worlds.ts';

const r = reg('r');
const stepInv = (n: InvariantName) => INVARIANTS.find((i) => i.name === n) as StepInvariant;
const endInv = (n: InvariantName) => INVARIANTS.find((i) => i.name === n) as EndInvariant;

/** The last transition of a schedule. */
function lastTr(def: TinyDef, steps: Step[], sc = quiet()): { inst: Instance; tr: Transition } {
  const inst = instance(def, sc);
  const { trs } = run(inst, steps);
  return { inst, tr: trs[trs.length - 1]! };
}

/** The world a schedule ends in, which must be terminal (end invariants look only at those). */
function terminal(def: TinyDef, steps: Step[], sc = quiet({ childExits: false })): { inst: Instance; w: World } {
  const inst = instance(def, sc);
  const { world } = run(inst, steps);
  expect(enabledSteps(inst, world)).toEqual([]);
  return { inst, w: world };
}

const reapThenReturn = (p: ProgramBuilder) => void p.waitpid(CHILD, 0, r).returnIf(r.err, errorOf(r.err)).return(r.status);
const reapNohang: TinyDef['kill'] = (p) => void p.waitpid(CHILD, ['WNOHANG'], r).return(RUNNING);
const killByNumber: TinyDef['kill'] = (p) => void p.kill(CHILD, SIGNALS.SIGKILL, r).returnIf(r.err, errorOf(r.err)).return(signaled(9));
/** One visible step (a read), then return `v` — a return with no step before it happens at time zero. */
const readThenReturn = (v: Parameters<ProgramBuilder['return']>[0]) => (p: ProgramBuilder) => void p.read('x', r).return(v);
const X = { vars: { x: 0 } };

describe('the invariants are the seven of model-spec §7', () => {
  it('names and kinds', () => {
    expect(INVARIANTS.map((i) => i.name)).toEqual([...INVARIANT_NAMES]);
    expect(INVARIANTS.filter((i) => i.kind === 'end').map((i) => i.name)).toEqual(['no-deadlock', 'no-zombie-left']);
  });
});

describe('no-stray-signal', () => {
  const def = { wait: reapThenReturn, kill: killByNumber };
  const unrelated = quiet({ spawner: 'unrelated' });

  it('violated: a kill by number after reuse reaches the unrelated new owner', () => {
    const { inst, tr } = lastTr(def, [CHILD_EXIT, T(0), SPAWN(PID_A), T(1)], unrelated);
    expect(stepInv('no-stray-signal').check(inst, tr)).toMatch(/killer's signal reached unrelated pid 100 \(incarnation 2\)/);
    // the same transition taken by the environment would be exempt (adversaries are the scenario)
    expect(stepInv('no-stray-signal').check(inst, { ...tr, step: { kind: 'child-exit' } })).toBeNull();
  });

  it('holds: a kill reaching the running child, or the zombie child', () => {
    expect(stepInv('no-stray-signal').check(...flat(lastTr(def, [T(1)], unrelated)))).toBeNull();
    expect(stepInv('no-stray-signal').check(...flat(lastTr(def, [CHILD_EXIT, T(1)], unrelated)))).toBeNull();
  });
});

describe('no-wrong-reap', () => {
  const sibling = quiet({ spawner: 'sibling', reaperAny: true });
  const toSibling = [CHILD_EXIT, T(1), SPAWN(PID_A), SIBLING_EXIT(PID_A), T(0)];

  it('violated: a wait by number reaps the sibling that got the number', () => {
    const { inst, tr } = lastTr({ wait: reapThenReturn, kill: reapNohang }, toSibling, sibling);
    expect(stepInv('no-wrong-reap').check(inst, tr)).toMatch(/waiter reaped pid 100 incarnation 2/);
  });

  it('violated: a WNOWAIT read of the sibling is enough', () => {
    const wait = (p: ProgramBuilder) => void p.waitid('P_PID', CHILD, ['WEXITED', 'WNOWAIT'], r).return(RUNNING);
    const { inst, tr } = lastTr({ wait, kill: reapNohang }, toSibling, sibling);
    expect(stepInv('no-wrong-reap').check(inst, tr)).toMatch(/waiter read \(WNOWAIT\) pid 100 incarnation 2/);
  });

  it("holds: the child's own reap, and an adversary's reap of a sibling", () => {
    expect(stepInv('no-wrong-reap').check(...flat(lastTr({ wait: reapThenReturn }, [CHILD_EXIT, T(0)], sibling)))).toBeNull();
    const adversary = lastTr({ wait: reapThenReturn }, [SPAWN(PID_B), SIBLING_EXIT(PID_B), { kind: 'reap-any', pid: PID_B }], sibling);
    expect(adversary.tr.events.reaps).toHaveLength(1);
    expect(stepInv('no-wrong-reap').check(adversary.inst, adversary.tr)).toBeNull();
  });
});

describe('status-correct', () => {
  const check = (x: { inst: Instance; tr: Transition }) => stepInv('status-correct').check(x.inst, x.tr);

  it('violated: a wait returns a status while the child runs', () => {
    expect(check(lastTr({ shared: X, wait: readThenReturn(exited(0)) }, [T(0)]))).toMatch(/exited\(0\) while the child is still running/);
  });

  it("violated: a wait returns a sibling's status", () => {
    const sc = quiet({ spawner: 'sibling' });
    const x = lastTr({ wait: reapThenReturn, kill: reapNohang }, [CHILD_EXIT, T(1), SPAWN(PID_A), SIBLING_EXIT(PID_A), T(0)], sc);
    expect(check(x)).toMatch(/returned exited\(5\); the child's true status is exited\(3\)/);
  });

  it('violated: a wait returns running', () => {
    expect(check(lastTr({ shared: X, wait: readThenReturn(RUNNING) }, [T(0)]))).toMatch(/returned running, which is not a status/);
  });

  it("holds: the child's true status; an error; a kill's result; a poll's running", () => {
    expect(check(lastTr({ wait: reapThenReturn }, [CHILD_EXIT, T(0)]))).toBeNull();
    expect(check(lastTr({ wait: reapThenReturn, kill: reapNohang }, [CHILD_EXIT, T(1), T(0)]))).toBeNull();
    expect(check(lastTr({ wait: reapThenReturn, kill: killByNumber }, [T(1)]))).toBeNull();
    const poll = lastTr({ shared: X, wait: reapThenReturn, poll: readThenReturn(RUNNING) }, [T(1)], quiet({ threads: ['wait', 'poll', 'kill'] }));
    expect(check(poll)).toBeNull();
  });
});

describe('no-wait-error', () => {
  it('violated: a wait returns ECHILD after another thread reaped the child', () => {
    const { inst, tr } = lastTr({ wait: reapThenReturn, kill: reapNohang }, [CHILD_EXIT, T(1), T(0)]);
    expect(stepInv('no-wait-error').check(inst, tr)).toBe('waiter returned error(ECHILD)');
  });

  it("holds: a kill's error is not a finding", () => {
    const { inst, tr } = lastTr({ wait: reapThenReturn, kill: killByNumber }, [CHILD_EXIT, T(0), T(1)]);
    expect(tr.events.returned).toEqual({ kind: 'error', errno: 'ESRCH' });
    expect(stepInv('no-wait-error').check(inst, tr)).toBeNull();
  });
});

describe('no-stale-poll', () => {
  const sc = quiet({ threads: ['wait', 'poll', 'kill'] });
  const poll = (p: ProgramBuilder) => void p.read('x', r).read('x', r).return(RUNNING);
  const def = { shared: X, wait: reapThenReturn, poll };

  it('violated: a poll that began after the child exited returns running', () => {
    const { inst, tr } = lastTr(def, [CHILD_EXIT, T(1), T(1)], sc);
    expect(stepInv('no-stale-poll').check(inst, tr)).toMatch(/poller returned running, but the child had stopped running/);
  });

  it('holds: a poll that began while the child ran may return running after the exit', () => {
    const { inst, tr } = lastTr(def, [T(1), CHILD_EXIT, T(1)], sc);
    expect(tr.events.returned).toEqual(RUNNING);
    expect(stepInv('no-stale-poll').check(inst, tr)).toBeNull();
  });
});

describe('no-deadlock', () => {
  it('violated: a wait blocked on a child that can no longer exit; the evidence names what it waits for', () => {
    const { inst, w } = terminal({ wait: reapThenReturn }, [T(0)]);
    const bad = endInv('no-deadlock').check(inst, w);
    expect(bad?.blocked).toEqual([{ thread: 'waiter', waitsFor: 'incarnation 1 to exit (blocked in waitpid)' }]);
    expect(bad?.message).toBe('deadlock; threads = [waiter: incarnation 1 to exit (blocked in waitpid)]');
  });

  it('violated: a lock held by a thread that returned', () => {
    const hold = (p: ProgramBuilder) => void p.lock('m').return(RUNNING);
    const { inst, w } = terminal({ shared: { mutexes: ['m'] }, wait: hold, kill: hold }, [T(0)]);
    expect(endInv('no-deadlock').check(inst, w)?.blocked).toEqual([{ thread: 'killer', waitsFor: 'lock m (held by waiter)' }]);
  });

  it('holds: every thread returned', () => {
    const { inst, w } = terminal({ wait: reapThenReturn, kill: killByNumber }, [T(1), T(0)]);
    expect(endInv('no-deadlock').check(inst, w)).toBeNull();
  });
});

describe('no-zombie-left', () => {
  it('violated: every thread returned and nobody reaped the child', () => {
    const { inst, w } = terminal({ wait: reapNohang, kill: killByNumber }, [T(0), T(1)]);
    expect(endInv('no-zombie-left').check(inst, w)?.message).toBe('every thread returned and the child (pid 100) is still a zombie');
  });

  it('holds: the child was reaped; or a thread has not returned (that is a deadlock, not a zombie)', () => {
    expect(endInv('no-zombie-left').check(...flatW(terminal({ wait: reapThenReturn, kill: killByNumber }, [T(1), T(0)])))).toBeNull();
    const stuck = terminal({ shared: { mutexes: ['m'] }, wait: (p) => void p.lock('m').return(RUNNING), kill: (p) => void p.kill(CHILD, 9).lock('m').return(RUNNING) }, [T(0), T(1)]);
    expect(endInv('no-zombie-left').check(stuck.inst, stuck.w)).toBeNull();
  });
});

function flat(x: { inst: Instance; tr: Transition }): [Instance, Transition] {
  return [x.inst, x.tr];
}
function flatW(x: { inst: Instance; w: World }): [Instance, World] {
  return [x.inst, x.w];
}
