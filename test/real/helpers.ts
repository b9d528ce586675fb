/**
 * Shared by the real-replay tests: the catalogue's counterexamples as replay items, hostile and
 * tampered traces, and whether a sandbox can be had here (a test may skip for lack of one only
 * outside CI).
 */
import { checkExhaustive } from '../../properties/exhaustive.ts';
import type { TraceStep } from '../../properties/verdict.ts';
import { createInstance, DEFAULT_SCOPE, MATRIX_SCENARIOS, findScenario, scenarioApplies, scenarioScope } from '../../model/index.ts';
import { CATALOGUE, findStrategy } from '../../catalogue/index.ts';
import type { ReplayItem } from '../../real/jobs/jobs.ts';
import { runInSandbox } from '../../real/jobs/run.ts';
import { SandboxUnavailable } from '../../real/sandbox/launcher.ts';

let cached: ReplayItem[] | null = null;

/** Every counterexample of the catalogue (every strategy × every matrix scenario, DEFAULT_SCOPE grown for the process-wide ones). */
export function catalogueCounterexamples(repeat = 1): ReplayItem[] {
  cached ??= CATALOGUE.flatMap((strategy) =>
    MATRIX_SCENARIOS.filter((sc) => scenarioApplies(sc, strategy.roles)).flatMap((scenario) => {
      const scope = scenarioScope(DEFAULT_SCOPE, scenario);
      const v = checkExhaustive(createInstance(strategy, scenario, scope));
      return Object.entries(v.invariants).flatMap(([name, iv]) =>
        iv.status === 'violated' ? [{ strategy, scenario, scope, steps: iv.counterexample.steps, invariant: name as ReplayItem['invariant'] }] : [],
      );
    }),
  );
  return cached.map((it) => ({ ...it, repeat }));
}

/** One counterexample by strategy, scenario and invariant. */
export function counterexample(strategy: string, scenario: string, invariant: string): ReplayItem {
  const it = catalogueCounterexamples().find((x) => x.strategy.name === strategy && x.scenario.name === scenario && x.invariant === invariant);
  if (!it) throw new Error(`no counterexample ${strategy} × ${scenario}: ${invariant}`);
  return it;
}

/** A copy of `steps` with step `i`'s info changed. */
export function tamper(steps: readonly TraceStep[], i: number, info: Partial<TraceStep['info']>): TraceStep[] {
  return steps.map((s, k) => (k === i ? { step: s.step, info: { ...s.info, ...info } } : s));
}

/** naive × reuse's no-stray-signal counterexample (computed alone: the whole catalogue takes seconds). */
export function naiveReuse(): ReplayItem {
  const strategy = findStrategy('naive')!;
  const scenario = findScenario('reuse')!;
  const iv = checkExhaustive(createInstance(strategy, scenario, DEFAULT_SCOPE)).invariants['no-stray-signal'];
  if (iv.status !== 'violated') throw new Error('naive × reuse has no stray signal?');
  return { strategy, scenario, scope: DEFAULT_SCOPE, steps: iv.counterexample.steps, invariant: 'no-stray-signal' };
}
export { findStrategy, findScenario, DEFAULT_SCOPE };

/** Can a sandbox run here? In CI the answer must be yes: the tests then fail instead of skipping. */
export async function sandboxWorks(): Promise<boolean> {
  try {
    await runInSandbox({ kind: 'probe' }, { timeoutMs: 60_000 });
    return true;
  } catch (e) {
    if (process.env.CI === 'true' || !(e instanceof SandboxUnavailable)) throw e;
    return false;
  }
}
