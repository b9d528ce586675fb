import { CHILD, errorOf, extend, isSet, reg, strategy } from '../model/strategy/builder.ts';
import { ALREADY_EXITED, SIGNALS, signaled } from '../model/values.ts';
import { POPEN_SHARED, popenKill39, popenPoll, popenWait, returnRet } from './popen.ts';

const rc = reg('rc');
const r = reg('r');

/** `subprocess.Popen` up to Python 3.8: `send_signal` checks `returncode` without any lock. */
export const cpython38 = strategy({
  name: 'cpython-3.8',
  description:
    "subprocess.Popen up to Python 3.8. wait() holds _waitpid_lock across the blocking waitpid; poll() only tries the lock; " +
    'send_signal() checks returncode without any lock and kills by number. A waitpid that fails with ECHILD becomes exit status 0 (bpo-15756).',
  versions: 'CPython 3.0–3.8',
  sources: ['CPython 3.8 Lib/subprocess.py (_wait, _internal_poll, _try_wait, send_signal)', 'bpo-15756'],
  shared: POPEN_SHARED,
  wait: (p) => popenWait(p, returnRet),
  poll: (p) => popenPoll(p, returnRet),
  kill(p) {
    p.read('returncode', rc);
    p.if(isSet(rc), (q) => q.return(ALREADY_EXITED));
    p.kill(CHILD, SIGNALS.SIGKILL, r);
    p.returnIf(r.err, errorOf(r.err)); // 3.8 lets ProcessLookupError escape
    p.return(signaled(SIGNALS.SIGKILL));
  },
});

/** Python 3.9+: as 3.8, except that `Popen.send_signal` polls first, which may reap the child (bpo-38630, bpo-42558). */
export const cpython39 = extend(cpython38, {
  name: 'cpython-3.9',
  description:
    'subprocess.Popen from Python 3.9: send_signal() first runs poll() — which may reap the child as a side effect — ' +
    'and ignores ESRCH. wait() and poll() as in 3.8. The poll narrows the kill/wait race but does not close it.',
  versions: 'CPython 3.9–3.14',
  sources: ['CPython 3.9–3.13 Lib/subprocess.py', 'bpo-38630 (the change)', 'bpo-42558 (shared/seed/bpo-42558.txt)'],
  kill: (p) => popenKill39(p, returnRet),
});
