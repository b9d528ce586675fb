/**
 * The initial world and `setup` (model-spec §2, §5), copying and keys of worlds (world.ts), and
 * what world.ts and ghost.ts promise about their fields.
 */
import { describe, it, expect } from 'vitest';
import { CHILD, reg } from '../../model/strategy/builder.ts';
import { RUNNING } from '../../model/values.ts';
import { StrategyError } from '../../model/errors.ts';
import { applyStep, enabledSteps, initialWorld } from '../../model/transitions.ts';
import { cloneWorld, worldKey } from '../../model/world.ts';
import { CHILD_EXIT, T, instance, quiet, regOf, run } from '../helpers/worlds.ts';

const r = reg('r');
const fd = reg('fd');
const withPidfd = instance({
  setup: (p) => void p.pidfdOpen(CHILD, r).set(fd, r.ret),
  wait: (p) => void p.set(fd, 99).close(3, r).close(fd, r).return(RUNNING),
  kill: (p) => void p.close(fd, r).return(RUNNING),
});

describe('setup and the initial world', () => {
  it('setup ran before anything: the pidfd exists, and each thread starts with its own copy of its registers', () => {
    const w = initialWorld(withPidfd);
    expect(w.procs).toEqual([{ pid: 100, inc: 1, state: 'running', parent: 'self', status: null, role: 'child' }]);
    expect(w.fds).toEqual([{ kind: 'pidfd', inc: 1, byChurner: false }]);
    // the waiter's local `set fd 99` ran at once (locals are not steps); the killer's copy is untouched
    expect([regOf(withPidfd, w, 0, 'fd'), regOf(withPidfd, w, 1, 'fd')]).toEqual([99, 3]);
    expect(w.threads.map((t) => t.pc)).toEqual([1, 0]);
  });

  it('a setup that would block is a StrategyError', () => {
    const inst = instance({ setup: (p) => void p.waitpid(CHILD, 0, r), wait: (p) => void p.return(RUNNING) });
    expect(() => initialWorld(inst)).toThrow(/role setup, instruction 0: waitpid blocks, and setup may not block/);
  });

  it('a thread whose program starts with a return has returned in the initial world, without a step', () => {
    const inst = instance({ wait: (p) => void p.return(RUNNING) });
    const w = initialWorld(inst);
    expect(w.threads.map((t) => t.result)).toEqual([RUNNING, { kind: 'already-exited' }]);
    expect(enabledSteps(inst, w)).toEqual([CHILD_EXIT]);
  });
});

describe('worlds are values', () => {
  it('applyStep never changes the world it starts from', () => {
    const w = initialWorld(withPidfd);
    const before = JSON.stringify(w);
    applyStep(withPidfd, w, T(1));
    applyStep(withPidfd, w, CHILD_EXIT);
    expect(JSON.stringify(w)).toBe(before);
  });

  it('cloneWorld is deep, and a clone has the same key', () => {
    const w = run(withPidfd, [T(0)]).world;
    const c = cloneWorld(w);
    expect(worldKey(c)).toBe(worldKey(w));
    c.procs[0]!.state = 'zombie';
    c.threads[1]!.regs[0] = 7;
    c.fds.push(null);
    expect(w.procs[0]!.state).toBe('running');
    expect(w.threads[1]!.regs[0]).not.toBe(7);
    expect(w.fds).toEqual([]);
  });

  it('the same fd table reached two ways has the same key (trailing free slots are trimmed)', () => {
    const a = run(withPidfd, [T(0), T(1)]).world; // close(3), then the killer's close(3) fails
    const b = run(withPidfd, [T(1), T(0)]).world; // the killer closes 3, then the waiter's close fails
    expect(a.fds).toEqual([]);
    expect(worldKey(a)).toBe(worldKey(b));
  });
});

/**
 * Regressions: bugs found by this suite, fixed since; what was wrong: runSetup (thread-step.ts) runs setup on the slot
 * `w.threads.length`, which is 0 because initialWorld calls it before filling `threads`, while the
 * setup's spec sits at index `inst.threads.length` of its fake instance: so setup acts as thread 0,
 * the waiter. The other two are fields whose documented meaning the code does not keep.
 */
describe('regressions (setup, returned threads)', () => {
  it('regression: a StrategyError in setup names role wait instead of role setup', () => {
    const inst = instance({ shared: { mutexes: ['m'] }, setup: (p) => void p.unlock('m'), wait: (p) => void p.return(RUNNING) });
    expect(() => initialWorld(inst)).toThrow(/^role setup, instruction 0: unlock of m/);
  });

  it('regression: a setup that ends holding a lock is a StrategyError (it used to hand the lock to the waiter)', () => {
    const inst = instance({ shared: { mutexes: ['m'] }, setup: (p) => void p.lock('m'), wait: (p) => void p.unlock('m').return(RUNNING) });
    expect(() => initialWorld(inst)).toThrow(/^role setup: ends holding lock m/);
  });

  it("regression: a returned thread's pc is not the program's length (world.ts ThreadState.pc says it is)", () => {
    const inst = instance({ wait: (p) => void p.waitpid(CHILD, ['WNOHANG'], r).return(RUNNING).return(RUNNING) });
    const w = run(inst, [T(0)]).world;
    expect(w.threads[0]!.result).toEqual(RUNNING);
    expect(w.threads[0]!.pc).toBe(inst.threads[0]!.program.length);
  });

});
