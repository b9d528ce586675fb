/**
 * CPython's `subprocess.Popen` internals as fragments (Lib/subprocess.py, 3.8–3.13): `_wait`,
 * `_internal_poll` and `send_signal`. Several catalogue entries inline them, as the libraries do.
 * A fragment's "return X" is handed to `ret`, so the same code serves as a role's own program
 * (`p.return`) and inlined in another (set a register, jump on).
 */
import type { OperandLike, ProgramBuilder } from '../model/strategy/builder.ts';
import { CHILD, isNone, ne, reg } from '../model/strategy/builder.ts';
import { ALREADY_EXITED, RUNNING, SIGNALS, exited, signaled } from '../model/values.ts';

/** What a fragment does where the pseudo-code says "return X" (with `orElse` when X may be none). */
export type Ret = (p: ProgramBuilder, value: OperandLike, orElse?: OperandLike) => void;

export const returnRet: Ret = (p, v, orElse) => void p.return(v, orElse);

/** Shared state of a Popen object. */
export const POPEN_SHARED = { mutexes: ['waitpid_lock'], vars: { returncode: null } } as const;

const rc = reg('rc');
const r = reg('r');

/**
 * After a waitpid: `ECHILD` becomes exit status 0 ("this child is dead, we can't get the status",
 * bpo-15756), a reap of the child stores its status.
 */
function storeReturncode(p: ProgramBuilder): void {
  const checkPid = p.fresh('check-pid');
  const done = p.fresh('stored');
  p.jumpIf(ne(r.err, 'ECHILD'), checkPid);
  p.write('returncode', exited(0));
  p.jump(done);
  p.label(checkPid);
  p.jumpIf(ne(r.pid, CHILD), done);
  p.write('returncode', r.status);
  p.label(done);
}

/** `Popen.wait()`: holds `_waitpid_lock` across the blocking waitpid. */
export function popenWait(p: ProgramBuilder, ret: Ret): void {
  const loop = p.fresh('loop');
  const doWait = p.fresh('do-wait');
  p.label(loop);
  p.read('returncode', rc);
  const notYet = p.fresh('not-yet');
  p.jumpIf(isNone(rc), notYet);
  ret(p, rc);
  p.label(notYet);
  p.lock('waitpid_lock');
  p.read('returncode', rc);
  p.jumpIf(isNone(rc), doWait);
  p.unlock('waitpid_lock');
  ret(p, rc);
  p.label(doWait);
  p.waitpid(CHILD, 0, r);
  storeReturncode(p);
  p.unlock('waitpid_lock');
  p.jump(loop);
}

/** `Popen.poll()`: only *tries* `_waitpid_lock`; reaps with WNOHANG. */
export function popenPoll(p: ProgramBuilder, ret: Ret): void {
  const got = reg('got');
  const l1 = p.fresh('poll-locked');
  const l2 = p.fresh('poll-none');
  const l3 = p.fresh('poll-trylock');
  p.read('returncode', rc);
  p.jumpIf(isNone(rc), l3);
  ret(p, rc);
  p.label(l3);
  p.trylock('waitpid_lock', got);
  p.jumpIf(got, l1);
  ret(p, RUNNING);
  p.label(l1);
  p.read('returncode', rc);
  p.jumpIf(isNone(rc), l2);
  p.unlock('waitpid_lock');
  ret(p, rc);
  p.label(l2);
  p.waitpid(CHILD, ['WNOHANG'], r);
  storeReturncode(p);
  p.unlock('waitpid_lock');
  // "return returncode, or running if none", after the unlock: re-reads the variable.
  p.read('returncode', rc);
  ret(p, rc, RUNNING);
}

/** Python 3.9+ `Popen.send_signal(SIGKILL)`: poll first (may reap!), then kill if still unknown; ESRCH ignored. */
export function popenKill39(p: ProgramBuilder, ret: Ret): void {
  const afterPoll = p.fresh('after-poll');
  p.inline((q) => popenPoll(q, (qq) => void qq.jump(afterPoll)));
  p.label(afterPoll);
  p.read('returncode', rc);
  const go = p.fresh('send');
  p.jumpIf(isNone(rc), go);
  ret(p, ALREADY_EXITED);
  p.label(go);
  p.kill(CHILD, SIGNALS.SIGKILL, r);
  const sent = p.fresh('sent');
  p.jumpIf(ne(r.err, 'ESRCH'), sent);
  ret(p, ALREADY_EXITED);
  p.label(sent);
  ret(p, signaled(SIGNALS.SIGKILL));
}

