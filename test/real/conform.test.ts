import { describe, expect, it } from 'vitest';
import { runInSandbox } from '../../real/jobs/run.ts';
import type { ConformResult } from '../../real/jobs/conform.ts';
import { randomSchedule } from '../../real/jobs/schedule.ts';
import { createInstance } from '../../model/index.ts';
import { DEFAULT_SCOPE, findScenario, findStrategy, sandboxWorks } from './helpers.ts';

describe('conformance: random schedules, model against Linux', () => {
  it('schedules are reproducible from their seed', () => {
    const inst = createInstance(findStrategy('duct-1.0')!, findScenario('poll-race')!, DEFAULT_SCOPE);
    expect(randomSchedule(inst, 42, 40)).toEqual(randomSchedule(inst, 42, 40));
  });

  it('every catalogue strategy × scenario, 10 schedules each (seed 7): no divergence the replayer could force', async () => {
    if (!(await sandboxWorks())) return;
    const r = await runInSandbox<ConformResult>({ kind: 'conform', args: { seed: 7, runs: 10 } });
    expect(r.schedules).toBeGreaterThan(600);
    expect(r.errors).toEqual([]);
    expect(r.divergences.map((d) => `${d.strategy} × ${d.scenario} seed ${d.seed}: ${d.message}`)).toEqual([]);
  }, 120_000);
});
