/**
 * Replaying traces on Linux from the command line: one sandbox for a whole batch (its workers are
 * reused), or a one-line reason when no sandbox can be had here.
 */
import type { TraceFile } from '../properties/trace.ts';
import type { TraceStep } from '../properties/verdict.ts';
import type { RealReport, ReplayItemResult } from '../real/index.ts';
import { guardTrace, GuardRefusal, runInSandbox, SandboxUnavailable } from '../real/index.ts';
import { InputError, InternalError } from '../model/errors.ts';
import { createInstance } from '../model/instance.ts';
import { describeModelReplay, replayInModel } from '../properties/replay.ts';

/**
 * The one line for a sandbox that failed, by whose fault (docs/hardening.md, "Faults during real
 * replay"): a tool, a permission or a limit the user can fix is SandboxUnavailable (exit 2, the
 * callers say so); anything else — a part of ours that died or broke its contract mid-run, whether
 * killed from outside or by a bug — voids the run and is exit 70, never 1 (reproduced) or 3
 * (divergence), which are findings. Returned as an InternalError so the top level prints it once,
 * without a second "reapcheck:" and without the class name.
 */
export function sandboxFailure(e: unknown): Error {
  if (e instanceof SandboxUnavailable || !(e instanceof Error)) return e instanceof Error ? e : new InternalError(String(e));
  return new InternalError(e.message.replace(/^reapcheck: /, ''));
}

/** The trace's steps as the real replayer reads them (the model's prediction at each step). */
export function traceSteps(t: TraceFile): TraceStep[] {
  return t.steps.map((s) => ({
    step: s.step,
    info: { actor: s.actor, ...(s.pc !== undefined ? { pc: s.pc } : {}), phase: s.phase, call: s.call, result: s.result, returned: s.returned, more: [...(s.more ?? [])] },
  }));
}

export type RealBatch = { readonly ok: true; readonly reports: RealReport[]; readonly results: ReplayItemResult[] } | { readonly ok: false; readonly reason: string };

/** Replay every trace `repeat` times in one sandbox. */
export async function replayBatch(traces: readonly TraceFile[], repeat = 1): Promise<RealBatch> {
  if (traces.length === 0) return { ok: true, reports: [], results: [] };
  try {
    const items = traces.map((t) => ({ strategy: t.strategy, scenario: t.scenario, scope: t.scope, steps: traceSteps(t), invariant: t.invariant, repeat }));
    const results = await runInSandbox<ReplayItemResult[]>({ kind: 'replay', items });
    return { ok: true, reports: results.map((r) => r.first), results };
  } catch (e) {
    if (e instanceof SandboxUnavailable) return { ok: false, reason: e.message.replace(/^reapcheck: /, '') };
    throw sandboxFailure(e);
  }
}

/**
 * Replay one trace on Linux, as `replay --real` and the library's `replayOnLinux` do: the model must
 * follow it first (a trace the model does not follow predicts nothing), the guard must accept it,
 * and a sandbox must be had; each refusal is one InputError (`hint` ends the first one).
 */
export async function replayOneOnLinux(t: TraceFile, hint: string): Promise<RealReport> {
  const model = replayInModel(t);
  if (model.kind === 'not-enabled' || model.kind === 'result-differs') {
    throw new InputError(`the model does not follow this trace (${describeModelReplay(model)}); ${hint}`);
  }
  try {
    guardTrace(createInstance(t.strategy, t.scenario, t.scope), traceSteps(t));
  } catch (e) {
    if (e instanceof GuardRefusal) throw new InputError(e.message.replace(/^reapcheck: /, ''));
    throw e;
  }
  const batch = await replayBatch([t]);
  if (!batch.ok) throw new InputError(batch.reason);
  return batch.reports[0]!;
}
