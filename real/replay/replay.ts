/**
 * `replayOnLinux`: run a trace step by step against real processes and compare every step with
 * the model's prediction (model-spec §9). The predictions are the trace's own `info`; the model is
 * re-run alongside only for what a prediction does not print (which incarnation a spawn creates,
 * the state of every process after the step, the values of a `cas`).
 */
import { release } from 'node:os';
import type { Instance } from '../../model/instance.ts';
import type { World } from '../../model/world.ts';
import type { Transition } from '../../model/transitions.ts';
import { applyStep, initialWorld } from '../../model/transitions.ts';
import { procByInc } from '../../model/kernel/process-table.ts';
import { callText } from '../../model/interpreter/step-info.ts';
import type { TraceStep } from '../../properties/verdict.ts';
import type { InvariantName } from '../../properties/invariants.ts';
import { assertInSandbox } from '../sandbox/check.ts';
import { guardTrace } from '../sandbox/guard.ts';
import { RealSession } from './session.ts';
import { LimitReached } from '../os/limits.ts';
import { ReplayContext } from './replay-context.ts';
import { execStep } from './step-exec.ts';
import { compareStep, describeLinux, describeModel } from './compare.ts';
import { evidenceFor } from './evidence.ts';
import type { RealReport, StepRecord } from './report.ts';
import { linuxChanges, modelChanges } from './report.ts';

export interface ReplayOptions {
  /** The invariant the trace violates (a counterexample's); without it the replay only compares. */
  readonly invariant?: InvariantName | null;
  /** Reuse a session (pool, helper) across replays; otherwise one is opened and closed. */
  readonly session?: RealSession;
  /** Bound for a call to return or enter the kernel (default 2000 ms). */
  readonly blockMs?: number;
  /** Bound for processes to reach the model's states after a step (default 2000 ms). */
  readonly settleMs?: number;
  /** How long blocked threads must stay asleep to count as deadlocked (default 300 ms). */
  readonly holdMs?: number;
}

/** A worker thread or the process maker's helper died during a replay (`RealSession.lost`). */
export class SessionLost extends Error {}

/** Replay `steps` on Linux. Must run inside the sandbox (`runInSandbox`); refuses otherwise. */
export async function replayOnLinux(inst: Instance, steps: readonly TraceStep[], opts: ReplayOptions = {}): Promise<RealReport> {
  assertInSandbox();
  guardTrace(inst, steps); // before anything runs: no session, no process, no fd
  const session = opts.session ?? (await RealSession.open({ strategyThreads: inst.threads.length }));
  try {
    const report = replayWith(session, inst, steps, opts);
    // A part of the session that died mid-replay makes a call look blocked or a helper mute: the
    // report would blame Linux. The run stops instead, in one line naming what died (exit 70).
    const lost = session.lost();
    if (lost) {
      session.broken ??= lost;
      throw new SessionLost(`reapcheck: the replay stopped: ${lost}; the sandbox cannot go on without it (its results so far are void)`);
    }
    return report;
  } finally {
    if (!opts.session) await session.close();
  }
}

/** The model's transitions along the trace from `w0` (the model side of the comparison). */
function modelRun(inst: Instance, w0: World, steps: readonly TraceStep[]): { worlds: World[]; trs: Transition[] } {
  const worlds = [w0];
  const trs: Transition[] = [];
  for (const s of steps) {
    const tr = applyStep(inst, worlds[worlds.length - 1]!, s.step);
    trs.push(tr);
    worlds.push(tr.after);
  }
  return { worlds, trs };
}

/** `uname -r`, once (os.release() asks the kernel every time). */
let linuxRelease: string | null = null;

function replayWith(session: RealSession, inst: Instance, steps: readonly TraceStep[], opts: ReplayOptions): RealReport {
  if (session.broken) throw new SessionLost(`reapcheck: the replay session is unusable: ${session.broken}`);
  const linux = (linuxRelease ??= release());
  const bounds = { blockMs: opts.blockMs ?? 2000 };
  const settleMs = opts.settleMs ?? 2000;
  const w0 = initialWorld(inst);
  const records: StepRecord[] = [];
  const base = { invariant: opts.invariant ?? null, linux, steps: records };
  const ctx = new ReplayContext(session, inst);
  let modelError = null as { e: unknown } | null;
  try {
    ctx.start(w0);
    // The model's side of the whole trace, computed while the managed child starts up.
    let run: ReturnType<typeof modelRun>;
    try {
      run = modelRun(inst, w0, steps);
    } catch (e) {
      modelError = { e };
      throw e;
    }
    const { worlds, trs } = run;
    for (let i = 0; i < steps.length; i++) {
      const info = steps[i]!.info;
      const tr = trs[i]!;
      const before = new Map(ctx.procs.map((p) => [p.inc, p.state]));
      const obs = execStep(ctx, tr, info, bounds);
      const rec: StepRecord = { step: i + 1, actor: info.actor, call: callText(info.call), model: describeModel(info), linux: describeLinux(info, obs) };
      records.push(rec);
      const diff = compareStep(info, obs);
      if (diff) return diverged(base, i + 1, diff.model, diff.linux);
      // What the model changed, printed while Linux gets there.
      const model = modelChanges(tr);
      const bad = ctx.settle((p) => (p.inc < 0 ? null : procByInc(tr.after, p.inc)?.state ?? null), settleMs);
      rec.procs = { model, linux: linuxChanges(ctx, before) };
      if (bad.length) return diverged(base, i + 1, `after the step: ${model.join('; ') || 'no process changes'}`, bad.join('; '));
    }
    if (!opts.invariant) return { ...base, reproduced: false, divergence: null, message: `no divergence in ${steps.length} steps on Linux ${linux}` };
    const ev = evidenceFor(ctx, opts.invariant, trs[trs.length - 1] ?? null, worlds[worlds.length - 1]!, opts.holdMs ?? 300);
    const message = ev.reproduced
      ? `reproduced on Linux ${linux}: ${opts.invariant} — ${ev.text}`
      : `not reproduced on Linux ${linux}: ${opts.invariant} — every step matched, but ${ev.text}`;
    return { ...base, reproduced: ev.reproduced, divergence: null, evidence: ev.text, message };
  } catch (e) {
    if (modelError) throw modelError.e; // a trace the model cannot run is the caller's error, as before anything ran
    if (e instanceof LimitReached) throw e; // the machine's limit, not this trace's: exit 2 with the limit named
    return { ...base, reproduced: false, divergence: null, error: e instanceof Error ? e.message : String(e), message: `replay failed: ${e instanceof Error ? e.message : String(e)}` };
  } finally {
    const left = ctx.cleanup();
    if (left.length) records.push({ step: 0, actor: 'cleanup', call: 'cleanup', model: 'nothing left', linux: left.join('; ') });
  }
}

function diverged(base: Omit<RealReport, 'reproduced' | 'divergence' | 'message'>, step: number, model: string, linux: string): RealReport {
  const rec = base.steps[step - 1];
  return {
    ...base,
    reproduced: false,
    divergence: { step, model, linux },
    message: `diverged at step ${step}${rec ? ` (${rec.actor}: ${rec.call})` : ''}: model: ${model}; Linux ${base.linux}: ${linux}`,
  };
}
