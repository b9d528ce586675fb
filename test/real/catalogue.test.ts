import { describe, expect, it } from 'vitest';
import { runInSandbox } from '../../real/jobs/run.ts';
import type { ReplayItemResult } from '../../real/jobs/jobs.ts';
import { catalogueCounterexamples, sandboxWorks } from './helpers.ts';

describe('every counterexample of the catalogue on Linux', () => {
  it('reproduces 20 times out of 20, with no divergence', async () => {
    if (!(await sandboxWorks())) return;
    const items = catalogueCounterexamples(20);
    expect(items.length).toBeGreaterThan(80);
    const out = await runInSandbox<ReplayItemResult[]>({ kind: 'replay', items });
    const bad = out.flatMap((r, i) => (r.reproduced === 20 ? [] : [`${items[i]!.strategy.name} × ${items[i]!.scenario.name}: ${r.first.message} (${r.reproduced}/20)`]));
    expect(bad).toEqual([]);
    const first = out[0]!.first;
    expect(first.message).toMatch(/^reproduced on Linux \S+: no-stray-signal — the victim \(pid 100, incarnation 2\) was killed by SIGKILL$/);
    expect(first.divergence).toBeNull();
    expect(first.steps.map((s) => s.linux)).toEqual(first.steps.map((s) => s.model.replace(/ returns /g, ' returned ')));
  }, 180_000);
});
