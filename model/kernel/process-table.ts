/**
 * The process table: who holds which pid number, zombies, reaping, exits and signals.
 * Every rule cites its fact from `shared/docs/kernel-facts.md`.
 */
import type { World, Proc } from '../world.ts';
import { procOf } from '../world.ts';
import type { Status } from '../values.ts';
import { signaled } from '../values.ts';
import type { StepEvents } from '../ghost.ts';
import { addReap, addSignal } from '../ghost.ts';

/** The live process (running or zombie) that holds number `pid`, if any. A reaped process holds none (K1). */
export function holderOf(w: World, pid: number): Proc | undefined {
  for (const p of w.procs) if (p.pid === pid && p.state !== 'reaped') return p;
  return undefined;
}

export function procByInc(w: World, inc: number): Proc | undefined {
  for (const p of w.procs) if (p.inc === inc) return p;
  return undefined;
}

/** Does no live process hold number `pid`: free again once reaped (K1)? */
export function pidFree(w: World, pid: number): boolean {
  return holderOf(w, pid) === undefined;
}

/** A new running process on a free number (K15: an attacker can make any free number the next one). */
export function spawnOn(w: World, pid: number, parent: Proc['parent'], role: Proc['role']): Proc {
  const p = procOf(pid, w.nextInc++, 'running', parent, null, role);
  w.procs = [...w.procs, p]; // replaced, not changed in place (see `replaceProc`)
  return p;
}

/**
 * A running process stops: it becomes a zombie that keeps its number and status (K1) — unless it
 * is our child and SIGCHLD is ignored, then the kernel reaps it at once and frees the number (K13).
 */
export function exitProcess(w: World, p: Proc, status: Status): void {
  replaceProc(w, p, procOf(p.pid, p.inc, w.sigchldIgnored && p.parent === 'self' ? 'reaped' : 'zombie', p.parent, status, p.role));
}

/**
 * Put `q` in `p`'s place in the process table. The table and its processes are replaced, never
 * changed in place: a step's copy of the world shares them with the world before it (world.ts `stepCopy`).
 */
function replaceProc(w: World, p: Proc, q: Proc): void {
  const i = w.procs.indexOf(p);
  if (i < 0) throw new Error(`[reapcheck internal bug] pid ${p.pid} (incarnation ${p.inc}) is not in this world's process table`);
  const procs = w.procs.slice();
  procs[i] = q;
  w.procs = procs;
}

/**
 * Deliver a signal to the process `p` resolved by the caller. A running process dies of SIGKILL or
 * SIGTERM (the model's processes have no handlers); a zombie ignores it, the call still succeeds (K6).
 * `sig = 0` only tests existence.
 */
export function deliverSignal(w: World, p: Proc, sig: number, ev: StepEvents): void {
  if (sig === 0) return;
  addSignal(ev, { pid: p.pid, inc: p.inc, wasRunning: p.state === 'running', signal: sig });
  if (p.state === 'running') exitProcess(w, p, signaled(sig));
}

/**
 * Reap a zombie of `w`: it disappears and its number is free again (K1). Only one waiter can do
 * this. `w` is optional for the signature's sake only: without it the process is changed in place,
 * which is wrong for a step's copy of a world (see `replaceProc`); every caller passes it.
 */
export function reap(p: Proc, ev: StepEvents | null, wnowait: boolean, w?: World): void {
  if (p.state !== 'zombie') throw new Error(`[reapcheck internal bug] reaping pid ${p.pid} in state ${p.state}`);
  if (ev) addReap(ev, { pid: p.pid, inc: p.inc, wnowait });
  if (wnowait) return; // K3: WNOWAIT leaves the zombie waitable
  if (w) replaceProc(w, p, procOf(p.pid, p.inc, 'reaped', p.parent, p.status, p.role));
  else p.state = 'reaped';
}

/** Our children that are not reaped (what `waitpid(-1)` can see, K5). */
export function unreapedChildren(w: World): Proc[] {
  return w.procs.filter((p) => p.parent === 'self' && p.state !== 'reaped');
}
