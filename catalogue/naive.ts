import { CHILD, eq, errorOf, reg, strategy } from '../model/strategy/builder.ts';
import { ALREADY_EXITED, SIGNALS, signaled } from '../model/values.ts';

const r = reg('r');

/** The textbook program: one thread waits by pid number, another kills by pid number. */
export const naive = strategy({
  name: 'naive',
  description:
    'One thread waits with waitpid(child), another sends SIGKILL with kill(child): no coordination at all. ' +
    'Once the waiter reaps, the number is free and a late kill reaches whoever got it next.',
  versions: 'any',
  sources: ['waitpid(2)', 'kill(2)', 'shared/docs/strategies.md#naive'],
  wait(p) {
    p.waitpid(CHILD, 0, r);
    p.returnIf(r.err, errorOf(r.err));
    p.return(r.status);
  },
  kill(p) {
    p.kill(CHILD, SIGNALS.SIGKILL, r);
    p.returnIf(eq(r.err, 'ESRCH'), ALREADY_EXITED);
    p.return(signaled(SIGNALS.SIGKILL));
  },
});
