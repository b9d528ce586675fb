/**
 * The checker's self-test (style.md §5): wellFormedProblems finds each hand-broken world. A failure
 * of it is a bug of reapcheck, reported as an InternalError — never a finding about a strategy.
 *
 * The other half — no world reachable by any catalogue strategy in any scenario is ill-formed — is
 * in catalogue/verdicts.test.ts, which runs every cell with `{ checkWellFormed: true }`: one pass
 * over the matrix instead of two keeps the suite fast.
 */
import { describe, it, expect } from 'vitest';
import { CHILD, reg } from '../../model/strategy/builder.ts';
import { RUNNING, SIGNALS, exited, signaled } from '../../model/values.ts';
import type { Strategy } from '../../model/strategy/types.ts';
import { SCENARIOS } from '../../model/scenario.ts';
import { createInstance } from '../../model/instance.ts';
import { checkExhaustive } from '../../properties/exhaustive.ts';
import { InternalError } from '../../model/errors.ts';
import type { World } from '../../model/world.ts';
import { cloneWorld } from '../../model/world.ts';
import { DEFAULT_SCOPE } from '../../model/scope.ts';
import { assertWellFormed, wellFormedProblems } from '../../properties/well-formed.ts';
import { CHILD_EXIT, PID_A, PID_B, SPAWN, T, instance, quiet, run, tiny } from '../helpers/worlds.ts';

const r = reg('r');
/** A small world with something of everything: a pidfd, a blocked wait, a lock, an unrelated process. */
const inst = instance(
  {
    shared: { mutexes: ['m'], vars: { x: 0 } },
    setup: (p) => void p.pidfdOpen(CHILD, r),
    wait: (p) => void p.waitpid(CHILD, 0, r).return(RUNNING),
    kill: (p) => void p.lock('m').unlock('m').return(RUNNING),
  },
  quiet({ spawner: 'unrelated' }),
);
const good: World = run(inst, [T(0), SPAWN(PID_B), T(1)]).world;

/** Each way of breaking a good world, and the problem it must be reported as. */
const BROKEN: [string, (w: World) => void, RegExp][] = [
  ['two live processes on one pid', (w) => void w.procs.push({ ...w.procs[1]!, inc: w.nextInc++, pid: PID_A }), /pid 100 is held by two live processes/],
  ['a pid outside the pid space', (w) => void (w.procs[1]!.pid = 7), /pid 7 is outside the pid space/],
  ['an incarnation used twice', (w) => void (w.procs[1]!.inc = 1), /incarnation 1 appears twice/],
  ['an incarnation not below nextInc', (w) => void (w.nextInc = 2), /incarnation 2 is not below nextInc 2/],
  ['a running process with a status', (w) => void (w.procs[0]!.status = exited(3)), /pid 100 is running with status/],
  ['a zombie without a status', (w) => void (w.procs[1]!.state = 'zombie'), /pid 101 is zombie with status null/],
  ['the managed child missing', (w) => void (w.procs = w.procs.filter((p) => p.inc !== 1)), /managed child is missing/],
  ['a pidfd to an unknown incarnation', (w) => void (w.fds[0] = { kind: 'pidfd', inc: 42, byChurner: false }), /fd 3 points to unknown incarnation 42/],
  ['a trailing free fd slot', (w) => void w.fds.push(null), /trailing free slot/],
  ['a pc out of range', (w) => void (w.threads[1]!.pc = 99), /killer's pc 99 is out of range/],
  ['a lock owned by a thread that does not exist', (w) => void (w.owners[0] = 5), /lock m has owner 5/],
  ['a thread that returned and is still blocked', (w) => void (w.threads[0]!.result = RUNNING), /waiter returned but is still blocked/],
  ['a wait block at an instruction that is not a wait', (w) => void (w.threads[1]!.block = { kind: 'wait', inc: 1 }), /killer is blocked in a wait at unlock/],
  ['a wait on an unknown incarnation', (w) => void (w.threads[0]!.block = { kind: 'wait', inc: 42 }), /waiter waits on unknown incarnation/],
  ['a cond block outside cond_wait', (w) => void (w.threads[0]!.block = { kind: 'cond', notified: false }), /waiter is blocked on a cond at waitpid/],
  ['an adversary over its budget', (w) => void (w.spawnsUsed = DEFAULT_SCOPE.spawns + 1), /adversary exceeded its budget/],
  ['a shared variable missing', (w) => void w.vars.pop(), /wrong number of shared variables/],
  ['a thread missing', (w) => void w.threads.pop(), /wrong number of threads/],
];

describe('wellFormedProblems', () => {
  it('finds nothing wrong with a good world', () => {
    expect(good.threads[0]!.block).toEqual({ kind: 'wait', inc: 1 }); // the good world does exercise blocks, fds, locks
    expect(good.owners).toEqual([1]);
    expect(wellFormedProblems(inst, good)).toEqual([]);
    expect(wellFormedProblems(inst, run(inst, [CHILD_EXIT, T(0)], good).world)).toEqual([]);
  });

  it.each(BROKEN)('finds %s', (_what, breakIt, problem) => {
    const w = cloneWorld(good);
    breakIt(w);
    expect(wellFormedProblems(inst, w).join('; ')).toMatch(problem);
  });

  it('assertWellFormed reports a broken world as a bug of the checker', () => {
    const w = cloneWorld(good);
    w.fds[0] = { kind: 'pidfd', inc: 42, byChurner: false };
    expect(() => assertWellFormed(inst, w)).toThrow(InternalError);
    expect(() => assertWellFormed(inst, w)).toThrow(/^\[reapcheck internal bug\] ill-formed world: fd 3 points/);
  });
});

/**
 * Strategies using what the catalogue never does — rwlocks, atomic blocks, waitpid(-1), a pidfd
 * closed by the killer, notify_one — so the sweep reaches worlds the catalogue matrix does not.
 */
const fd = reg('fd');
const EXOTIC: [string, Strategy][] = [
  [
    'rwlock and atomic',
    tiny({
      shared: { rwlocks: ['rw'], vars: { x: 0 } },
      wait: (p) => void p.rlock('rw').waitpid(CHILD, 0, r).runlock('rw').return(r.status, RUNNING),
      kill: (p) => void p.lock('rw').atomic((q) => void q.kill(CHILD, SIGNALS.SIGKILL, r).write('x', 1)).unlock('rw').return(signaled(9)),
      poll: (p) => void p.rlock('rw').read('x', r).runlock('rw').return(RUNNING),
    }),
  ],
  [
    'waitpid(-1) and a pidfd the killer closes',
    tiny({
      setup: (p) => void p.pidfdOpen(CHILD, r).set(fd, r.ret),
      wait: (p) => void p.waitpid(-1, 0, r).return(r.status, RUNNING),
      kill: (p) => void p.pidfdSendSignal(fd, SIGNALS.SIGKILL, r).close(fd).return(signaled(9)),
      poll: (p) => void p.poll(fd, r).waitid('P_PIDFD', fd, ['WEXITED', 'WNOHANG'], r).return(r.status, RUNNING),
    }),
  ],
  [
    'notify_one',
    tiny({
      shared: { mutexes: ['m'], conds: ['cv'], vars: { done: false } },
      wait: (p) => void p.lock('m').read('done', r).jumpIf(r, 'out').condWait('cv', 'm').label('out').unlock('m').waitpid(CHILD, ['WNOHANG'], r).return(RUNNING),
      kill: (p) => void p.kill(CHILD, SIGNALS.SIGKILL).lock('m').write('done', true).notifyOne('cv').unlock('m').return(signaled(9)),
      poll: (p) => void p.lock('m').notifyOne('cv').unlock('m').return(RUNNING),
    }),
  ],
];

describe('every reachable world of a few unusual strategies is well formed', () => {
  it.each(EXOTIC.flatMap(([what, s]) => SCENARIOS.map((sc) => [what, sc.name, s, sc] as const)))('%s × %s', (_w, _sc, s, sc) => {
    expect(() => checkExhaustive(createInstance(s, sc, DEFAULT_SCOPE), { checkWellFormed: true })).not.toThrow();
  });
});
