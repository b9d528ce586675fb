/**
 * The kernel model against kernel-facts.md K8–K13 (pidfds, waitid(P_PIDFD), poll, SIGCHLD
 * ignored), the POSIX fd rule and model-spec §2's two-step blocking calls. Same table shape as
 * kernel-facts.test.ts (K1–K7).
 *
 * K12 (PIDFD_GET_INFO returns the exit status after a foreign reap) is not encoded: the strategy
 * language has no ioctl, and no catalogue strategy uses it (Rust std's ECHILD fallback is not in
 * the catalogue), so there is nothing of the model to test against it.
 */
import { describe, it, expect } from 'vitest';
import { CHILD, reg } from '../../model/strategy/builder.ts';
import type { ProgramBuilder } from '../../model/strategy/builder.ts';
import { RUNNING, SIGNALS, exited, fail, ok, signaled } from '../../model/values.ts';
import type { TinyDef } from '../helpers/worlds.ts';
import type { ModelCase } from '../helpers/cases.ts';
import { runCase } from '../helpers/cases.ts';
import { CHILD_EXIT, PID_A, SPAWN, T, holder, isEnabled, procByInc, quiet, threadCanStep } from '../helpers/worlds.ts';

const r = reg('r');
const fd = reg('fd');
const KILL = SIGNALS.SIGKILL;

/** The pidfd made at spawn time, as the pidfd strategies do (clone(CLONE_PIDFD)): fd 3. */
const pidfdAtSpawn = (p: ProgramBuilder) => void p.pidfdOpen(CHILD, r).set(fd, r.ret);
const reapByNumber: TinyDef['wait'] = (p) => void p.waitpid(CHILD, 0, r).return(RUNNING);
const waitPidfd: TinyDef['wait'] = (p) => void p.waitid('P_PIDFD', fd, ['WEXITED'], r).return(RUNNING);
const signalPidfd: TinyDef['kill'] = (p) => void p.pidfdSendSignal(fd, KILL, r).return(RUNNING);
const pollPidfd: TinyDef['wait'] = (p) => void p.poll(fd, r).return(RUNNING);

const CASES: ModelCase[] = [
  {
    title: 'K8: pidfd_open on a zombie succeeds and binds the incarnation',
    def: { wait: (p) => void p.pidfdOpen(CHILD, r).return(RUNNING) },
    steps: [CHILD_EXIT, T(0)],
    check: ({ w, res }) => {
      expect(res(1)).toEqual(ok(3));
      expect(w.fds).toEqual([{ kind: 'pidfd', inc: 1, byChurner: false }]);
    },
  },
  {
    title: 'K8: pidfd_open after the reap gives ESRCH and opens nothing',
    def: { wait: (p) => void p.waitpid(CHILD, 0, r).pidfdOpen(CHILD, r).return(RUNNING) },
    steps: [CHILD_EXIT, T(0), T(0)],
    check: ({ w, res }) => {
      expect(res(2)).toEqual(fail('ESRCH'));
      expect(w.fds).toEqual([]);
    },
  },
  {
    title: 'K8: pidfd_open resolves the number now: after reuse it binds the new owner',
    def: { wait: (p) => void p.waitpid(CHILD, 0, r).pidfdOpen(CHILD, r).return(RUNNING) },
    sc: quiet({ spawner: 'unrelated' }),
    steps: [CHILD_EXIT, T(0), SPAWN(PID_A), T(0)],
    check: ({ w, res }) => {
      expect(res(3)).toEqual(ok(3));
      expect(w.fds).toEqual([{ kind: 'pidfd', inc: 2, byChurner: false }]);
    },
  },
  {
    title: 'K9: pidfd_send_signal on a running child delivers the signal',
    def: { setup: pidfdAtSpawn, wait: reapByNumber, kill: signalPidfd },
    steps: [T(1)],
    check: ({ w, res }) => {
      expect(res(0)).toEqual(ok(0));
      expect(procByInc(w, 1)).toMatchObject({ state: 'zombie', status: signaled(KILL) });
    },
  },
  {
    title: 'K9: pidfd_send_signal on a zombie returns 0 and changes nothing',
    def: { setup: pidfdAtSpawn, wait: reapByNumber, kill: signalPidfd },
    steps: [CHILD_EXIT, T(1)],
    check: ({ w, res }) => {
      expect(res(1)).toEqual(ok(0));
      expect(procByInc(w, 1)).toMatchObject({ state: 'zombie', status: exited(3) });
    },
  },
  {
    title: 'K9: pidfd_send_signal after the reap gives ESRCH',
    def: { setup: pidfdAtSpawn, wait: reapByNumber, kill: signalPidfd },
    steps: [CHILD_EXIT, T(0), T(1)],
    check: ({ res }) => expect(res(2)).toEqual(fail('ESRCH')),
  },
  {
    title: 'K9: pidfd_send_signal never reaches a process that reused the number',
    def: { setup: pidfdAtSpawn, wait: reapByNumber, kill: signalPidfd },
    sc: quiet({ spawner: 'unrelated' }),
    steps: [CHILD_EXIT, T(0), SPAWN(PID_A), T(1)],
    check: ({ w, trs, res }) => {
      expect(res(3)).toEqual(fail('ESRCH'));
      expect(trs[3]!.events.signals).toEqual([]);
      expect(holder(w, PID_A)).toMatchObject({ inc: 2, state: 'running' });
    },
  },
  {
    title: 'K9: pidfd_send_signal on an fd that is not open gives EBADF',
    def: { wait: reapByNumber, kill: (p) => void p.pidfdSendSignal(7, KILL, r).return(RUNNING) },
    steps: [T(1)],
    check: ({ res }) => expect(res(0)).toEqual(fail('EBADF')),
  },
  {
    title: "K10: waitid(P_PIDFD) blocks on the pidfd's process and reaps it with its status",
    def: { setup: pidfdAtSpawn, wait: waitPidfd },
    steps: [T(0), CHILD_EXIT, T(0)],
    check: ({ w, trs, res }) => {
      expect(trs[0]!.after.threads[0]!.block).toEqual({ kind: 'wait', inc: 1 });
      expect(res(2)).toEqual(ok(0, PID_A, exited(3)));
      expect(procByInc(w, 1).state).toBe('reaped');
    },
  },
  {
    title: 'K10: waitid(P_PIDFD) after another thread reaped the child gives ECHILD',
    def: { setup: pidfdAtSpawn, wait: waitPidfd, kill: reapByNumber },
    steps: [CHILD_EXIT, T(1), T(0)],
    check: ({ res }) => expect(res(2)).toEqual(fail('ECHILD')),
  },
  {
    title: 'K10: waitid(P_PIDFD) never matches a sibling that reused the number (ECHILD)',
    def: { setup: pidfdAtSpawn, wait: waitPidfd, kill: reapByNumber },
    sc: quiet({ spawner: 'sibling' }),
    steps: [CHILD_EXIT, T(1), SPAWN(PID_A), T(0)],
    check: ({ w, res }) => {
      expect(res(3)).toEqual(fail('ECHILD'));
      expect(holder(w, PID_A)).toMatchObject({ inc: 2, role: 'sibling', state: 'running' });
    },
  },
  {
    title: 'K10: waitid(P_PIDFD) on a closed fd gives EBADF',
    def: { setup: pidfdAtSpawn, wait: (p) => void p.close(fd).waitid('P_PIDFD', fd, ['WEXITED'], r).return(RUNNING) },
    steps: [T(0), T(0)],
    check: ({ res }) => {
      expect(res(0)).toEqual(ok(0));
      expect(res(1)).toEqual(fail('EBADF'));
    },
  },
  {
    title: 'K10: waitid(P_PIDFD) on an fd that is not a pidfd gives EINVAL',
    def: { wait: (p) => void p.waitid('P_PIDFD', 3, ['WEXITED'], r).return(RUNNING) },
    sc: quiet({ fdChurner: true }),
    steps: [{ kind: 'churn-open' }, T(0)],
    check: ({ trs, res }) => {
      expect(trs[0]!.after.fds).toEqual([{ kind: 'file', byChurner: true }]);
      expect(res(1)).toEqual(fail('EINVAL'));
    },
  },
  {
    title: 'K11: poll on a pidfd blocks while the child runs and is readable once it is a zombie',
    def: { setup: pidfdAtSpawn, wait: pollPidfd },
    steps: [T(0), CHILD_EXIT, T(0)],
    check: ({ inst, trs, res }) => {
      expect(trs[0]!.info.phase).toBe('enter');
      expect(threadCanStep(inst, trs[0]!.after, 0)).toBe(false);
      expect(threadCanStep(inst, trs[1]!.after, 0)).toBe(true);
      expect(trs[2]!.info.phase).toBe('complete');
      expect(res(2)).toEqual(ok(1));
      expect(procByInc(trs[2]!.after, 1).state).toBe('zombie'); // poll never reaps
    },
  },
  {
    title: 'K11: poll on the pidfd of an already reaped child is readable at once',
    def: { setup: pidfdAtSpawn, wait: pollPidfd, kill: reapByNumber },
    steps: [CHILD_EXIT, T(1), T(0)],
    check: ({ trs, res }) => {
      expect(trs[2]!.info.phase).toBe('call');
      expect(res(2)).toEqual(ok(1));
    },
  },
  {
    title: 'K13: with SIGCHLD ignored an exiting child is reaped by the kernel: its number is free at once',
    def: { wait: reapByNumber },
    sc: quiet({ sigchldIgnored: true, spawner: 'unrelated' }),
    steps: [CHILD_EXIT],
    check: ({ inst, w, trs }) => {
      expect(procByInc(w, 1)).toMatchObject({ state: 'reaped', status: exited(3) });
      expect(trs[0]!.events.reaps).toEqual([]); // the kernel reaped it, no thread did
      expect(isEnabled(inst, w, SPAWN(PID_A))).toBe(true);
    },
  },
  {
    title: 'K13: with SIGCHLD ignored a wait started after the exit gives ECHILD',
    def: { wait: reapByNumber },
    sc: quiet({ sigchldIgnored: true }),
    steps: [CHILD_EXIT, T(0)],
    check: ({ res }) => expect(res(1)).toEqual(fail('ECHILD')),
  },
  {
    title: 'K13: with SIGCHLD ignored a blocked wait wakes with ECHILD when the child is killed',
    def: { wait: reapByNumber, kill: (p) => void p.kill(CHILD, KILL, r).return(RUNNING) },
    sc: quiet({ sigchldIgnored: true }),
    steps: [T(0), T(1), T(0)],
    check: ({ w, res }) => {
      expect(procByInc(w, 1)).toMatchObject({ state: 'reaped', status: signaled(KILL) });
      expect(res(2)).toEqual(fail('ECHILD'));
    },
  },
  {
    title: 'POSIX: a new fd takes the lowest free number, from 3 up',
    def: {
      wait: (p) => void p.pidfdOpen(CHILD, 'a').pidfdOpen(CHILD, 'b').pidfdOpen(CHILD, 'c').close(4).pidfdOpen(CHILD, 'd').return(RUNNING),
    },
    steps: [T(0), T(0), T(0), T(0), T(0)],
    check: ({ res }) => expect([0, 1, 2, 3, 4].map((i) => (res(i) as { ret: number }).ret)).toEqual([3, 4, 5, 0, 4]),
  },
  {
    title: 'POSIX: close of an fd that is not open gives EBADF',
    def: { setup: pidfdAtSpawn, wait: (p) => void p.close(fd).close(fd).return(RUNNING) },
    steps: [T(0), T(0)],
    check: ({ w, res }) => {
      expect([res(0), res(1)]).toEqual([ok(0), fail('EBADF')]);
      expect(w.fds).toEqual([]);
    },
  },
  {
    title: 'model-spec §2: a blocking wait takes two steps, enter (bound, disabled) and complete',
    def: { wait: reapByNumber },
    steps: [T(0), CHILD_EXIT, T(0)],
    check: ({ inst, trs, res }) => {
      expect(trs[0]!.info).toMatchObject({ phase: 'enter', result: null });
      expect(trs[0]!.after.threads[0]).toMatchObject({ pc: 0, block: { kind: 'wait', inc: 1 } });
      expect(threadCanStep(inst, trs[0]!.after, 0)).toBe(false);
      expect(trs[2]!.info.phase).toBe('complete');
      expect(trs[2]!.after.threads[0]!.block).toBeNull();
      expect(res(2)).toEqual(ok(PID_A, PID_A, exited(3)));
    },
  },
];

describe('kernel facts K8–K13, fds, blocking calls', () => {
  it.each(CASES.map((c) => [c.title, c] as const))('%s', (_title, c) => runCase(c));
});
