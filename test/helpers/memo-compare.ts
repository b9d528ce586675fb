/**
 * A search with the step memo against the same search without it (properties/memo-batch.ts): the
 * two ways of making successors must give equal outcomes — states, transitions, violations with
 * their messages and counterexamples step for step.
 */
import { expect } from 'vitest';
import { findStrategy } from '../../catalogue/index.ts';
import { findScenario } from '../../model/scenario.ts';
import { DEFAULT_SCOPE, scaledScope } from '../../model/scope.ts';
import type { Instance } from '../../model/instance.ts';
import { createInstance } from '../../model/instance.ts';
import type { SearchOptions, SearchResult } from '../../properties/bfs.ts';
import { search } from '../../properties/bfs.ts';

/** What a search found, as data to compare. */
export const searchOutcome = (r: SearchResult) => ({
  states: r.states,
  transitions: r.transitions,
  truncated: r.truncated,
  stoppedEarly: r.stoppedEarly,
  incomplete: r.incomplete,
  found: [...r.found.values()].map((f) => ({ invariant: f.invariant, message: f.message, steps: f.steps })),
});

/** Search `inst` under `opts` without the memo and with it; both outcomes, and the memo's figures. */
export function withAndWithoutMemo(inst: Instance, opts: SearchOptions = {}) {
  const plain = search(inst, { ...opts, memo: false });
  const memo = search(inst, { ...opts, memo: true });
  expect(plain.memo).toBeUndefined();
  expect(memo.memo).toBeDefined();
  return { plain: searchOutcome(plain), memo: searchOutcome(memo), figures: memo.memo! };
}

/** `strategy` × pool with `children` children. */
export const poolInstance = (strategy: string, children: number): Instance => createInstance(findStrategy(strategy)!, findScenario('pool')!, scaledScope(DEFAULT_SCOPE, { children }));
