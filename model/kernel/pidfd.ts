/**
 * pidfds, `kill` and `poll`: signalling by number (resolved now) and through a pidfd (bound to an
 * incarnation).
 */
import type { World } from '../world.ts';
import type { CallResult } from '../values.ts';
import { fail, ok } from '../values.ts';
import type { StepEvents } from '../ghost.ts';
import { deliverSignal, holderOf, procByInc } from './process-table.ts';
import { allocFd, fdEntry } from './fds.ts';

/**
 * `kill(p, sig)` resolves the number now: a running or zombie holder gets it (a zombie ignores it
 * and the call returns 0, K6); a free number gives ESRCH; a recycled number reaches its new owner (K7).
 */
export function killByNumber(w: World, pid: number, sig: number, ev: StepEvents): CallResult {
  const p = holderOf(w, pid);
  if (!p) return fail('ESRCH');
  deliverSignal(w, p, sig, ev);
  return ok(0);
}

/** `pidfd_open(p)`: a new fd bound to the incarnation holding `p`, zombie included; ESRCH once reaped (K8). */
export function pidfdOpen(w: World, pid: number, maxFd: number, byChurner: boolean): CallResult {
  const p = holderOf(w, pid);
  if (!p) return fail('ESRCH');
  const fd = allocFd(w, { kind: 'pidfd', inc: p.inc, byChurner }, maxFd);
  // SIMPLIFICATION: a full fd space is reported as EAGAIN (Linux says EMFILE); the scope's maxFd is never reached by the catalogue.
  return fd < 0 ? fail('EAGAIN') : ok(fd);
}

/**
 * `pidfd_send_signal(fd, sig)`: EBADF for anything but a pidfd; ESRCH once the incarnation was
 * reaped; a zombie ignores it (returns 0); never reaches a process that reused the number (K9).
 */
export function pidfdSendSignal(w: World, fd: number, sig: number, ev: StepEvents): CallResult {
  const e = fdEntry(w, fd);
  if (!e || e.kind !== 'pidfd') return fail('EBADF');
  const p = procByInc(w, e.inc);
  if (!p || p.state === 'reaped') return fail('ESRCH');
  deliverSignal(w, p, sig, ev);
  return ok(0);
}

/** What `poll` on an fd does at entry: readable now, block on an incarnation, or fail. */
export type PollOutcome = { kind: 'return'; result: CallResult } | { kind: 'block'; inc: number };

/**
 * `poll(pidfd)` is readable once the incarnation stopped running (zombie or reaped) (K11).
 * SIMPLIFICATION: a plain file is always readable, and a closed fd fails with EBADF instead of
 * returning POLLNVAL in revents; the catalogue polls only its own open pidfd.
 */
export function pollEnter(w: World, fd: number): PollOutcome {
  const e = fdEntry(w, fd);
  if (!e) return { kind: 'return', result: fail('EBADF') };
  if (e.kind !== 'pidfd') return { kind: 'return', result: ok(1) };
  const p = procByInc(w, e.inc);
  if (!p || p.state !== 'running') return { kind: 'return', result: ok(1) };
  return { kind: 'block', inc: p.inc };
}

export function pollCanComplete(w: World, inc: number): boolean {
  const p = procByInc(w, inc);
  return !p || p.state !== 'running';
}
