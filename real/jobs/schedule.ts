/**
 * Random schedules for conformance: walk the model from its initial world, picking an enabled
 * step with a seeded PRNG (the model never chooses; this scheduler does, style.md §2).
 *
 * Eager completion: when a blocked call can complete, its completion is taken next. On Linux a
 * blocked wait wakes the moment its target exits, and no coordinator can hold it back; a schedule
 * that lets other steps run between the wake-up and the model's complete step would diverge for
 * a reason that is the replayer's, not the model's or the kernel's.
 */
import type { Instance } from '../../model/instance.ts';
import type { Step } from '../../model/transitions.ts';
import { applyStep, enabledSteps, initialWorld } from '../../model/transitions.ts';
import type { World } from '../../model/world.ts';
import type { TraceStep } from '../../properties/verdict.ts';
// One seeded generator for both kinds of random schedule (model traces here, real programs in run/).
import { rng } from '../run/scheduler.ts';

function completes(w: World, s: Step): boolean {
  if (s.kind === 'thread') return w.threads[s.thread]!.block !== null;
  return s.kind === 'foreign-reaper' && w.foreignReaper.phase === 'blocked';
}

/** A schedule, and for each step whether Linux could have gone another way the replayer cannot force. */
export interface Schedule {
  readonly trace: TraceStep[];
  /**
   * Set where the model chose among alternatives that Linux resolves by itself: several blocked
   * waits woken by one exit (K4: which one rescans first is the kernel's), or which zombie a
   * waitpid(-1) takes (the model's choice point; Linux scans children in its own order).
   */
  readonly unforceable: boolean[];
}

/** One random schedule of at most `maxSteps` steps, with what the model predicts at each. */
export function randomSchedule(inst: Instance, seed: number, maxSteps: number): Schedule {
  const rnd = rng(seed);
  let w = initialWorld(inst);
  const trace: TraceStep[] = [];
  const unforceable: boolean[] = [];
  let racing = false;
  while (trace.length < maxSteps) {
    const all = enabledSteps(inst, w);
    if (all.length === 0) break;
    const eager = all.filter((s) => completes(w, s));
    const pool = eager.length > 0 ? eager : all;
    const step = pool[Math.floor(rnd() * pool.length)]!;
    racing = eager.length > 1 || (racing && eager.length > 0);
    const reapChoice = step.kind === 'reap-any' && all.filter((s) => s.kind === 'reap-any').length > 1;
    unforceable.push(racing || reapChoice || (step.kind === 'thread' && step.choice !== undefined));
    const tr = applyStep(inst, w, step);
    trace.push({ step, info: tr.info });
    w = tr.after;
  }
  return { trace, unforceable };
}
