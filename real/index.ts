/**
 * The real replayer's public surface (model ← properties ← real ← cli). `replayOnLinux` runs
 * inside the sandbox only; from anywhere else, use `replayInSandbox` (or `runInSandbox` with a job).
 */
import type { Strategy } from '../model/strategy/types.ts';
import type { Scenario } from '../model/scenario.ts';
import type { Scope } from '../model/scope.ts';
import type { TraceStep } from '../properties/verdict.ts';
import type { InvariantName } from '../properties/invariants.ts';
import { runInSandbox } from './jobs/run.ts';
import type { ReplayItemResult } from './jobs/jobs.ts';
import type { RealReport } from './replay/report.ts';

export { replayOnLinux } from './replay/replay.ts';
export type { ReplayOptions } from './replay/replay.ts';
export { runInSandbox } from './jobs/run.ts';
export { SandboxUnavailable, endSandboxes } from './sandbox/launcher.ts';
export type { SandboxJob, ReplayItem, ReplayItemResult, LeakResult } from './jobs/jobs.ts';
export type { RunProgramArgs, RunProgramResult } from './jobs/run-program.ts';
export type { RealReport, StepRecord } from './replay/report.ts';
export { guardTrace, GuardRefusal } from './sandbox/guard.ts';
export { compareStep } from './replay/compare.ts';
export type { Observation } from './replay/compare.ts';
export { formatRealReport, realReportJson } from './replay/format.ts';
export { randomSchedule } from './jobs/schedule.ts';
export type { ConformArgs, ConformResult, ConformDivergence } from './jobs/conform.ts';
export { sandboxProblem } from './sandbox/check.ts';

/** Replay one trace on Linux from outside: starts a sandbox, replays, returns the report (`replay --real`). */
export async function replayInSandbox(trace: {
  strategy: Strategy;
  scenario: Scenario;
  scope: Scope;
  steps: readonly TraceStep[];
  invariant?: InvariantName | null;
}): Promise<RealReport> {
  const [r] = await runInSandbox<ReplayItemResult[]>({ kind: 'replay', items: [{ ...trace, repeat: 1 }] });
  return r!.first;
}
