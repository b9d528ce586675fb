import { describe, expect, it } from 'vitest';
import { runInSandbox } from '../../real/jobs/run.ts';
import type { LeakResult } from '../../real/jobs/jobs.ts';
import { ok } from '../../model/values.ts';
import { counterexample, naiveReuse, sandboxWorks, tamper } from './helpers.ts';

describe('blocking divergences', () => {
  it('a call the model says returns but that blocks on Linux (and the reverse) is a divergence after a bounded wait, and cleaned up', async () => {
    if (!(await sandboxWorks())) return;
    const base = naiveReuse();
    // Without the child's exit, waitpid(100, 0) blocks on Linux; the tampered prediction says it returns.
    const blocks = { ...base, invariant: null, blockMs: 300, steps: base.steps.slice(1, 2) };
    // After the child's exit, waitpid returns at once on Linux; the tampered prediction says it blocks.
    const returns = { ...base, invariant: null, blockMs: 300, steps: tamper(base.steps.slice(0, 2), 1, { phase: 'enter', result: null }) };
    // A wait the model says blocks, with a prediction that the call returns a pid: both sides shown.
    const wrong = { ...base, invariant: null, blockMs: 300, steps: tamper(base.steps.slice(0, 2), 1, { result: ok(101, 101, null) }) };
    const r = await runInSandbox<LeakResult>({ kind: 'leak', items: [blocks, returns, wrong], runs: 9 });
    const [b, re, w] = r.firsts;
    expect(b!.divergence).toEqual({ step: 1, model: 'waitpid(100, 0) returns {ret=100 pid=100 status=exited(3)}', linux: 'waitpid(100, 0) did not return (still blocked after the bounded wait)' });
    expect(re!.divergence).toEqual({ step: 2, model: 'waitpid(100, 0) blocks (enters the kernel)', linux: 'waitpid(100, 0) returned {ret=100 pid=100 status=exited(3)}' });
    expect(w!.divergence?.linux).toBe('waitpid(100, 0) returned {ret=100 pid=100 status=exited(3)}');
    expect(b!.message).toMatch(/^diverged at step 1 \(waiter: waitpid\(100, 0\)\): model: .*; Linux \S+: .*still blocked/);
    expect(r.broken).toBeNull();
    expect(r.after).toEqual(r.before);
  }, 60_000);

  it('a blocked wait the model says completes is followed to its completion', async () => {
    if (!(await sandboxWorks())) return;
    const dl = counterexample('mutex-child', 'kill-to-exit', 'no-deadlock');
    const r = await runInSandbox<LeakResult>({ kind: 'leak', items: [dl], runs: 1 });
    expect(r.firsts[0]!.steps[2]!.linux).toBe('waitpid(100, 0) is asleep in the kernel');
  }, 60_000);
});
