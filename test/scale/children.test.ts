/**
 * Many managed children (scope `children`): small scopes whose verdicts are known from one child.
 * Each thread is bound to its own child, so a strategy that was safe for one child stays safe for
 * two, and one that signals by number still hits whoever got the number, another child included.
 */
import { describe, it, expect } from 'vitest';
import { findStrategy } from '../../catalogue/index.ts';
import { findScenario } from '../../model/scenario.ts';
import { DEFAULT_SCOPE } from '../../model/scope.ts';
import type { Scope } from '../../model/scope.ts';
import { createInstance } from '../../model/instance.ts';
import { initialWorld } from '../../model/transitions.ts';
import { checkExhaustive } from '../../properties/exhaustive.ts';
import { violatedNames } from '../../properties/verdict.ts';

const TWO: Scope = { ...DEFAULT_SCOPE, children: 2, pidCount: 3, spawns: 1 };

function violated(strategy: string, scenario: string, scope: Scope, opts = {}): string[] {
  const inst = createInstance(findStrategy(strategy)!, findScenario(scenario)!, scope);
  return violatedNames(checkExhaustive(inst, { checkWellFormed: true, ...opts }));
}

describe('many children', () => {
  it('gives each child its threads, its pid and its own shared memory', () => {
    const inst = createInstance(findStrategy('duct-1.0')!, findScenario('pool')!, { ...TWO, killers: 1 });
    expect(inst.threads.map((t) => t.name)).toEqual(['c1.waiter', 'c1.killer', 'c2.waiter', 'c2.killer']);
    const w = initialWorld(inst);
    expect(w.procs.map((p) => [p.pid, p.inc, p.role])).toEqual([[100, 1, 'child'], [101, 2, 'child']]);
    expect(w.vars.length).toBe(2 * inst.varNames.length);
  });

  it('keeps one child exactly as before (names, threads)', () => {
    const inst = createInstance(findStrategy('naive')!, findScenario('two-waiters')!, DEFAULT_SCOPE);
    expect(inst.threads.map((t) => t.name)).toEqual(['waiter', 'waiter-2', 'killer']);
    expect(createInstance(findStrategy('naive')!, findScenario('reuse')!, { ...DEFAULT_SCOPE, killers: 2 }).threads.map((t) => t.name)).toEqual(['waiter', 'killer', 'killer-2']);
  });

  it('pidfd holds with two children where it held with one', () => {
    expect(violated('pidfd', 'sibling-reuse', TWO)).toEqual([]);
    expect(violated('pidfd', 'kill-to-exit', TWO)).toEqual([]);
  });

  it('naive still signals a stranger with two children', () => {
    expect(violated('naive', 'sibling-reuse', TWO)).toContain('no-stray-signal');
  });

  it('pidfd in the pool fails only by the watcher stealing its child (no-wait-error), as in reaper-any', () => {
    expect(violated('pidfd', 'pool', { ...TWO, killers: 1 }, { symmetry: true })).toEqual(['no-wait-error']);
  });

  it('symmetry and partial-order reduction keep the two-children verdicts', () => {
    for (const [s, sc] of [['pidfd', 'pool'], ['naive', 'sibling-reuse'], ['mutex-child', 'kill-to-exit']] as const) {
      const plain = violated(s, sc, TWO);
      expect(violated(s, sc, TWO, { symmetry: true }), `${s} × ${sc}`).toEqual(plain);
      expect(violated(s, sc, TWO, { symmetry: true, por: true }), `${s} × ${sc}`).toEqual(plain);
    }
  });

  it('a retrying killer runs its program again', () => {
    const inst = createInstance(findStrategy('naive')!, findScenario('kill-to-exit')!, { ...DEFAULT_SCOPE, retries: 1 });
    const v = checkExhaustive(inst, { checkWellFormed: true });
    // The second kill finds a zombie (or ESRCH once reaped): still no stray signal without reuse.
    expect(violatedNames(v)).toEqual([]);
    expect(v.states).toBeGreaterThan(checkExhaustive(createInstance(findStrategy('naive')!, findScenario('kill-to-exit')!, DEFAULT_SCOPE)).states);
  });
});
