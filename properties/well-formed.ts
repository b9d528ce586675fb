/**
 * Well-formedness of a world (TLA+'s TypeOK, style.md §5): cheap structural facts every reachable
 * world must have. A failure is a bug of the checker, never a finding about a strategy.
 */
import type { Instance } from '../model/instance.ts';
import { lockName } from '../model/interpreter/sync.ts';
import type { World } from '../model/world.ts';
import { CHILD_INC } from '../model/world.ts';
import { InternalError } from '../model/errors.ts';

/** The problems of `w`, empty when it is well formed. */
export function wellFormedProblems(inst: Instance, w: World): string[] {
  const out: string[] = [];
  const live = new Map<number, number>();
  const incs = new Set<number>();
  for (const p of w.procs) {
    if (!inst.pids.includes(p.pid)) out.push(`pid ${p.pid} is outside the pid space`);
    if (incs.has(p.inc)) out.push(`incarnation ${p.inc} appears twice`);
    incs.add(p.inc);
    if (p.inc >= w.nextInc) out.push(`incarnation ${p.inc} is not below nextInc ${w.nextInc}`);
    if (p.state !== 'reaped') {
      if (live.has(p.pid)) out.push(`pid ${p.pid} is held by two live processes`);
      live.set(p.pid, p.inc);
    }
    if ((p.state === 'running') !== (p.status === null)) out.push(`pid ${p.pid} is ${p.state} with status ${JSON.stringify(p.status)}`);
  }
  for (let c = 0; c < inst.children; c++) if (!incs.has(CHILD_INC + c)) out.push(inst.children === 1 ? "the managed child is missing" : `managed child ${c + 1} is missing`);
  w.fds.forEach((f, i) => {
    if (f?.kind === 'pidfd' && !incs.has(f.inc)) out.push(`fd ${i + 3} points to unknown incarnation ${f.inc}`);
  });
  if (w.fds.length > 0 && w.fds[w.fds.length - 1] === null) out.push('the fd table has a trailing free slot');
  const copies = inst.children;
  const locks = inst.lockNames.length * copies + inst.processLocks.size;
  if (w.vars.length !== inst.varNames.length * copies + inst.processVars.size) out.push('wrong number of shared variables');
  if (w.owners.length !== locks || w.readers.length !== locks) out.push('wrong number of locks');
  w.readers.forEach((r, i) => {
    if (r.some((t, k) => !Number.isInteger(t) || t < 0 || t >= w.threads.length || (k > 0 && r[k - 1]! >= t))) {
      out.push(`lock ${lockName(inst, i)} has readers ${JSON.stringify(r)} (not sorted distinct threads)`);
    }
    if (r.length > 0 && w.owners[i] !== -1) out.push(`lock ${lockName(inst, i)} has readers and a writer`);
  });
  w.owners.forEach((o, i) => {
    if (o < -1 || o >= w.threads.length) out.push(`lock ${lockName(inst, i)} has owner ${o}`);
  });
  if (w.threads.length !== inst.threads.length) out.push('wrong number of threads');
  w.threads.forEach((th, t) => {
    const spec = inst.threads[t]!;
    if (th.pc < 0 || th.pc > spec.program.length) out.push(`${spec.name}'s pc ${th.pc} is out of range`);
    if (th.result !== null && th.block !== null) out.push(`${spec.name} returned but is still blocked`);
    const op = spec.program[th.pc]?.op;
    if (th.block?.kind === 'cond' && op !== 'cond_wait') out.push(`${spec.name} is blocked on a cond at ${op}`);
    if (th.block?.kind === 'wait' && op !== 'waitpid' && op !== 'waitid') out.push(`${spec.name} is blocked in a wait at ${op}`);
    if (th.block?.kind === 'poll' && op !== 'poll') out.push(`${spec.name} is blocked in poll at ${op}`);
    if (th.block && th.block.kind !== 'cond' && th.block.inc !== -1 && !incs.has(th.block.inc)) out.push(`${spec.name} waits on unknown incarnation`);
  });
  const sc = inst.scope;
  if (w.spawnsUsed > sc.spawns || w.reapsUsed > sc.reaps || w.churnsUsed > sc.churns) out.push('an adversary exceeded its budget');
  return out;
}

export function assertWellFormed(inst: Instance, w: World): void {
  const problems = wellFormedProblems(inst, w);
  if (problems.length > 0) throw new InternalError(`ill-formed world: ${problems.join('; ')}`);
}
