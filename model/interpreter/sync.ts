/**
 * Mutexes, rwlocks, condition variables and shared variables of our process (model-spec §4).
 * SIMPLIFICATION: taking a held lock is modelled as a step that is enabled only once the lock is
 * free, not as an "enter" step plus a "complete" step. Nothing can observe a thread between the
 * two (a lock binds to nothing at entry, unlike a wait), so verdicts are the same and the search
 * has fewer states; a deadlock still names the lock and its holder.
 */
import type { World } from '../world.ts';
import { writableOwners, writableReaders } from '../world.ts';
import type { Instance } from '../instance.ts';
import { StrategyError } from '../errors.ts';
import type { Site } from './operands.ts';
import { where } from './operands.ts';

export function lockIdx(inst: Instance, name: string, site: Site): number {
  const p = inst.processLocks.get(name);
  if (p !== undefined) return p;
  const i = inst.lockIndex.get(name);
  if (i === undefined) throw new StrategyError(`${where(site)}: unknown lock ${name}`);
  if (site.loop) throw new StrategyError(`${where(site)}: ${name} is a per-child lock, and the loop belongs to no child — declare it in process.mutexes`);
  return i + (site.child ?? 0) * inst.lockNames.length;
}

/** The name of lock slot `i` (per-child or process-wide), for messages. */
export function lockName(inst: Instance, i: number): string {
  for (const [name, slot] of inst.processLocks) if (slot === i) return name;
  return inst.lockNames[i % inst.lockNames.length]!;
}

/** Exclusive: free when nobody owns it and (rwlock) no reader holds it. */
export function lockFree(w: World, i: number): boolean {
  return w.owners[i] === -1 && (w.readers[i]?.length ?? 0) === 0;
}

export function acquire(w: World, i: number, t: number): void {
  writableOwners(w)[i] = t;
}

export function release(inst: Instance, w: World, i: number, t: number, site: Site): void {
  if (w.owners[i] !== t) {
    const holder = w.owners[i] === -1 ? 'nobody' : inst.threads[w.owners[i]!]!.name;
    throw new StrategyError(`${where(site)}: unlock of ${lockName(inst, i)} held by ${holder}, not by this thread`);
  }
  writableOwners(w)[i] = -1;
}

/** Shared side of an rwlock: free of writers (writers are not preferred, model-spec §4). */
export function rlockFree(w: World, i: number): boolean {
  return w.owners[i] === -1;
}

/** Readers lists are replaced, never changed in place: a step's copy of the world shares them (world.ts `stepCopy`). */
export function racquire(w: World, i: number, t: number): void {
  writableReaders(w)[i] = [...w.readers[i]!, t].sort((a, b) => a - b);
}

export function rrelease(inst: Instance, w: World, i: number, t: number, site: Site): void {
  const r = w.readers[i]!;
  const k = r.indexOf(t);
  if (k < 0) throw new StrategyError(`${where(site)}: runlock of ${lockName(inst, i)}, which this thread does not hold shared`);
  writableReaders(w)[i] = r.filter((_, j) => j !== k);
}

/**
 * Threads of `child` waiting on `cond` and not yet notified (a notify with no waiter is lost,
 * model-spec §4); every thread waiting on a process-wide cond, whatever its child.
 */
export function condWaiters(inst: Instance, w: World, cond: string, child = 0): number[] {
  const out: number[] = [];
  const anyChild = inst.processConds.has(cond);
  w.threads.forEach((th, t) => {
    if (th.block?.kind !== 'cond' || th.block.notified || (!anyChild && (inst.threads[t]!.child ?? 0) !== child)) return;
    const ins = inst.threads[t]!.program[th.pc];
    if (ins?.op === 'cond_wait' && ins.cond === cond) out.push(t);
  });
  return out;
}

/**
 * The slot of variable `name`: a process-wide one's own, or the copy of child `of` (default: the
 * thread's own child; the loop, bound to no child, must name one).
 */
export function varIdx(inst: Instance, name: string, site: Site, of?: number): number {
  const p = inst.processVars.get(name);
  if (p !== undefined) return p;
  const i = inst.varIndex.get(name);
  if (i === undefined) throw new StrategyError(`${where(site)}: unknown variable ${name}`);
  if (of === undefined && site.loop) throw new StrategyError(`${where(site)}: ${name} is a per-child variable, and the loop belongs to no child — name the child with of`);
  return i + (of ?? site.child ?? 0) * inst.varNames.length;
}
