/**
 * CPython's `subprocess.Popen` internals as fragments (Lib/subprocess.py, 3.8–3.13): `_wait`,
 * `_internal_poll` and `send_signal`. Several catalogue entries inline them, as the libraries do.
 * A fragment's "return X" is handed to `ret`, so the same code serves as a role's own program
 * (`p.return`) and inlined in another (set a register, jump on).
 */
import type { OperandLike, ProgramBuilder } from '../model/strategy/builder.ts';
import { CHILD, eq, isSet, not, reg } from '../model/strategy/builder.ts';
import { ALREADY_EXITED, RUNNING, SIGNALS, exited, signaled } from '../model/values.ts';

/** What a fragment does where the pseudo-code says "return X" (with `orElse` when X may be none). */
export type Ret = (p: ProgramBuilder, value: OperandLike, orElse?: OperandLike) => void;

/** What "return X" means in a Popen fragment used as a role's own program: the role returns X (the kill role inlines the poll with another `Ret`). */
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
  p.if(eq(r.err, 'ECHILD'), (q) => q.write('returncode', exited(0)), (q) => q.if(eq(r.pid, CHILD), (qq) => qq.write('returncode', r.status)));
}

/**
 * The reap of `Popen.poll()` without its lock, as duct 1.0 calls it (always under its own mutex,
 * so Popen's lock is always free). SIMPLIFICATION (strategies.md): a plain
 * waitpid(CHILD, WNOHANG), ECHILD → exited(0).
 */
export function popenReap(p: ProgramBuilder): void {
  p.waitpid(CHILD, ['WNOHANG'], r);
  storeReturncode(p);
}

/** `Popen.wait()`: holds `_waitpid_lock` across the blocking waitpid. */
export function popenWait(p: ProgramBuilder, ret: Ret): void {
  const loop = p.fresh('loop');
  p.label(loop).read('returncode', rc);
  p.if(isSet(rc), (q) => ret(q, rc));
  p.lock('waitpid_lock').read('returncode', rc);
  p.if(isSet(rc), (q) => ret(q.unlock('waitpid_lock'), rc));
  p.waitpid(CHILD, 0, r);
  storeReturncode(p);
  p.unlock('waitpid_lock').jump(loop);
}

/** `Popen.poll()`: only *tries* `_waitpid_lock`; reaps with WNOHANG. */
export function popenPoll(p: ProgramBuilder, ret: Ret): void {
  const got = reg('got');
  p.read('returncode', rc);
  p.if(isSet(rc), (q) => ret(q, rc));
  p.trylock('waitpid_lock', got);
  p.if(not(got), (q) => ret(q, RUNNING));
  p.read('returncode', rc);
  p.if(isSet(rc), (q) => ret(q.unlock('waitpid_lock'), rc));
  popenReap(p);
  // "return returncode, or running if none", after the unlock: re-reads the variable.
  p.unlock('waitpid_lock').read('returncode', rc);
  ret(p, rc, RUNNING);
}

/** Python 3.9+ `Popen.send_signal(SIGKILL)`: poll first (may reap!), then kill if still unknown; ESRCH ignored. */
export function popenKill39(p: ProgramBuilder, ret: Ret): void {
  const afterPoll = p.fresh('after-poll');
  popenPoll(p, (q) => void q.jump(afterPoll));
  p.label(afterPoll).read('returncode', rc);
  p.if(isSet(rc), (q) => ret(q, ALREADY_EXITED));
  p.kill(CHILD, SIGNALS.SIGKILL, r);
  p.if(eq(r.err, 'ESRCH'), (q) => ret(q, ALREADY_EXITED));
  ret(p, signaled(SIGNALS.SIGKILL));
}
