import type { ProgramBuilder } from '../model/strategy/builder.ts';
import { CHILD, errorOf, isNone, isSet, ne, reg, strategy } from '../model/strategy/builder.ts';
import type { Value } from '../model/values.ts';
import { ALREADY_EXITED, RUNNING, SIGNALS, exited, signaled } from '../model/values.ts';
import type { Ret } from './popen.ts';
import { POPEN_SHARED, popenKill39, popenWait } from './popen.ts';

const r = reg('r');
const st = reg('st');
const rc = reg('rc');
const res = reg('res');

/** Inline a fragment whose "return X" stores X in `into` and continues after it. */
function inlineInto(p: ProgramBuilder, into: typeof res, fragment: (p: ProgramBuilder, ret: Ret) => void): void {
  const after = p.fresh('after');
  fragment(p, (q, v) => {
    q.set(into, v);
    q.jump(after);
  });
  p.label(after);
}

/** duct.py 0.6.x `SharedChild` on Python 3.9: its `Popen.kill()` polls, and may reap under the waiter's WNOWAIT wait. */
export const duct063py39 = strategy({
  name: 'duct-0.6.3-py39',
  description:
    "duct.py 0.6.0–0.6.3's SharedChild running on Python 3.9. The waiter blocks in waitid(WNOWAIT) without the status lock, " +
    'then reaps through Popen.wait() under it; the killer calls Popen.kill(), which on 3.9 polls first — and that can reap ' +
    "the child, so the waiter's waitid fails with ECHILD: the crash of bpo-42558.",
  versions: 'duct.py 0.6.0–0.6.3 on CPython 3.9+',
  sources: ['duct.py 0.6.3 SharedChild', 'bpo-42558 (shared/seed/bpo-42558.txt)', 'duct.py commit 5dfae70'],
  shared: { mutexes: ['wait_lock', 'status_lock', ...POPEN_SHARED.mutexes], vars: { status: null, ...POPEN_SHARED.vars } },
  wait(p) {
    p.lock('wait_lock');
    p.lock('status_lock');
    p.read('status', st);
    const unknown = p.fresh('unknown');
    p.jumpIf(isNone(st), unknown);
    p.unlock('status_lock');
    p.unlock('wait_lock');
    p.return(st);
    p.label(unknown);
    p.unlock('status_lock');
    p.waitid('P_PID', CHILD, ['WEXITED', 'WNOWAIT'], r);
    const exitedOk = p.fresh('exited');
    p.jumpIf(isNone(r.err), exitedOk);
    p.unlock('wait_lock');
    p.return(errorOf(r.err)); // ChildProcessError escapes
    p.label(exitedOk);
    p.lock('status_lock');
    inlineInto(p, res, popenWait);
    p.write('status', res);
    p.unlock('status_lock');
    p.unlock('wait_lock');
    p.return(res);
  },
  kill(p) {
    p.lock('status_lock');
    p.read('status', st);
    p.set(res, ALREADY_EXITED);
    const skip = p.fresh('skip');
    p.jumpIf(isSet(st), skip);
    inlineInto(p, res, popenKill39);
    p.label(skip);
    p.unlock('status_lock');
    p.return(res);
  },
});

/**
 * `Popen.poll()` as duct 1.0 calls it: always under `m`, so Popen's own lock is always free.
 * SIMPLIFICATION (strategies.md): a plain waitpid(CHILD, WNOHANG), ECHILD → exited(0).
 */
function ductPopenPoll(p: ProgramBuilder): void {
  const checkPid = p.fresh('check-pid');
  const done = p.fresh('polled');
  p.waitpid(CHILD, ['WNOHANG'], r);
  p.jumpIf(ne(r.err, 'ECHILD'), checkPid);
  p.write('returncode', exited(0) as Value);
  p.jump(done);
  p.label(checkPid);
  p.jumpIf(ne(r.pid, CHILD), done);
  p.write('returncode', r.status);
  p.label(done);
}

/** duct.py 1.0 / shared_child.rs 1.0.2+: one lock, a condvar, a WNOWAIT wait that never reaps and holds no lock. */
export const duct10 = strategy({
  name: 'duct-1.0',
  description:
    'duct.py 1.0 (ported from shared_child.rs 1.0.2). One mutex and a condition variable; the blocking wait is ' +
    'waitid(WNOWAIT), which never reaps and holds no lock; reaping (through Popen.poll) and killing both happen under the mutex, ' +
    'so a kill can only reach the child or its zombie.',
  versions: 'duct.py 1.0.0; shared_child.rs 1.0.2+',
  sources: ['duct.py 1.0.0 SharedChild', 'shared_child.rs 1.0.2 (src/lib.rs)', 'bpo-42558 msg382498 (the strategy)'],
  shared: { mutexes: ['m'], conds: ['cv'], vars: { waiting: false, returncode: null } },
  wait(p) {
    const wt = reg('wt');
    p.lock('m');
    const check = p.fresh('while-waiting');
    const free = p.fresh('not-waiting');
    p.label(check);
    p.read('waiting', wt);
    p.jumpIf(isNone(wt), free);
    p.condWait('cv', 'm');
    p.jump(check);
    p.label(free);
    const unlockReturn = p.fresh('unlock-return');
    p.read('returncode', rc);
    p.jumpIf(isSet(rc), unlockReturn);
    ductPopenPoll(p);
    p.read('returncode', rc);
    p.jumpIf(isSet(rc), unlockReturn);
    p.write('waiting', true);
    p.unlock('m');
    p.waitid('P_PID', CHILD, ['WEXITED', 'WNOWAIT'], r);
    p.lock('m');
    p.write('waiting', false);
    p.notifyAll('cv');
    const fine = p.fresh('fine');
    p.jumpIf(isNone(r.err), fine);
    p.unlock('m');
    p.return(errorOf(r.err));
    p.label(fine);
    ductPopenPoll(p);
    p.unlock('m');
    // "return returncode" after the unlock re-reads it; a final poll that reaped nothing leaves it none: running.
    p.read('returncode', rc);
    p.return(rc, RUNNING);
    p.label(unlockReturn);
    p.unlock('m');
    p.return(rc);
  },
  poll(p) {
    const wt = reg('wt');
    p.lock('m');
    const l1 = p.fresh('unknown');
    p.read('returncode', rc);
    p.jumpIf(isNone(rc), l1);
    p.unlock('m');
    p.return(rc);
    p.label(l1);
    const l2 = p.fresh('nobody-waits');
    p.read('waiting', wt);
    p.jumpIf(isNone(wt), l2);
    p.unlock('m');
    p.return(RUNNING);
    p.label(l2);
    ductPopenPoll(p);
    p.unlock('m');
    p.read('returncode', rc);
    p.return(rc, RUNNING);
  },
  kill(p) {
    p.lock('m');
    p.read('returncode', rc);
    const done = p.fresh('done');
    p.jumpIf(isSet(rc), done);
    p.kill(CHILD, SIGNALS.SIGKILL);
    p.unlock('m');
    p.return(signaled(SIGNALS.SIGKILL));
    p.label(done);
    p.unlock('m');
    p.return(ALREADY_EXITED);
  },
});
