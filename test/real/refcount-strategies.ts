/**
 * Strategies whose shared memory is a reference count updated by read-modify-write instructions
 * inside `atomic` blocks: the shape of Go 1.23's os.Process pidfd handle (src/os/exec.go
 * handleTransientAcquire / handleTransientRelease / handlePersistentRelease, src/os/pidfd_linux.go
 * pidfdWait / pidfdSendSignal). Go keeps one word, a count of the handle's users plus a "done" status,
 * and changes it with a CompareAndSwap loop; the pidfd is closed by whoever drops the count to 0,
 * so a pidfd_send_signal can never go out through a closed (and reused) fd number.
 *
 * Test strategies, not catalogue entries: they exist so that the real replayer is made to run
 * `add` and `cas` inside `atomic` blocks (test/real/atomic-rmw.test.ts).
 */
import type { ProgramBuilder } from '../../model/strategy/builder.ts';
import { CHILD, eq, errorOf, isNone, ne, plus, reg, strategy } from '../../model/strategy/builder.ts';
import { ALREADY_EXITED, SIGNALS, signaled } from '../../model/values.ts';

const r = reg('r');
const fd = reg('fd');
const opened = reg('opened');
const done = reg('d');
const count = reg('n');
const swapped = reg('ok');

/** The pidfd made with the process (Go's StartProcess uses clone(CLONE_PIDFD)): the persistent reference is the count's initial 1. */
function openAtSpawn(p: ProgramBuilder): void {
  p.pidfdOpen(CHILD, opened);
  p.set(fd, opened.ret);
}

/** After the count was dropped to `n`: the last user closes the pidfd. */
function closeIfLast(p: ProgramBuilder, n: typeof count): void {
  const keep = p.fresh('keep');
  p.jumpIf(ne(n, 0), keep);
  p.close(fd);
  p.label(keep);
}

// ---- with add: the CAS loop's effect as one atomic step (a count and a status read together) ----

/**
 * handleTransientAcquire: no new user once the status is done; else one more user. (A jump may
 * leave an atomic block only through its end, so "done" is branched on again after it.)
 */
function acquireByAdd(p: ProgramBuilder, gone: string): void {
  p.atomic((q) => {
    const out = q.fresh('acquired');
    q.read('done', done);
    q.jumpIf(done, out);
    q.add('refs', 1);
    q.label(out);
  });
  p.jumpIf(done, gone);
}

/** handleTransientRelease: one user fewer, and branch on the count it left. */
function releaseByAdd(p: ProgramBuilder): void {
  p.atomic((q) => q.add('refs', -1, count));
  closeIfLast(p, count);
}

/** handlePersistentRelease(statusDone): once only (the status is checked first). */
function persistentReleaseByAdd(p: ProgramBuilder): void {
  p.set(count, 1);
  p.atomic((q) => {
    const out = q.fresh('released');
    q.read('done', done);
    q.jumpIf(done, out);
    q.write('done', true);
    q.add('refs', -1, count);
    q.label(out);
  });
  closeIfLast(p, count);
}

/** Go 1.23's pidfd handle, its reference count changed by `add` inside `atomic`. */
export const goPidfdRefcountAdd = strategy({
  name: 'go-1.23-pidfd-refcount-add',
  description:
    'Go 1.23 os.Process with a pidfd handle: every user of the pidfd takes a reference (refs, started at 1 for the Process) ' +
    'unless the status is done, and the one that drops the count to 0 closes the pidfd. Wait takes a reference, waits with ' +
    'waitid(P_PIDFD), marks done and drops the persistent reference, then its own; Kill takes one around pidfd_send_signal. ' +
    'The count is changed with add inside atomic blocks (the effect of Go\'s CompareAndSwap loop, in one step).',
  versions: 'Go 1.23+ on Linux 5.4+',
  sources: ['go/src/os/exec.go (handleTransientAcquire, handleTransientRelease, handlePersistentRelease)', 'go/src/os/pidfd_linux.go (pidfdWait, pidfdSendSignal)'],
  shared: { vars: { refs: 1, done: false } },
  setup: openAtSpawn,
  wait(p) {
    acquireByAdd(p, 'gone');
    p.waitid('P_PIDFD', fd, ['WEXITED'], r);
    const failed = p.fresh('failed');
    p.jumpIf(r.err, failed);
    persistentReleaseByAdd(p);
    releaseByAdd(p);
    p.return(r.status);
    p.label(failed);
    releaseByAdd(p);
    p.return(errorOf(r.err));
    p.label('gone');
    p.return(errorOf('ECHILD'));
  },
  kill(p) {
    acquireByAdd(p, 'gone');
    p.pidfdSendSignal(fd, SIGNALS.SIGKILL, r);
    releaseByAdd(p);
    p.returnIf(eq(r.err, 'ESRCH'), ALREADY_EXITED);
    p.returnIf(r.err, errorOf(r.err));
    p.return(signaled(SIGNALS.SIGKILL));
    p.label('gone');
    p.return(ALREADY_EXITED);
  },
});

// ---- with cas: Go's CompareAndSwap loop itself ----

/**
 * handleTransientAcquire as Go writes it: Load the count (a step of its own), then, in one step,
 * check the status and CompareAndSwap(c, c + 1); another thread's change in between makes the
 * cas fail and the loop goes round again. `checkDone` false is the bug of taking a reference on a
 * handle that was already released.
 */
function acquireByCas(p: ProgramBuilder, gone: string, checkDone: boolean): void {
  const retry = p.fresh('acquire');
  p.label(retry);
  p.read('refs', count);
  p.atomic((q) => {
    const out = q.fresh('acquired');
    if (checkDone) {
      q.read('done', done);
      q.jumpIf(done, out);
    }
    q.cas('refs', count, plus(count, 1), swapped);
    q.label(out);
  });
  if (checkDone) p.jumpIf(done, gone);
  p.jumpIf(isNone(swapped), retry);
}

/** handleTransientRelease: the Load and the CompareAndSwap in one step (the cas's operands come from a read of the same block). */
function releaseByCas(p: ProgramBuilder): void {
  p.atomic((q) => {
    q.read('refs', count);
    q.cas('refs', count, plus(count, -1), swapped);
  });
  p.set(count, plus(count, -1));
  closeIfLast(p, count);
}

/** handlePersistentRelease(statusDone). */
function persistentReleaseByCas(p: ProgramBuilder): void {
  p.set(count, 1);
  p.atomic((q) => {
    const out = q.fresh('released');
    q.read('done', done);
    q.jumpIf(done, out);
    q.read('refs', count);
    q.cas('refs', count, plus(count, -1), swapped);
    q.write('done', true);
    q.set(count, plus(count, -1));
    q.label(out);
  });
  closeIfLast(p, count);
}

function goPidfdCas(name: string, checkDone: boolean, description: string) {
  return strategy({
    name,
    description,
    versions: checkDone ? 'Go 1.23+ on Linux 5.4+' : 'test strategy (a deliberate bug)',
    sources: ['go/src/os/exec.go (handleTransientAcquire, handleTransientRelease, handlePersistentRelease)', 'go/src/os/pidfd_linux.go (pidfdWait, pidfdSendSignal)'],
    shared: { vars: { refs: 1, done: false } },
    setup: openAtSpawn,
    wait(p) {
      acquireByCas(p, 'gone', true);
      p.waitid('P_PIDFD', fd, ['WEXITED'], r);
      const failed = p.fresh('failed');
      p.jumpIf(r.err, failed);
      persistentReleaseByCas(p);
      releaseByCas(p);
      p.return(r.status);
      p.label(failed);
      releaseByCas(p);
      p.return(errorOf(r.err));
      p.label('gone');
      p.return(errorOf('ECHILD'));
    },
    kill(p) {
      acquireByCas(p, 'gone', checkDone);
      p.pidfdSendSignal(fd, SIGNALS.SIGKILL, r);
      releaseByCas(p);
      p.returnIf(eq(r.err, 'ESRCH'), ALREADY_EXITED);
      p.returnIf(r.err, errorOf(r.err));
      p.return(signaled(SIGNALS.SIGKILL));
      p.label('gone');
      p.return(ALREADY_EXITED);
    },
  });
}

/** Go 1.23's pidfd handle with its CompareAndSwap loop: `cas` inside `atomic`. */
export const goPidfdRefcountCas = goPidfdCas(
  'go-1.23-pidfd-refcount-cas',
  true,
  'Go 1.23 os.Process with a pidfd handle, its reference count changed by a CompareAndSwap loop: Load the count, then in ' +
    'one step check the status and cas(c, c + 1), going round again when another user changed the count in between. ' +
    'The one that drops the count to 0 closes the pidfd.',
);

/** The same, with Kill taking a reference without checking the status: a pidfd_send_signal through a closed, reused fd. */
export const refcountCasNoStatus = goPidfdCas(
  'refcount-cas-no-status',
  false,
  'Go 1.23\'s pidfd handle with one check left out: Kill takes a reference (cas c → c + 1) without checking whether Wait ' +
    'already marked the handle done and closed the pidfd, and then signals through that fd number, which another open may have reused.',
);

export const REFCOUNT_STRATEGIES = [goPidfdRefcountAdd, goPidfdRefcountCas, refcountCasNoStatus] as const;
