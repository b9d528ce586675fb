import { describe, expect, it } from 'vitest';
import { runInSandbox } from '../../real/jobs/run.ts';
import type { LeakResult } from '../../real/jobs/jobs.ts';
import { catalogueCounterexamples, sandboxWorks } from './helpers.ts';

describe('replays leave nothing behind', () => {
  it('after 1,000 replays of the catalogue counterexamples no process, fd or thread remains', async () => {
    if (!(await sandboxWorks())) return;
    // Without the deadlock trace (300 ms of evidence each) to keep the test short; it is in the next test.
    const items = catalogueCounterexamples().filter((x) => x.invariant !== 'no-deadlock');
    const r = await runInSandbox<LeakResult>({ kind: 'leak', items, runs: 1000 });
    expect(r.runs).toBe(1000);
    expect(r.reproduced).toBe(1000);
    expect(r.broken).toBeNull();
    expect(r.after).toEqual(r.before);
    expect(r.before.processes).toBe(1); // the unrelated-process helper only
  }, 120_000);

  it('the deadlock trace, with threads left blocked in the kernel and on a lock, cleans up too', async () => {
    if (!(await sandboxWorks())) return;
    const items = catalogueCounterexamples().filter((x) => x.invariant === 'no-deadlock');
    const r = await runInSandbox<LeakResult>({ kind: 'leak', items, runs: 10 });
    expect(r.reproduced).toBe(10);
    expect(r.after).toEqual(r.before);
  }, 60_000);
});
