/**
 * Replaying a trace in the model: step the model along the trace's steps, compare what each
 * step does with what the trace says, and confirm the same invariant is violated. A step the
 * model does not allow is reported with the threads that could run instead.
 */
import { createInstance } from '../model/instance.ts';
import type { Instance } from '../model/instance.ts';
import { applyStep, enabledSteps, initialWorld, sameStep } from '../model/transitions.ts';
import type { Step } from '../model/transitions.ts';
import { formatValue, valueEquals } from '../model/values.ts';
import type { World } from '../model/world.ts';
import { INVARIANTS } from './invariants.ts';
import type { TraceFile } from './trace.ts';

/**
 * What stepping the model along a trace found: the trace's violation again (`violated`), a step the
 * model does not allow (`not-enabled`, with the threads that could run), a step whose result differs
 * (`result-differs`), the trace run to its end without the violation (`not-violated`), or a trace
 * naming no invariant followed to its end (`followed`).
 */
export type ModelReplay =
  | { readonly kind: 'violated'; readonly invariant: string; readonly message: string; readonly steps: number }
  | { readonly kind: 'not-enabled'; readonly stepNo: number; readonly actor: string; readonly runnable: readonly string[] }
  | { readonly kind: 'result-differs'; readonly stepNo: number; readonly actor: string; readonly trace: string; readonly model: string }
  | { readonly kind: 'not-violated'; readonly invariant: string; readonly steps: number }
  /** A trace that names no invariant (a conformance divergence) and that the model follows to its end. */
  | { readonly kind: 'followed'; readonly steps: number };

/** Who takes a step, in the words of a trace: a thread's name or the environment actor. */
export function actorName(inst: Instance, s: Step): string {
  if (s.kind === 'thread') return inst.threads[s.thread]?.name ?? `thread ${s.thread}`;
  if (s.kind === 'child-exit' || s.kind === 'sibling-exit') return 'env';
  if (s.kind === 'spawn') return 'spawner';
  if (s.kind === 'foreign-reaper' || s.kind === 'reap-any') return 'reaper';
  return 'churner';
}

export function replayInModel(trace: TraceFile): ModelReplay {
  const inst = createInstance(trace.strategy, trace.scenario, trace.scope);
  const inv = INVARIANTS.find((i) => i.name === trace.invariant);
  let w: World = initialWorld(inst);
  for (let i = 0; i < trace.steps.length; i++) {
    const ts = trace.steps[i]!;
    const enabled = enabledSteps(inst, w);
    if (!enabled.some((s) => sameStep(s, ts.step))) {
      const runnable = [...new Set(enabled.map((s) => actorName(inst, s)))];
      return { kind: 'not-enabled', stepNo: i + 1, actor: actorName(inst, ts.step), runnable };
    }
    const tr = applyStep(inst, w, ts.step);
    if (!valueEquals(tr.info.result, ts.result) || JSON.stringify(tr.info.returned) !== JSON.stringify(ts.returned)) {
      const say = (r: typeof ts.result, ret: typeof ts.returned) => formatValue(r) + (ret ? `, returns ${formatValue(ret)}` : '');
      return { kind: 'result-differs', stepNo: i + 1, actor: tr.info.actor, trace: say(ts.result, ts.returned), model: say(tr.info.result, tr.info.returned) };
    }
    w = tr.after;
    if (inv?.kind === 'step') {
      const msg = inv.check(inst, tr);
      if (msg) return { kind: 'violated', invariant: inv.name, message: msg, steps: i + 1 };
    }
  }
  if (!inv) return { kind: 'followed', steps: trace.steps.length };
  if (inv.kind === 'end' && enabledSteps(inst, w).length === 0) {
    const bad = inv.check(inst, w);
    if (bad) return { kind: 'violated', invariant: inv.name, message: bad.message, steps: trace.steps.length };
  }
  return { kind: 'not-violated', invariant: inv.name, steps: trace.steps.length };
}

/** One line saying how a model replay ended. */
export function describeModelReplay(r: ModelReplay): string {
  switch (r.kind) {
    case 'violated':
      return `reproduced in the model: ${r.invariant} violated at step ${r.steps} — ${r.message}`;
    case 'not-enabled':
      return `step ${r.stepNo}: ${r.actor} is not runnable; runnable: ${r.runnable.join(', ') || 'nobody (terminal state)'}`;
    case 'result-differs':
      return `step ${r.stepNo}: ${r.actor} gets ${r.model} in the model, but the trace says ${r.trace}`;
    case 'not-violated':
      return `the trace runs in the model (${r.steps} steps) but does not violate ${r.invariant}`;
    case 'followed':
      return `the model follows the trace to its end (${r.steps} steps); it names no invariant`;
  }
}
