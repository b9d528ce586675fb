/**
 * One trace replayed on Linux `repeat` times in one session: the unit of every batch a sandbox
 * runs (replays, the leak check, the benchmark). Plain JSON, so it crosses the launcher's pipe.
 */
import type { Strategy } from '../../model/strategy/types.ts';
import type { Scenario } from '../../model/scenario.ts';
import type { Scope } from '../../model/scope.ts';
import { createInstance } from '../../model/instance.ts';
import type { TraceStep } from '../../properties/verdict.ts';
import type { InvariantName } from '../../properties/invariants.ts';
import type { RealSession } from '../replay/session.ts';
import { replayOnLinux } from '../replay/replay.ts';
import type { RealReport } from '../replay/report.ts';

/** One trace to replay `repeat` times. */
export interface ReplayItem {
  readonly strategy: Strategy;
  readonly scenario: Scenario;
  readonly scope: Scope;
  readonly steps: readonly TraceStep[];
  readonly invariant?: InvariantName | null;
  readonly repeat?: number;
  readonly blockMs?: number;
}

/** What a batch answers per item: the first report, and how many runs reproduced / diverged. */
export interface ReplayItemResult {
  readonly first: RealReport;
  readonly runs: number;
  readonly reproduced: number;
  /** Reports of runs that did not reproduce (at most 3), to see why. */
  readonly failures: RealReport[];
}

export async function replayItem(session: RealSession, item: ReplayItem): Promise<ReplayItemResult> {
  const inst = createInstance(item.strategy, item.scenario, item.scope);
  const runs = item.repeat ?? 1;
  let first: RealReport | null = null;
  let reproduced = 0;
  const failures: RealReport[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await replayOnLinux(inst, item.steps, { session, invariant: item.invariant ?? null, ...(item.blockMs ? { blockMs: item.blockMs } : {}) });
    first ??= r;
    if (r.reproduced) reproduced++;
    else if (failures.length < 3) failures.push(r);
  }
  return { first: first!, runs, reproduced, failures };
}
