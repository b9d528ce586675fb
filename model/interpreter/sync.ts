/**
 * Mutexes, rwlocks, condition variables and shared variables of our process (model-spec §4).
 * SIMPLIFICATION: taking a held lock is modelled as a step that is enabled only once the lock is
 * free, not as an "enter" step plus a "complete" step. Nothing can observe a thread between the
 * two (a lock binds to nothing at entry, unlike a wait), so verdicts are the same and the search
 * has fewer states; a deadlock still names the lock and its holder.
 */
import type { World } from '../world.ts';
import type { Instance } from '../instance.ts';
import { StrategyError } from '../errors.ts';
import type { Site } from './operands.ts';
import { where } from './operands.ts';

export function lockIdx(inst: Instance, name: string, site: Site): number {
  const i = inst.lockIndex.get(name);
  if (i === undefined) throw new StrategyError(`${where(site)}: unknown lock ${name}`);
  return i + (site.child ?? 0) * inst.lockNames.length;
}

/** Exclusive: free when nobody owns it and (rwlock) no reader holds it. */
export function lockFree(w: World, i: number): boolean {
  return w.owners[i] === -1 && (w.readers[i]?.length ?? 0) === 0;
}

export function acquire(w: World, i: number, t: number): void {
  w.owners[i] = t;
}

export function release(inst: Instance, w: World, i: number, t: number, site: Site): void {
  if (w.owners[i] !== t) {
    const holder = w.owners[i] === -1 ? 'nobody' : inst.threads[w.owners[i]!]!.name;
    throw new StrategyError(`${where(site)}: unlock of ${inst.lockNames[i % inst.lockNames.length]} held by ${holder}, not by this thread`);
  }
  w.owners[i] = -1;
}

/** Shared side of an rwlock: free of writers (writers are not preferred, model-spec §4). */
export function rlockFree(w: World, i: number): boolean {
  return w.owners[i] === -1;
}

/** Readers lists are replaced, never changed in place: a step's copy of the world shares them (world.ts `stepCopy`). */
export function racquire(w: World, i: number, t: number): void {
  w.readers[i] = [...w.readers[i]!, t].sort((a, b) => a - b);
}

export function rrelease(inst: Instance, w: World, i: number, t: number, site: Site): void {
  const r = w.readers[i]!;
  const k = r.indexOf(t);
  if (k < 0) throw new StrategyError(`${where(site)}: runlock of ${inst.lockNames[i % inst.lockNames.length]}, which this thread does not hold shared`);
  w.readers[i] = r.filter((_, j) => j !== k);
}

/** Threads of `child` waiting on `cond` and not yet notified (a notify with no waiter is lost, model-spec §4). */
export function condWaiters(inst: Instance, w: World, cond: string, child = 0): number[] {
  const out: number[] = [];
  w.threads.forEach((th, t) => {
    if (th.block?.kind !== 'cond' || th.block.notified || (inst.threads[t]!.child ?? 0) !== child) return;
    const ins = inst.threads[t]!.program[th.pc];
    if (ins?.op === 'cond_wait' && ins.cond === cond) out.push(t);
  });
  return out;
}

export function varIdx(inst: Instance, name: string, site: Site): number {
  const i = inst.varIndex.get(name);
  if (i === undefined) throw new StrategyError(`${where(site)}: unknown variable ${name}`);
  return i + (site.child ?? 0) * inst.varNames.length;
}
