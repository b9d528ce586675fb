/**
 * The "one child exited: stop the others" bug on real Node.js (child_process, libuv) inside the
 * sandbox: an unrelated process placed on the other child's freed number is killed by the
 * listener's `other.kill()`, and not when the stop is deferred with setImmediate.
 */
import { describe, expect, it } from 'vitest';
import { runInSandbox } from '../../real/jobs/run.ts';
import type { NodeExitHandlerResult } from '../../real/jobs/node-exit-handler.ts';
import { sandboxWorks } from './helpers.ts';

const TRIES = 20;

const run = (fixed: boolean) => runInSandbox<NodeExitHandlerResult>({ kind: 'node-exit-handler', args: { fixed, tries: TRIES } }, { timeoutMs: 20_000 });

describe("a Node program stopping its other children from one child's 'exit' listener", () => {
  it('kills an unrelated process that took the other child\'s freed pid, when it calls kill() inside the listener', async () => {
    if (!(await sandboxWorks())) return;
    const r = await run(false);
    expect(r.failed, r.notes.join('\n')).toBe(0);
    // The mechanism: libuv reaped both children in one pass, and the other's _handle was still set.
    expect(r.reapedInOnePass).toBe(TRIES);
    expect(r.handleStillSet).toBe(TRIES);
    expect(r.placed + r.missed).toBe(TRIES);
    expect(r.placed).toBeGreaterThanOrEqual(TRIES * 0.8);
    // The stray SIGTERM reached the unrelated process every time it held the number.
    expect(r.victimKilled).toBe(r.placed);
    expect(r.victimSignals).toEqual({ 'signaled(SIGTERM)': r.placed });
    expect(r.killReturns).toEqual({ true: r.placed });
    expect(r.after).toEqual(r.before);
  }, 30_000);

  it('never touches the process on the freed pid when the listener defers the stop with setImmediate', async () => {
    if (!(await sandboxWorks())) return;
    const r = await run(true);
    expect(r.failed, r.notes.join('\n')).toBe(0);
    expect(r.reapedInOnePass).toBe(TRIES);
    expect(r.placed).toBeGreaterThanOrEqual(TRIES * 0.8);
    expect(r.victimKilled).toBe(0);
    expect(r.victimSignals).toEqual({});
    // kill() on a child whose exit callback has run sends nothing and says so.
    expect(r.killReturns).toEqual({ false: r.placed });
    expect(r.after).toEqual(r.before);
  }, 30_000);
});
