/**
 * Replaying a counterexample from a program: in the model (`replay`, synchronous, pure) or on
 * Linux (`replayOnLinux`: real processes in a private pid namespace, each step compared with the
 * model's prediction). A trace is a `TraceFile` value (from `check`'s results or `decodeTrace`).
 */
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
  const { replayOneOnLinux } = await import('../cli/real-replays.ts');
  return replayOneOnLinux(trace, 'replay(trace) shows where');
}
