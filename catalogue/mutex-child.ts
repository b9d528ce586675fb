import { CHILD, errorOf, isNone, reg, strategy } from '../model/strategy/builder.ts';
import { ALREADY_EXITED, SIGNALS, signaled } from '../model/values.ts';

const r = reg('r');
const st = reg('st');

/** A `Mutex<Child>` shared between threads: the waiter holds the mutex across the blocking wait. */
export const mutexChild = strategy({
  name: 'mutex-child',
  description:
    "Rust's std::process::Child takes &mut self for wait and kill, so the obvious way to share it is a Mutex<Child>; the waiter " +
    'then holds the mutex across the blocking waitpid, and a killer cannot get in until the child exits by itself.',
  versions: 'Rust std (any), shared through std::sync::Mutex',
  sources: ['Rust std::process::Child::{wait, kill}', 'shared_child.rs README (why a Mutex<Child> is a trap)'],
  shared: { mutexes: ['m'], vars: { status: null } },
  wait(p) {
    p.lock('m');
    p.read('status', st);
    const unknown = p.fresh('unknown');
    p.jumpIf(isNone(st), unknown);
    p.unlock('m');
    p.return(st);
    p.label(unknown);
    p.waitpid(CHILD, 0, r);
    const fine = p.fresh('fine');
    p.jumpIf(isNone(r.err), fine);
    p.unlock('m');
    p.return(errorOf(r.err));
    p.label(fine);
    p.write('status', r.status);
    p.unlock('m');
    p.return(r.status);
  },
  kill(p) {
    p.lock('m');
    p.read('status', st);
    const go = p.fresh('send');
    p.jumpIf(isNone(st), go);
    p.unlock('m');
    p.return(ALREADY_EXITED);
    p.label(go);
    p.kill(CHILD, SIGNALS.SIGKILL);
    p.unlock('m');
    p.return(signaled(SIGNALS.SIGKILL));
  },
});
