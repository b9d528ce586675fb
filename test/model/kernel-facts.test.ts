/**
 * The kernel model against the facts it rests on (shared/docs/kernel-facts.md K1–K7): process
 * life cycle, waits by number, WNOWAIT, several waiters, foreign reapers, kill. Each case is a
 * tiny strategy, a scenario and a schedule chosen by hand, driven through the public step
 * functions; the assertion looks at what the caller saw and at the process table.
 * pidfds, poll, SIGCHLD and fds are in pidfd-facts.test.ts.
 */
import { describe, it, expect } from 'vitest';
import { CHILD, reg } from '../../model/strategy/builder.ts';
import { RUNNING, SIGNALS, exited, fail, ok, signaled } from '../../model/values.ts';
import { enabledSteps } from '../../model/transitions.ts';
import type { Scenario } from '../../model/scenario.ts';
import type { TinyDef } from '../helpers/worlds.ts';
import type { ModelCase } from '../helpers/cases.ts';
import { runCase } from '../helpers/cases.ts';
import { CHILD_EXIT, PID_A, PID_B, SIBLING_EXIT, SPAWN, T, holder, instance, isEnabled, procByInc, quiet, regOf, run, threadCanStep } from '../helpers/worlds.ts';

const r = reg('r');
const r2 = reg('r2');
const KILL = SIGNALS.SIGKILL;

/** Programs the cases share. Each ends with a return so the thread finishes; what it returns does not matter here. */
const waitBlocking: TinyDef['wait'] = (p) => void p.waitpid(CHILD, 0, r).return(RUNNING);
const waitNohang: TinyDef['wait'] = (p) => void p.waitpid(CHILD, ['WNOHANG'], r).return(RUNNING);
const waitidNowait: TinyDef['wait'] = (p) => void p.waitid('P_PID', CHILD, ['WEXITED', 'WNOWAIT'], r).return(RUNNING);
const killChild: TinyDef['kill'] = (p) => void p.kill(CHILD, KILL, r).return(RUNNING);

const twoWaiters = (over: Partial<Scenario> = {}) => quiet({ threads: ['wait', 'wait', 'kill'], ...over });

const CASES: ModelCase[] = [
  {
    title: 'K1: an exited child is a zombie that keeps its pid number and exit status',
    def: { wait: waitBlocking },
    sc: quiet({ spawner: 'unrelated' }),
    steps: [CHILD_EXIT],
    check: ({ inst, w }) => {
      expect(holder(w, PID_A)).toMatchObject({ inc: 1, state: 'zombie', status: exited(3) });
      expect(isEnabled(inst, w, SPAWN(PID_A))).toBe(false); // the number is still taken
      expect(isEnabled(inst, w, SPAWN(PID_B))).toBe(true);
    },
  },
  {
    title: 'K1: reaping frees the number at once, and the wait reports pid and status',
    def: { wait: waitBlocking },
    sc: quiet({ spawner: 'unrelated' }),
    steps: [CHILD_EXIT, T(0)],
    check: ({ inst, w, res }) => {
      expect(res(1)).toEqual(ok(PID_A, PID_A, exited(3)));
      expect(procByInc(w, 1).state).toBe('reaped');
      expect(holder(w, PID_A)).toBeUndefined();
      expect(isEnabled(inst, w, SPAWN(PID_A))).toBe(true);
    },
  },
  {
    title: 'K1: only one waiter reaps a zombie; the second finds nothing (ECHILD)',
    def: { wait: waitNohang },
    sc: twoWaiters(),
    steps: [CHILD_EXIT, T(0), T(1)],
    check: ({ trs, res }) => {
      expect(res(1)).toEqual(ok(PID_A, PID_A, exited(3)));
      expect(res(2)).toEqual(fail('ECHILD'));
      expect(trs.flatMap((t) => t.events.reaps)).toEqual([{ pid: PID_A, inc: 1, wnowait: false }]);
    },
  },
  {
    title: 'K1: a child killed by SIGKILL becomes a zombie with status signaled(SIGKILL)',
    def: { wait: waitBlocking, kill: killChild },
    steps: [T(1)],
    check: ({ w, res }) => {
      expect(res(0)).toEqual(ok(0));
      expect(procByInc(w, 1)).toMatchObject({ state: 'zombie', status: signaled(KILL) });
    },
  },
  {
    title: 'K1: holding a pidfd does not stop the number from being reused',
    def: { setup: (p) => void p.pidfdOpen(CHILD, r2), wait: waitBlocking },
    sc: quiet({ spawner: 'unrelated' }),
    steps: [CHILD_EXIT, T(0), SPAWN(PID_A)],
    check: ({ w }) => {
      expect(w.fds).toEqual([{ kind: 'pidfd', inc: 1, byChurner: false }]);
      expect(holder(w, PID_A)).toMatchObject({ inc: 2, state: 'running', parent: 'other' });
    },
  },
  {
    title: 'K2: a blocking waitpid binds at entry: after a foreign reap and reuse by a sibling it returns ECHILD',
    def: { wait: waitBlocking, kill: waitNohang },
    sc: quiet({ spawner: 'sibling' }),
    steps: [T(0), CHILD_EXIT, T(1), SPAWN(PID_A), T(0)],
    check: ({ w, trs, res }) => {
      expect(trs[0]!.info.phase).toBe('enter');
      expect(trs[0]!.after.threads[0]!.block).toEqual({ kind: 'wait', inc: 1 });
      expect(res(4)).toEqual(fail('ECHILD'));
      expect(holder(w, PID_A)).toMatchObject({ inc: 2, role: 'sibling', state: 'running' });
    },
  },
  {
    title: 'K2: a wait by number started after reuse by a sibling waits on and reaps the sibling',
    def: { wait: waitBlocking, kill: waitNohang },
    sc: quiet({ spawner: 'sibling' }),
    steps: [CHILD_EXIT, T(1), SPAWN(PID_A), T(0), SIBLING_EXIT(PID_A), T(0)],
    check: ({ w, trs, res }) => {
      expect(trs[3]!.after.threads[0]!.block).toEqual({ kind: 'wait', inc: 2 });
      expect(res(5)).toEqual(ok(PID_A, PID_A, exited(5)));
      expect(trs[5]!.events.reaps).toEqual([{ pid: PID_A, inc: 2, wnowait: false }]);
      expect(procByInc(w, 2).state).toBe('reaped');
    },
  },
  {
    title: 'K2: waitpid on a free number gives ECHILD at once',
    def: { wait: waitBlocking, kill: waitNohang },
    steps: [CHILD_EXIT, T(1), T(0)],
    check: ({ trs, res }) => {
      expect(trs[2]!.info.phase).toBe('call');
      expect(res(2)).toEqual(fail('ECHILD'));
    },
  },
  {
    title: 'K2: waitpid on a number held by a process that is not our child gives ECHILD',
    def: { wait: waitBlocking, kill: waitNohang },
    sc: quiet({ spawner: 'unrelated' }),
    steps: [CHILD_EXIT, T(1), SPAWN(PID_A), T(0)],
    check: ({ w, res }) => {
      expect(res(3)).toEqual(fail('ECHILD'));
      expect(holder(w, PID_A)).toMatchObject({ inc: 2, state: 'running' });
    },
  },
  {
    title: 'K2: waitpid(WNOHANG) on a running child returns 0',
    def: { wait: waitNohang },
    steps: [T(0)],
    check: ({ w, res }) => {
      expect(res(0)).toMatchObject({ ret: 0, err: null, status: null });
      expect(procByInc(w, 1).state).toBe('running');
    },
  },
  {
    title: 'K2: waitid(WEXITED|WNOHANG) on a running child returns with si_pid 0',
    def: { wait: (p) => void p.waitid('P_PID', CHILD, ['WEXITED', 'WNOHANG'], r).return(RUNNING) },
    steps: [T(0)],
    check: ({ res }) => expect(res(0)).toEqual(ok(0, 0, null)),
  },
  {
    title: 'K3: WNOWAIT leaves the zombie waitable; a later wait reaps it with the same status',
    def: { wait: (p) => void p.waitid('P_PID', CHILD, ['WEXITED', 'WNOWAIT'], r).waitpid(CHILD, 0, r2).return(r.status) },
    steps: [CHILD_EXIT, T(0), T(0)],
    check: ({ inst, trs, res }) => {
      expect(res(1)).toEqual(ok(0, PID_A, exited(3)));
      expect(regOf(inst, trs[1]!.after, 0, 'r')).toEqual(ok(0, PID_A, exited(3))); // what the program sees
      expect(trs[1]!.events.reaps).toEqual([{ pid: PID_A, inc: 1, wnowait: true }]);
      expect(procByInc(trs[1]!.after, 1).state).toBe('zombie');
      expect(res(2)).toEqual(ok(PID_A, PID_A, exited(3)));
      expect(procByInc(trs[2]!.after, 1).state).toBe('reaped');
    },
  },
  {
    title: 'K4: two blocked waiters both wake; one reaps, the other gets ECHILD instead of hanging',
    def: { wait: waitBlocking },
    sc: twoWaiters(),
    steps: [T(0), T(1), CHILD_EXIT, T(1), T(0)],
    check: ({ inst, trs, res }) => {
      expect(threadCanStep(inst, trs[1]!.after, 0)).toBe(false); // blocked while the child runs
      expect(threadCanStep(inst, trs[2]!.after, 0) && threadCanStep(inst, trs[2]!.after, 1)).toBe(true);
      expect(res(3)).toEqual(ok(PID_A, PID_A, exited(3)));
      expect(res(4)).toEqual(fail('ECHILD'));
      expect(trs[4]!.info.phase).toBe('complete');
    },
  },
  {
    title: 'K4: a WNOWAIT waiter that rescans before the reap gets the status',
    def: { wait: waitidNowait, kill: waitBlocking },
    steps: [T(0), T(1), CHILD_EXIT, T(0), T(1)],
    check: ({ res }) => {
      expect(res(3)).toEqual(ok(0, PID_A, exited(3)));
      expect(res(4)).toEqual(ok(PID_A, PID_A, exited(3)));
    },
  },
  {
    title: 'K4: a WNOWAIT waiter that rescans after the reap gets ECHILD (the bpo-42558 crash)',
    def: { wait: waitidNowait, kill: waitBlocking },
    steps: [T(0), T(1), CHILD_EXIT, T(1), T(0)],
    check: ({ res }) => expect(res(4)).toEqual(fail('ECHILD')),
  },
  {
    title: 'K4: a blocked waitpid(-1) whose last child was reaped by another thread returns ECHILD',
    def: { wait: (p) => void p.waitpid(-1, 0, r).return(RUNNING), kill: waitBlocking },
    steps: [T(0), CHILD_EXIT, T(1), T(0)],
    check: ({ trs, res }) => {
      expect(trs[0]!.after.threads[0]!.block).toEqual({ kind: 'wait', inc: -1 });
      expect(res(3)).toEqual(fail('ECHILD'));
    },
  },
  {
    title: "K5: another thread's blocking waitpid (the foreign reaper) reaps our child; our wait gets ECHILD",
    def: { wait: waitBlocking },
    sc: quiet({ foreignReaper: true }),
    steps: [T(0), { kind: 'foreign-reaper' }, CHILD_EXIT, { kind: 'foreign-reaper' }, T(0)],
    check: ({ trs, res }) => {
      expect(trs[1]!.after.foreignReaper).toEqual({ phase: 'blocked', inc: 1 });
      expect(res(3)).toEqual(ok(PID_A, PID_A, exited(3)));
      expect(res(4)).toEqual(fail('ECHILD'));
    },
  },
  {
    title: "K5: another thread's waitpid(-1, WNOHANG) reaps our child; our wait gets ECHILD",
    def: { wait: waitBlocking },
    sc: quiet({ reaperAny: true }),
    steps: [CHILD_EXIT, { kind: 'reap-any', pid: PID_A }, T(0)],
    check: ({ trs, res }) => {
      expect(trs[1]!.events.reaps).toEqual([{ pid: PID_A, inc: 1, wnowait: false }]);
      expect(res(2)).toEqual(fail('ECHILD'));
    },
  },
  {
    title: 'K5: waitpid(-1) may reap any zombie child of ours: one branch per zombie',
    def: { wait: (p) => void p.waitpid(-1, ['WNOHANG'], r).return(RUNNING) },
    sc: quiet({ spawner: 'sibling' }),
    steps: [CHILD_EXIT, SPAWN(PID_B), SIBLING_EXIT(PID_B), T(0, PID_B)],
    check: ({ inst, trs, res }) => {
      const threadSteps = enabledSteps(inst, trs[2]!.after).filter((s) => s.kind === 'thread');
      expect(threadSteps).toEqual([T(0, PID_A), T(0, PID_B)]);
      expect(res(3)).toEqual(ok(PID_B, PID_B, exited(5)));
    },
  },
  {
    title: 'K6: kill(SIGKILL) on a zombie returns 0 and changes nothing',
    def: { wait: waitBlocking, kill: killChild },
    steps: [CHILD_EXIT, T(1)],
    check: ({ w, trs, res }) => {
      expect(res(1)).toEqual(ok(0));
      expect(procByInc(w, 1)).toMatchObject({ state: 'zombie', status: exited(3) });
      expect(trs[1]!.events.signals).toEqual([{ pid: PID_A, inc: 1, wasRunning: false, signal: KILL }]);
    },
  },
  {
    title: 'K6: kill(pid, 0) on a zombie returns 0: it cannot tell that the child exited',
    def: { wait: waitBlocking, kill: (p) => void p.kill(CHILD, 0, r).return(RUNNING) },
    steps: [CHILD_EXIT, T(1)],
    check: ({ trs, res }) => {
      expect(res(1)).toEqual(ok(0));
      expect(trs[1]!.events.signals).toEqual([]);
    },
  },
  {
    title: 'K7: kill on a free number gives ESRCH',
    def: { wait: waitBlocking, kill: killChild },
    steps: [CHILD_EXIT, T(0), T(1)],
    check: ({ trs, res }) => {
      expect(res(2)).toEqual(fail('ESRCH'));
      expect(trs[2]!.events.signals).toEqual([]);
    },
  },
  {
    title: 'K7: kill on a recycled number reaches the new owner',
    def: { wait: waitBlocking, kill: killChild },
    sc: quiet({ spawner: 'unrelated' }),
    steps: [CHILD_EXIT, T(0), SPAWN(PID_A), T(1)],
    check: ({ w, trs, res }) => {
      expect(res(3)).toEqual(ok(0));
      expect(procByInc(w, 2)).toMatchObject({ pid: PID_A, parent: 'other', state: 'zombie', status: signaled(KILL) });
      expect(trs[3]!.events.signals).toEqual([{ pid: PID_A, inc: 2, wasRunning: true, signal: KILL }]);
    },
  },
];

describe('kernel facts K1–K7', () => {
  it.each(CASES.map((c) => [c.title, c] as const))('%s', (_title, c) => runCase(c));
});

/**
 * Regressions: bugs found by this suite, fixed since; what was wrong: syscalls.ts reads
 * waitpid(0) and waitpid(-n) as waitpid(-1) (SIMPLIFICATION), but threadChoices (thread-step.ts)
 * only offers one branch per zombie when the pid is exactly -1: with pid 0 the model always reaps
 * the first zombie in the table, and schedules where it reaps another are never explored.
 */
describe('model bugs (K5)', () => {
  it('regression: waitpid(0, WNOHANG), read as waitpid(-1), offers only one of two zombie children', () => {
    const inst = instance({ wait: (p) => void p.waitpid(0, ['WNOHANG'], r).return(RUNNING) }, quiet({ spawner: 'sibling' }));
    const { world } = run(inst, [CHILD_EXIT, SPAWN(PID_B), SIBLING_EXIT(PID_B)]);
    const threadSteps = enabledSteps(inst, world).filter((s) => s.kind === 'thread');
    expect(threadSteps).toEqual([T(0, PID_A), T(0, PID_B)]);
  });
});
