/**
 * Deadlock evidence (style.md §6): for each strategy thread that has not returned, what it waits
 * for, in domain words.
 */
import type { Instance } from '../model/instance.ts';
import type { World } from '../model/world.ts';

export interface BlockedThread {
  readonly thread: string;
  readonly waitsFor: string;
}

export function blockedThreads(inst: Instance, w: World): BlockedThread[] {
  const out: BlockedThread[] = [];
  w.threads.forEach((th, t) => {
    if (th.result !== null) return;
    const spec = inst.threads[t]!;
    const ins = spec.program[th.pc];
    let waitsFor = `instruction ${th.pc} (${ins?.op ?? 'end'})`;
    const holder = (lock: string) => {
      const k = inst.lockIndex.get(lock);
      const i = inst.processLocks.get(lock) ?? (k === undefined ? undefined : k + (spec.child ?? 0) * inst.lockNames.length);
      const o = i === undefined ? -1 : w.owners[i]!;
      if (o !== -1) return inst.threads[o]?.name ?? `thread ${o}`;
      const readers = i === undefined ? [] : w.readers[i]!;
      return readers.length > 0 ? `readers ${readers.map((r) => inst.threads[r]?.name ?? r).join(', ')}` : 'nobody';
    };
    if (th.block?.kind === 'wait') waitsFor = th.block.inc === -1 ? 'any child to exit' : `incarnation ${th.block.inc} to exit (blocked in ${ins?.op})`;
    else if (th.block?.kind === 'poll') waitsFor = `incarnation ${th.block.inc} to exit (blocked in poll)`;
    else if (th.block?.kind === 'cond' && ins?.op === 'cond_wait')
      waitsFor = th.block.notified ? `mutex ${ins.mutex} (held by ${holder(ins.mutex)})` : `a notify on ${ins.cond}`;
    else if (ins?.op === 'lock' || ins?.op === 'rlock') waitsFor = `${ins.op === 'rlock' ? 'rwlock' : 'lock'} ${ins.lock} (held by ${holder(ins.lock)})`;
    out.push({ thread: spec.name, waitsFor });
  });
  return out;
}
