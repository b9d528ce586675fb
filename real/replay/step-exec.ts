/**
 * One trace step on Linux: the step's worker performs the call the model resolved (or the
 * coordinator performs the environment event), within bounded waits; the outcome is an
 * Observation in the model's numbers.
 */
import { childInc } from '../../model/world.ts';
import type { Transition } from '../../model/transitions.ts';
import type { StepInfo, StepCall } from '../../model/interpreter/step-info.ts';
import { holderOf } from '../../model/kernel/process-table.ts';
import type { ReplayContext } from './replay-context.ts';
import type { Observation } from './compare.ts';
import { planCall, readResult } from './calls.ts';
import type { Adversary } from './session.ts';
import type { Swap } from './swaps.ts';
import { swapsOf } from './swaps.ts';

export interface Bounds {
  /** How long a call the model says returns may take, and a blocking call to enter the kernel. */
  readonly blockMs: number;
}

/** The worker a step runs on. */
function workerOf(ctx: ReplayContext, tr: Transition): number {
  const s = tr.step;
  if (s.kind === 'thread') return ctx.session.worker(s.thread);
  const adv: Record<string, Adversary> = { 'foreign-reaper': 'foreign-reaper', 'reap-any': 'reap-any', spawn: 'spawner' };
  return ctx.session.worker(adv[s.kind] ?? 'churner');
}

const returned = (results: string[]): Observation => ({ outcome: 'returned', results });

/** Perform step `tr` (its prediction is `info`) on Linux. */
export function execStep(ctx: ReplayContext, tr: Transition, info: StepInfo, b: Bounds): Observation {
  const s = tr.step;
  switch (s.kind) {
    case 'child-exit':
      // Child c of a grown scope is incarnation c + 1 (model/world.ts childInc).
      ctx.tellExit(ctx.procOf(childInc(s.child ?? 0)));
      return returned(['none']);
    case 'sibling-exit': {
      const inc = holderOf(tr.before, s.pid)?.inc ?? -1;
      ctx.tellExit(ctx.procOf(inc));
      return returned(['none']);
    }
    case 'spawn': {
      const born = tr.after.procs.find((p) => !tr.before.procs.some((q) => q.inc === p.inc))!;
      if (born.parent === 'self') ctx.spawnReaderAt(born.inc, 'sibling', s.pid, workerOf(ctx, tr));
      else ctx.spawnUnrelatedAt(born.inc, s.pid);
      return returned(['none']);
    }
    default:
      return runCalls(ctx, workerOf(ctx, tr), info, swapsOf(ctx.inst, tr), b, s.kind === 'thread' ? s.thread : undefined);
  }
}

/** The step's calls on worker `w`; `swaps[i]` is the model's values for call i when it is a cas or add (swaps.ts). */
function runCalls(ctx: ReplayContext, w: number, info: StepInfo, swaps: readonly (Swap | undefined)[], b: Bounds, thread: number | undefined): Observation {
  const pool = ctx.session.pool;
  const env = ctx.callEnv(undefined, thread);
  if (info.phase === 'complete') {
    const flying = ctx.inFlight.get(w);
    if (!flying) throw new Error(`[reapcheck internal bug] ${info.actor} completes a call that never started`);
    if (!pool.waitDone(w, b.blockMs)) return { outcome: 'blocked', results: [] };
    ctx.inFlight.delete(w);
    return returned([readResult(env, info.call, pool.outcome(w))]);
  }
  if (info.phase === 'enter') {
    const c = planCall(env, info.call);
    pool.post(w, c.op, c.a0, c.a1, c.a2);
    const how = pool.confirmEntered(w, c.sleepsIn, b.blockMs);
    if (how === 'returned') return returned([readResult(env, info.call, pool.outcome(w))]);
    ctx.inFlight.set(w, { call: info.call.name, reaps: reapsOnWake(info.call) });
    return { outcome: how === 'entered' ? 'entered' : 'stuck', results: [] };
  }
  // Every call of an atomic block in order on the same worker, no other worker posted meanwhile.
  const results: string[] = [];
  for (const [i, call] of [info.call, ...info.more.map((m) => m.call)].entries()) {
    if (call.name === 'atomic') {
      results.push('none');
      continue;
    }
    const swap = swaps[i];
    const callEnv = swap ? ctx.callEnv(swap, thread) : env;
    const c = planCall(callEnv, call);
    pool.post(w, c.op, c.a0, c.a1, c.a2);
    if (!pool.waitDone(w, b.blockMs)) {
      ctx.inFlight.set(w, { call: call.name, reaps: reapsOnWake(call) });
      return { outcome: 'blocked', results };
    }
    results.push(readResult(callEnv, call, pool.outcome(w)));
  }
  return returned(results);
}

/** A wait that reaps its target when it wakes (anything but WNOWAIT). */
function reapsOnWake(c: StepCall): boolean {
  return (c.name === 'waitpid' || c.name === 'waitid') && !String(c.args[c.args.length - 1]).includes('WNOWAIT');
}
