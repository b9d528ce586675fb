/**
 * The ghost facts of a step in words, for people reading a trace: which incarnation a signal
 * reached, whose zombie a wait took, who holds a number now. The kernel cannot show these; they
 * are what makes a counterexample understandable.
 */
import type { Instance } from '../model/instance.ts';
import type { Transition } from '../model/transitions.ts';
import type { Proc } from '../model/world.ts';
import { CHILD_INC } from '../model/world.ts';
import { formatValue, signalName } from '../model/values.ts';

/**
 * What incarnation `inc` is to the actor: its own child ("the child"), another managed child
 * (c2: threads of child k are named ck.*), a sibling or an unrelated process. `own` is the actor's
 * child's incarnation, or null for the environment and adversaries.
 */
function who(inst: Instance, p: Proc | undefined, inc: number, own: number | null): string {
  if (inc === own || (own === null && inst.children === 1 && inc === CHILD_INC)) return 'the child';
  if (p?.role === 'child') return `managed child c${inc}`;
  return p ? `a${p.role === 'unrelated' ? 'n unrelated process' : ' sibling'}` : 'an unknown process';
}

export function ghostNotes(inst: Instance, tr: Transition): string[] {
  const notes: string[] = [];
  const { before, after, events, step } = tr;
  // The acting thread's own child (its incarnation: child c is incarnation c + 1), none for the environment.
  const spec = step.kind === 'thread' ? inst.threads[step.thread]! : null;
  // The loop owns every managed child: none of them is a stranger to it.
  const own = spec === null || spec.loop ? null : (spec.child ?? 0) + CHILD_INC;
  const stranger = (inc: number) => (spec?.loop ? inc < 1 || inc > inst.children : own !== null && inc !== own);
  for (const s of events.signals) {
    const p = before.procs.find((x) => x.inc === s.inc);
    notes.push(
      s.wasRunning
        ? `${signalName(s.signal)} reached incarnation ${s.inc} of pid ${s.pid} (${who(inst, p, s.inc, own)})${!stranger(s.inc) ? '' : spec?.loop ? `; the children were incarnations 1..${inst.children}` : `; the child was incarnation ${own}`}`
        : `${signalName(s.signal)} reached incarnation ${s.inc} of pid ${s.pid}, a zombie: no effect (K6)`,
    );
  }
  for (const r of events.reaps) {
    const p = before.procs.find((x) => x.inc === r.inc);
    notes.push(`${r.wnowait ? 'read with WNOWAIT' : 'reaped'} incarnation ${r.inc} of pid ${r.pid} (${who(inst, p, r.inc, own)})${r.wnowait ? '' : `: pid ${r.pid} is free again (K1)`}`);
  }
  if (step.kind === 'child-exit' || step.kind === 'sibling-exit') {
    const p = after.procs.find((x) => x.pid === (step.kind === 'child-exit' ? inst.childPids[step.child ?? 0] : step.pid) && before.procs.find((b) => b.inc === x.inc)?.state === 'running');
    if (p) notes.push(p.state === 'reaped' ? `SIGCHLD is ignored: the kernel reaped incarnation ${p.inc} at once, pid ${p.pid} is free (K13)` : `incarnation ${p.inc} is a zombie holding pid ${p.pid} with ${formatValue(p.status)} (K1)`);
  }
  if (step.kind === 'spawn') {
    const p = after.procs[after.procs.length - 1]!;
    notes.push(`pid ${p.pid} now belongs to incarnation ${p.inc} (${p.role === 'sibling' ? 'a sibling: a child of ours' : 'an unrelated process'})`);
  }
  return notes;
}
