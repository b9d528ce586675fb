/**
 * Replaying a counterexample from a program: in the model (`replay`, synchronous, pure) or on
 * Linux (`replayOnLinux`: real processes in a private pid namespace, each step compared with the
 * model's prediction). A trace is a `TraceFile` value (from `check`'s results or `decodeTrace`).
 */
import { InputError } from '../model/errors.ts';
import { createInstance } from '../model/instance.ts';
import type { ModelReplay } from '../properties/replay.ts';
import { describeModelReplay, replayInModel } from '../properties/replay.ts';
import type { TraceFile } from '../properties/trace.ts';
import type { RealReport } from '../real/replay/report.ts';

export type { ModelReplay } from '../properties/replay.ts';
export type { RealReport } from '../real/replay/report.ts';

/** What a model replay found, and the sentence `reapcheck replay` prints for it. */
export interface ReplayResult {
  /** `violated` when the trace's invariant is violated again at its last step. */
  readonly outcome: ModelReplay;
  readonly reproduced: boolean;
  readonly text: string;
}

/** Step the model along `trace`: does the same violation happen again? */
export function replay(trace: TraceFile): ReplayResult {
  const outcome = replayInModel(trace);
  return { outcome, reproduced: outcome.kind === 'violated', text: describeModelReplay(outcome) };
}

/**
 * Replay `trace` on Linux. Needs user namespaces (or root), gcc, setpriv and unshare: without them
 * it rejects with one InputError saying what is missing. The real side is loaded only here, so a
 * program that never replays on Linux never loads koffi.
 */
export async function replayOnLinux(trace: TraceFile): Promise<RealReport> {
  const model = replayInModel(trace);
  if (model.kind === 'not-enabled' || model.kind === 'result-differs') {
    throw new InputError(`the model does not follow this trace (${describeModelReplay(model)}): a trace the model does not follow predicts nothing on Linux`);
  }
  const { guardTrace, GuardRefusal } = await import('../real/sandbox/guard.ts');
  const { replayBatch, traceSteps } = await import('../cli/real-replays.ts');
  try {
    guardTrace(createInstance(trace.strategy, trace.scenario, trace.scope), traceSteps(trace));
  } catch (e) {
    if (e instanceof GuardRefusal) throw new InputError(e.message.replace(/^reapcheck: /, ''));
    throw e;
  }
  const batch = await replayBatch([trace]);
  if (!batch.ok) throw new InputError(batch.reason);
  return batch.reports[0]!;
}
