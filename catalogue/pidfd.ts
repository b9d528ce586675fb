import type { ProgramBuilder } from '../model/strategy/builder.ts';
import { CHILD, eq, errorOf, reg, strategy } from '../model/strategy/builder.ts';
import { ALREADY_EXITED, SIGNALS, signaled } from '../model/values.ts';

const r = reg('r');
const fd = reg('fd');
const opened = reg('opened');

/** The pidfd made at spawn time (`clone(CLONE_PIDFD)`), before any other thread can reap (K8). */
function openAtSpawn(p: ProgramBuilder): void {
  p.pidfdOpen(CHILD, opened);
  p.set(fd, opened.ret);
}

function killThroughPidfd(p: ProgramBuilder): void {
  p.pidfdSendSignal(fd, SIGNALS.SIGKILL, r);
  p.returnIf(eq(r.err, 'ESRCH'), ALREADY_EXITED);
  p.returnIf(r.err, errorOf(r.err));
  p.return(signaled(SIGNALS.SIGKILL));
}

/** Signal and wait through a pidfd, never by number. */
export const pidfd = strategy({
  name: 'pidfd',
  description:
    'Signal with pidfd_send_signal and wait with waitid(P_PIDFD) on a pidfd made at spawn time and never closed. ' +
    'The pidfd is bound to the incarnation, so no signal can reach a process that reused the number (K9, K10).',
  versions: 'systemd PidRef; Rust std with create_pidfd; Linux 5.4+',
  sources: ['systemd src/basic/pidref.c (pidref_kill, pidref_wait)', 'Rust std sys/pal/unix/process (pidfd)', 'pidfd_open(2)'],
  setup: openAtSpawn,
  wait(p) {
    p.waitid('P_PIDFD', fd, ['WEXITED'], r);
    p.returnIf(r.err, errorOf(r.err));
    p.return(r.status);
  },
  kill: killThroughPidfd,
});

/** The pidfd strategy that closes its fd after the wait: pid reuse moves to fd reuse. */
export const pidfdClose = strategy({
  name: 'pidfd-close',
  description:
    'The "clean" pidfd strategy: the waiter closes the pidfd once the child is reaped. The next open or pidfd_open of ' +
    'another thread gets the same fd number, so a late pidfd_send_signal reaches a different process: pid reuse became fd reuse.',
  versions: 'any pidfd user that closes the fd after waiting',
  sources: ['pidfd_open(2)', 'close(2): lowest free fd (POSIX)'],
  setup: openAtSpawn,
  wait(p) {
    p.waitid('P_PIDFD', fd, ['WEXITED'], r);
    p.close(fd);
    p.returnIf(r.err, errorOf(r.err));
    p.return(r.status);
  },
  kill: killThroughPidfd,
});
