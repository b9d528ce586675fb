/**
 * Partial-order reduction by ample sets (Peled; Clarke–Grumberg–Peled ch. 10): in a world where the
 * threads of one managed child can only touch that child's own shared memory (its variables, locks
 * and conds: instance.ts gives each child its own block), expanding just those threads' steps loses
 * no verdict. Such steps commute with every step of other children, of the environment and of the
 * adversaries, which never touch that memory.
 *
 * A child's cluster is ample in `w` when (C0–C3):
 * - C0: some thread of the cluster whose next action is a shared-memory or sync operation is enabled;
 * - C1: every other thread of the cluster (in a syscall, blocked in a wait, not yet started as a
 *   poller) can never, from its pc on, touch an object those next actions touch (a static
 *   over-approximation over the program's control flow), so nothing outside the ample set depends on it;
 * - C2: no ample step is visible: none returns (a return is what status-correct and no-wait-error
 *   judge), signals or reaps;
 * - C3 (cycle proviso for breadth-first search): no ample step leads to a world already seen at the
 *   same depth or less, so every cycle has a fully expanded world.
 * SIMPLIFICATION: with a depth bound that cuts schedules (`truncated`), the reduced search can cut
 * schedules the full one does not; no catalogue cell reaches the bound.
 */
import type { Instance } from '../model/instance.ts';
import type { World } from '../model/world.ts';
import type { Step, Transition } from '../model/transitions.ts';
import { applyStep } from '../model/transitions.ts';
import type { Instr, Program } from '../model/strategy/types.ts';

/** An ample step: its index among the enabled steps, and the transition it makes. */
export interface AmpleStep {
  readonly index: number;
  readonly tr: Transition;
}

const futureCache = new WeakMap<Program, Set<string>[]>();

/** The shared-memory objects an instruction touches, or null when it is a syscall (touches the kernel). */
function objectsOf(program: Program, pc: number): string[] | null {
  const ins = program[pc];
  if (!ins) return [];
  if (ins.op === 'atomic') {
    const out: string[] = [];
    for (let k = pc + 1; k <= pc + ins.len; k++) {
      const o = objectsOf(program, k);
      if (o === null) return null;
      out.push(...o);
    }
    return out;
  }
  return instrObjects(ins);
}

function instrObjects(ins: Instr): string[] | null {
  switch (ins.op) {
    case 'jump':
    case 'set':
    case 'return':
      return [];
    case 'read':
    case 'write':
    case 'cas':
    case 'add':
      return [`v:${ins.var}`];
    case 'lock':
    case 'trylock':
    case 'unlock':
    case 'rlock':
    case 'runlock':
      return [`l:${ins.lock}`];
    case 'cond_wait':
      return [`c:${ins.cond}`, `l:${ins.mutex}`];
    case 'notify_all':
    case 'notify_one':
      return [`c:${ins.cond}`];
    default:
      return null;
  }
}

/** For each pc, every shared-memory object the program may touch from there on (a fixpoint over its jumps). */
function futureObjects(program: Program): Set<string>[] {
  const cached = futureCache.get(program);
  if (cached) return cached;
  const sets = program.map(() => new Set<string>());
  for (let changed = true; changed; ) {
    changed = false;
    for (let pc = program.length - 1; pc >= 0; pc--) {
      const ins = program[pc]!;
      const s = sets[pc]!;
      const before = s.size;
      for (const o of instrObjects(ins) ?? []) s.add(o);
      const succ: number[] = [];
      if (ins.op === 'jump') {
        succ.push(ins.to);
        if (ins.if) succ.push(pc + 1);
      } else if (ins.op !== 'return' || ins.if) succ.push(pc + 1);
      for (const n of succ) for (const o of sets[n] ?? []) s.add(o);
      if (s.size !== before) changed = true;
    }
  }
  futureCache.set(program, sets);
  return sets;
}

/**
 * The ample subset of `steps` (the enabled steps of `w`), or null to expand them all.
 * `seenDepth(world)` is the depth a world was first seen at, or -1 when it was not seen yet.
 */
export function ampleSteps(inst: Instance, w: World, steps: readonly Step[], depth: number, seenDepth: (w: World) => number): AmpleStep[] | null {
  let best: AmpleStep[] | null = null;
  for (let c = 0; c < inst.children; c++) {
    const inCluster: number[] = [];
    const objs = new Set<string>();
    const others: number[] = [];
    inst.threads.forEach((spec, t) => {
      if ((spec.child ?? 0) !== c) return;
      const th = w.threads[t]!;
      if (th.result !== null) return;
      const own = th.block?.kind === 'wait' || th.block?.kind === 'poll' || (spec.role === 'poll' && !th.started) ? null : objectsOf(spec.program, th.pc);
      if (own === null) return void others.push(t);
      inCluster.push(t);
      for (const o of own) objs.add(o);
    });
    if (inCluster.length === 0) continue;
    // C1: the other threads of the cluster never touch these objects again.
    if (others.some((t) => [...futureObjects(inst.threads[t]!.program)[w.threads[t]!.pc] ?? []].some((o) => objs.has(o)))) continue;
    const ample: AmpleStep[] = [];
    let ok = true;
    for (let i = 0; i < steps.length && ok; i++) {
      const s = steps[i]!;
      if (s.kind !== 'thread' || !inCluster.includes(s.thread)) continue;
      const tr = applyStep(inst, w, s, true);
      const ev = tr.events;
      // C2: invisible. C3: leads to a world not seen at this depth or less.
      if (ev.returned !== null || ev.signals.length > 0 || ev.reaps.length > 0) ok = false;
      else {
        const d = seenDepth(tr.after);
        if (d >= 0 && d <= depth) ok = false;
      }
      ample.push({ index: i, tr });
    }
    if (!ok || ample.length === 0 || ample.length === steps.length) continue;
    if (!best || ample.length < best.length) best = ample;
  }
  return best;
}
