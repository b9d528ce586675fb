/**
 * Conformance: random schedules over every catalogue strategy and scenario, predicted by the
 * model and replayed on Linux, compared step by step. A divergence is either a bug in the model or
 * a real finding about Linux; either way it is reported with both sides and the seed that makes it
 * again. A passing run is evidence, not proof.
 */
import { createInstance } from '../../model/instance.ts';
import { MATRIX_SCENARIOS, scenarioApplies } from '../../model/scenario.ts';
import type { Scope } from '../../model/scope.ts';
import { DEFAULT_SCOPE, scenarioScope } from '../../model/scope.ts';
import { CATALOGUE } from '../../catalogue/index.ts';
import { RealSession } from '../replay/session.ts';
import { replayOnLinux } from '../replay/replay.ts';
import { randomSchedule } from './schedule.ts';

export interface ConformArgs {
  readonly seed: number;
  /** Schedules per (strategy, scenario). */
  readonly runs: number;
  readonly maxSteps?: number;
  readonly scope?: Scope;
  readonly strategies?: readonly string[];
  readonly scenarios?: readonly string[];
}

export interface ConformDivergence {
  readonly strategy: string;
  readonly scenario: string;
  /** Seed of this schedule: `randomSchedule(inst, seed, maxSteps)` makes it again. */
  readonly seed: number;
  readonly message: string;
  readonly steps: readonly string[];
}

export interface ConformResult {
  readonly schedules: number;
  readonly steps: number;
  /** Divergences at steps the replayer could force: each is a model bug or a finding about Linux. */
  readonly divergences: ConformDivergence[];
  /** Divergences at a step where Linux resolves the model's choice by itself (schedule.ts): not disagreements. */
  readonly unforceable: ConformDivergence[];
  readonly errors: ConformDivergence[];
  readonly seconds: number;
}

/** Run inside the sandbox: one session for everything. */
export async function conformInSandbox(a: ConformArgs): Promise<ConformResult> {
  const t0 = performance.now();
  const scope = a.scope ?? DEFAULT_SCOPE;
  // Three strategy threads in every catalogue scenario (the loop alone in a process-wide one).
  const session = await RealSession.open({ strategyThreads: 3 });
  const divergences: ConformDivergence[] = [];
  const errors: ConformDivergence[] = [];
  const unforceable: ConformDivergence[] = [];
  let schedules = 0;
  let steps = 0;
  try {
    for (const strategy of CATALOGUE) {
      if (a.strategies && !a.strategies.includes(strategy.name)) continue;
      for (const scenario of MATRIX_SCENARIOS) {
        if (!scenarioApplies(scenario, strategy.roles) || (a.scenarios && !a.scenarios.includes(scenario.name))) continue;
        const inst = createInstance(strategy, scenario, scenarioScope(scope, scenario));
        for (let k = 0; k < a.runs; k++) {
          const seed = (a.seed + k * 7919 + schedules) >>> 0;
          const { trace, unforceable: free } = randomSchedule(inst, seed, a.maxSteps ?? 40);
          const r = await replayOnLinux(inst, trace, { session, blockMs: 1000, settleMs: 1000, holdMs: 100 });
          schedules++;
          steps += trace.length;
          const d = { strategy: strategy.name, scenario: scenario.name, seed, message: r.message, steps: r.steps.map((s) => `${s.actor}: ${s.model} | ${s.linux}`) };
          if (r.error) errors.push(d);
          else if (r.divergence) (free[r.divergence.step - 1] ? unforceable : divergences).push(d);
          if (session.broken) throw new Error(`reapcheck: conformance stopped: ${session.broken}`);
        }
      }
    }
  } finally {
    await session.close();
  }
  return { schedules, steps, divergences, unforceable, errors, seconds: (performance.now() - t0) / 1000 };
}
