/**
 * An example of checking your own strategy: "wait without reaping, reap and kill under one lock".
 *
 * The waiter blocks in waitid(WNOWAIT), which leaves the child a zombie, so its number cannot be
 * reused while the waiter sleeps. It then takes a mutex and reaps; the killer signals under the
 * same mutex and only while nobody has reaped, so a kill can only reach the child or its zombie.
 * It is duct-1.0 without the condition variable — and `reapcheck check examples/my-strategy.ts`
 * shows what the condition variable was for: a second waiter that arrives after the reap waits by
 * number on a number that may already belong to someone else.
 *
 * Run: npx reapcheck check examples/my-strategy.ts   (or node bin/reapcheck.mjs check …)
 */
import { strategy, reg, CHILD, eq, errorOf, ALREADY_EXITED, signaled, SIGNALS } from 'reapcheck';
import type { Scenario } from 'reapcheck';

const r = reg('r');
const s = reg('s');

export default strategy({
  name: 'wnowait-then-lock',
  description: 'Wait with waitid(WNOWAIT) holding no lock, then reap and record the status under a mutex; kill under the same mutex unless the status is recorded.',
  sources: ['waitid(2): WNOWAIT', 'duct.py 1.0 SharedChild, simplified'],
  shared: { mutexes: ['m'], vars: { status: null } },
  wait(p) {
    p.waitid('P_PID', CHILD, ['WEXITED', 'WNOWAIT'], r); // blocks; the child stays a zombie
    p.returnIf(r.err, errorOf(r.err));
    p.lock('m');
    p.read('status', s); // another waiter may have reaped already
    p.jumpIf(eq(s, null), 'reap');
    p.unlock('m');
    p.return(s);
    p.label('reap');
    p.waitpid(CHILD, 0, r); // the child is a zombie: this reaps at once
    p.jumpIf(r.err, 'failed');
    p.write('status', r.status);
    p.unlock('m');
    p.return(r.status);
    p.label('failed');
    p.unlock('m');
    p.return(errorOf(r.err));
  },
  kill(p) {
    p.lock('m');
    p.read('status', s);
    p.jumpIf(eq(s, null), 'signal');
    p.unlock('m');
    p.return(ALREADY_EXITED);
    p.label('signal');
    p.kill(CHILD, SIGNALS.SIGKILL, r); // not reaped yet: CHILD is still our child or its zombie
    p.unlock('m');
    p.returnIf(eq(r.err, 'ESRCH'), ALREADY_EXITED);
    p.return(signaled(SIGNALS.SIGKILL));
  },
});

/** A scenario of our own, added to the built-in ones: two waiters, but the recycled number goes to an unrelated process. */
export const scenarios: Scenario[] = [
  {
    name: 'two-waiters-unrelated',
    description: 'two waiting threads and a killer; unrelated processes may be spawned on free numbers',
    threads: ['wait', 'wait', 'kill'],
    childExits: true,
    spawner: 'unrelated',
    foreignReaper: false,
    reaperAny: false,
    fdChurner: false,
    sigchldIgnored: false,
  },
];
