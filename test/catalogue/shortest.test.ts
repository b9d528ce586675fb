/**
 * Counterexamples are shortest (model-spec §8, "shortest by breadth-first search"): for a few
 * cells — one per catalogue strategy, covering step and end invariants and every adversary — an
 * independent depth-bounded search (test/helpers/search.ts) finds no violating schedule one step
 * shorter than the checker's counterexample, and does find one of the same length.
 */
import { describe, it, expect } from 'vitest';
import { findScenario } from '../../model/scenario.ts';
import { createInstance } from '../../model/instance.ts';
import { DEFAULT_SCOPE } from '../../model/scope.ts';
import type { InvariantName } from '../../properties/invariants.ts';
import { checkExhaustive } from '../../properties/exhaustive.ts';
import { findStrategy } from '../../catalogue/index.ts';
import { violationWithin } from '../helpers/search.ts';

const CELLS: [strategy: string, scenario: string, invariant: InvariantName][] = [
  ['naive', 'reuse', 'no-stray-signal'],
  ['naive', 'two-waiters', 'no-wrong-reap'],
  ['cpython-3.8', 'poll-race', 'no-stale-poll'],
  ['cpython-3.8', 'reuse', 'no-kill-error'],
  ['cpython-3.9', 'foreign-reaper', 'status-correct'],
  ['duct-0.6.3-py39', 'reuse', 'no-wait-error'],
  ['duct-1.0', 'poll-race', 'no-stale-poll'],
  ['mutex-child', 'kill-to-exit', 'no-deadlock'],
  ['pidfd', 'reaper-any', 'no-wait-error'],
  ['pidfd-close', 'fd-reuse', 'no-stray-signal'],
];

describe('counterexamples are shortest', () => {
  it.each(CELLS)('%s × %s: %s', (sName, scName, invariant) => {
    const inst = createInstance(findStrategy(sName)!, findScenario(scName)!, DEFAULT_SCOPE);
    const iv = checkExhaustive(inst).invariants[invariant];
    if (iv.status !== 'violated') throw new Error(`${invariant} is expected violated, got ${iv.status}`);
    const length = iv.counterexample.steps.length;
    expect(violationWithin(inst, invariant, length - 1)).toBeNull();
    expect(violationWithin(inst, invariant, length)).toHaveLength(length);
  });
});
