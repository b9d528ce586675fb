/**
 * Counterexamples of grown scopes replay on Linux too: every managed child is a real process on
 * its pid, each with its own threads, one waitpid(-1) reaper and spawner for all of them.
 */
import { describe, expect, it } from 'vitest';
import { runInSandbox } from '../../real/jobs/run.ts';
import type { ReplayItem, ReplayItemResult } from '../../real/jobs/jobs.ts';
import { checkExhaustive } from '../../properties/exhaustive.ts';
import { createInstance, DEFAULT_SCOPE, findScenario, scaledScope } from '../../model/index.ts';
import type { Step } from '../../model/transitions.ts';
import { applyStep, initialWorld } from '../../model/transitions.ts';
import type { TraceStep } from '../../properties/verdict.ts';
import { findStrategy } from '../../catalogue/index.ts';
import { sandboxWorks } from './helpers.ts';

describe('counterexamples with several children on Linux', () => {
  it('reproduce (naive, duct-1.0 and pidfd in the pool scenario, two children)', async () => {
    if (!(await sandboxWorks())) return;
    const scope = scaledScope(DEFAULT_SCOPE, { children: 2, killers: 1 });
    const items: ReplayItem[] = ['naive', 'duct-1.0', 'pidfd'].flatMap((name) => {
      const strategy = findStrategy(name)!;
      const scenario = findScenario('pool')!;
      const v = checkExhaustive(createInstance(strategy, scenario, scope), { symmetry: true });
      return Object.entries(v.invariants).flatMap(([inv, iv]) =>
        iv.status === 'violated' ? [{ strategy, scenario, scope, steps: iv.counterexample.steps, invariant: inv as ReplayItem['invariant'], repeat: 5 }] : [],
      );
    });
    expect(items.length).toBeGreaterThanOrEqual(6);
    // And one by hand through the second child: c2 exits, the watcher reaps it, a sibling takes its
    // number, c2's killer signals the number (naive: c1.waiter, c1.killer, c2.waiter, c2.killer).
    const strategy = findStrategy('naive')!;
    const scenario = findScenario('pool')!;
    const inst = createInstance(strategy, scenario, scope);
    let w = initialWorld(inst);
    const steps: TraceStep[] = [];
    for (const step of [{ kind: 'child-exit', child: 1 }, { kind: 'reap-any', pid: 101 }, { kind: 'spawn', pid: 101 }, { kind: 'thread', thread: 3 }] as Step[]) {
      const tr = applyStep(inst, w, step);
      steps.push({ step, info: tr.info });
      w = tr.after;
    }
    items.push({ strategy, scenario, scope, steps, invariant: 'no-stray-signal', repeat: 5 });
    const out = await runInSandbox<ReplayItemResult[]>({ kind: 'replay', items });
    const bad = out.flatMap((r, i) => (r.reproduced === 5 ? [] : [`${items[i]!.strategy.name} × pool: ${items[i]!.invariant}: ${r.first.message} (${r.reproduced}/5)`]));
    expect(bad).toEqual([]);
    const last = out[out.length - 1]!.first;
    expect(last.steps[3]!.actor).toBe('c2.killer');
    expect(last.message).toMatch(/no-stray-signal — the victim \(pid 101, incarnation 3\) was killed by SIGKILL$/);
  }, 120_000);
});
