/**
 * The "one child exited: stop the others" bug on real Node.js (child_process, libuv) inside the
 * sandbox: an unrelated process placed on the other child's freed number is killed by the
 * listener's `other.kill()`, and not when the stop is deferred with setImmediate. Next to it, the
 * model's counterexample that explains it (catalogue/libuv-node.ts, docs/process-wide.md).
 */
import { describe, expect, it } from 'vitest';
import { runInSandbox } from '../../real/jobs/run.ts';
import type { NodeExitHandlerResult } from '../../real/jobs/node-exit-handler.ts';
import { sandboxWorks } from './helpers.ts';
import { createInstance } from '../../model/instance.ts';
import { findScenario } from '../../model/scenario.ts';
import { DEFAULT_SCOPE, scenarioScope } from '../../model/scope.ts';
import { checkExhaustive } from '../../properties/exhaustive.ts';
import { findStrategy } from '../../catalogue/index.ts';

const TRIES = 20;

const run = (fixed: boolean) => runInSandbox<NodeExitHandlerResult>({ kind: 'node-exit-handler', args: { fixed, tries: TRIES } }, { timeoutMs: 20_000 });

describe("a Node program stopping its other children from one child's 'exit' listener", () => {
  it('the model explains it: libuv-node × stop-others reaps both children before the first callback, and that callback signals the other\'s freed number', () => {
    const scenario = findScenario('stop-others')!;
    const iv = checkExhaustive(createInstance(findStrategy('libuv-node')!, scenario, scenarioScope(DEFAULT_SCOPE, scenario))).invariants['no-stray-signal'];
    if (iv.status !== 'violated') throw new Error(`libuv-node × stop-others: no-stray-signal ${iv.status}`);
    const calls = iv.counterexample.steps.map((s) => `${s.info.actor} ${s.info.call.name}(${s.info.call.args.join(', ')})`);
    const reaps = calls.filter((c) => c.startsWith('loop waitpid(')).map((c) => calls.indexOf(c));
    expect(reaps).toHaveLength(2);
    expect(Math.max(...reaps)).toBeLessThan(calls.indexOf('loop write(handle[0], false)'));
    expect(calls.slice(-2)).toEqual(['spawner spawn unrelated(101)', 'loop kill(101, SIGTERM)']);
  });

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
