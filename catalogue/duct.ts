import type { ProgramBuilder } from '../model/strategy/builder.ts';
import { CHILD, errorOf, extend, isNone, isSet, reg, strategy } from '../model/strategy/builder.ts';
import { ALREADY_EXITED, RUNNING, SIGNALS, signaled } from '../model/values.ts';
import type { Ret } from './popen.ts';
import { POPEN_SHARED, popenKill39, popenReap, popenWait } from './popen.ts';

const r = reg('r');
const st = reg('st');
const rc = reg('rc');
const res = reg('res');
const wt = reg('wt');

/** Inline a fragment whose "return X" stores X in `into` and continues after it. */
function inlineInto(p: ProgramBuilder, into: typeof res, fragment: (p: ProgramBuilder, ret: Ret) => void): void {
  const after = p.fresh('after');
  fragment(p, (q, v) => void q.set(into, v).jump(after));
  p.label(after);
}

/** The WNOWAIT wait both duct versions block in, holding no lock; if it fails: unlock `lock`, ChildProcessError escapes. */
export function ductWaitNoWait(p: ProgramBuilder, lock: string, between?: (p: ProgramBuilder) => void): void {
  p.waitid('P_PID', CHILD, ['WEXITED', 'WNOWAIT'], r);
  between?.(p);
  p.if(r.err, (q) => q.unlock(lock).return(errorOf(r.err)));
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
    p.lock('wait_lock').lock('status_lock').read('status', st);
    p.if(isSet(st), (q) => q.unlock('status_lock').unlock('wait_lock').return(st));
    p.unlock('status_lock');
    ductWaitNoWait(p, 'wait_lock');
    p.lock('status_lock');
    inlineInto(p, res, popenWait);
    p.write('status', res).unlock('status_lock').unlock('wait_lock').return(res);
  },
  kill(p) {
    p.lock('status_lock').read('status', st).set(res, ALREADY_EXITED);
    p.if(isNone(st), (q) => inlineInto(q, res, popenKill39));
    p.unlock('status_lock').return(res);
  },
});

/** duct 1.0's shared memory: one mutex, a condvar, and Popen's returncode. */
export const DUCT_SHARED = { mutexes: ['m'], conds: ['cv'], vars: { waiting: false, returncode: null } } as const;

/** duct 1.0 `SharedChild.wait()`: wait out another waiter, poll, then the WNOWAIT wait without the lock, and reap under it. */
export function ductWait(p: ProgramBuilder): void {
  const check = p.fresh('while-waiting');
  const free = p.fresh('not-waiting');
  const unlockReturn = p.fresh('unlock-return');
  p.lock('m').label(check).read('waiting', wt).jumpIf(isNone(wt), free);
  p.condWait('cv', 'm').jump(check).label(free);
  p.read('returncode', rc).jumpIf(isSet(rc), unlockReturn);
  popenReap(p);
  p.read('returncode', rc).jumpIf(isSet(rc), unlockReturn);
  p.write('waiting', true).unlock('m');
  ductWaitNoWait(p, 'm', (q) => q.lock('m').write('waiting', false).notifyAll('cv'));
  popenReap(p);
  // "return returncode" after the unlock re-reads it; a final poll that reaped nothing leaves it none: running.
  p.unlock('m').read('returncode', rc).return(rc, RUNNING);
  p.label(unlockReturn).unlock('m').return(rc);
}

/** duct 1.0 `SharedChild.try_wait()`: never reaps while another thread waits. */
export function ductPoll(p: ProgramBuilder): void {
  p.lock('m').read('returncode', rc);
  p.if(isSet(rc), (q) => q.unlock('m').return(rc));
  p.read('waiting', wt);
  p.if(isSet(wt), (q) => q.unlock('m').return(RUNNING));
  popenReap(p);
  p.unlock('m').read('returncode', rc).return(rc, RUNNING);
}

/** duct 1.0 `SharedChild.kill()`: under the mutex, only while the child is unreaped. */
export function ductKill(p: ProgramBuilder): void {
  p.lock('m').read('returncode', rc);
  p.if(isNone(rc), (q) => q.kill(CHILD, SIGNALS.SIGKILL).unlock('m').return(signaled(SIGNALS.SIGKILL)));
  p.unlock('m').return(ALREADY_EXITED);
}

/**
 * duct.py 1.0 / shared_child.rs 1.0.2+: one lock, a condvar, a WNOWAIT wait that never reaps and
 * holds no lock. Built on 0.6.3, as the library was; every program and the memory are new.
 */
export const duct10 = extend(duct063py39, {
  name: 'duct-1.0',
  description:
    'duct.py 1.0 (ported from shared_child.rs 1.0.2). One mutex and a condition variable; the blocking wait is ' +
    'waitid(WNOWAIT), which never reaps and holds no lock; reaping (through Popen.poll) and killing both happen under the mutex, ' +
    'so a kill can only reach the child or its zombie.',
  versions: 'duct.py 1.0.0; shared_child.rs 1.0.2+',
  sources: ['duct.py 1.0.0 SharedChild', 'shared_child.rs 1.0.2 (src/lib.rs)', 'bpo-42558 msg382498 (the strategy)'],
  shared: DUCT_SHARED,
  wait: ductWait,
  poll: ductPoll,
  kill: ductKill,
});
