/**
 * The step memo (properties/step-memo.ts, memo-batch.ts) changes how successors are made, never
 * which: with it and without it, the search counts the same states and transitions and finds
 * the same violations, with the same messages and counterexamples, step for step — on every
 * cell of the catalogue matrix, on scaled scopes, for a strategy that notifies (the one step the
 * memo does not remember), and when the memo forgets its entries over and over.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CATALOGUE, findStrategy } from '../../catalogue/index.ts';
import { MATRIX_SCENARIOS, findScenario, scenarioApplies } from '../../model/scenario.ts';
import { DEFAULT_SCOPE, scaledScope, scenarioScope } from '../../model/scope.ts';
import type { Instance } from '../../model/instance.ts';
import { createInstance } from '../../model/instance.ts';
import type { SearchOptions, SearchResult } from '../../properties/bfs.ts';
import { search } from '../../properties/bfs.ts';
import { validateStrategy } from '../../model/strategy/validate.ts';
import { parallelSearch } from '../../properties/parallel/search.ts';
import { closeSearchPools } from '../../properties/parallel/index.ts';

afterAll(() => closeSearchPools());

/** What a search found, as data to compare. */
const outcome = (r: SearchResult) => ({
  states: r.states,
  transitions: r.transitions,
  truncated: r.truncated,
  stoppedEarly: r.stoppedEarly,
  incomplete: r.incomplete,
  found: [...r.found.values()].map((f) => ({ invariant: f.invariant, message: f.message, steps: f.steps })),
});

/** Search `inst` without the memo and with it (`opts` added to the second); both outcomes, and the memo's figures. */
function both(inst: Instance, opts: SearchOptions = {}) {
  const plain = search(inst, { ...opts, memo: false });
  const memo = search(inst, opts);
  expect(plain.memo).toBeUndefined();
  expect(memo.memo).toBeDefined();
  return { plain: outcome(plain), memo: outcome(memo), figures: memo.memo! };
}

const pool = (strategy: string, children: number) => createInstance(findStrategy(strategy)!, findScenario('pool')!, scaledScope(DEFAULT_SCOPE, { children }));

describe('the step memo', () => {
  it('finds what the interpreter finds on every cell of the catalogue matrix, per-child and process-wide', () => {
    let cells = 0;
    for (const s of CATALOGUE) {
      for (const sc of MATRIX_SCENARIOS) {
        if (!scenarioApplies(sc, s.roles)) continue;
        const { plain, memo } = both(createInstance(s, sc, scenarioScope(DEFAULT_SCOPE, sc)));
        expect(memo, `${s.name} × ${sc.name}`).toEqual(plain);
        cells++;
      }
    }
    expect(cells).toBeGreaterThan(70);
  });

  it('on scaled scopes: pidfd and duct-1.0 (which notifies) × pool with 2 children, libuv-node with 3 children', () => {
    const libuv = createInstance(findStrategy('libuv-node')!, findScenario('stop-others')!, scaledScope(DEFAULT_SCOPE, { children: 3 }));
    for (const inst of [pool('pidfd', 2), pool('duct-1.0', 2), libuv]) {
      const { plain, memo, figures } = both(inst, { limits: { maxStates: 150_000 } });
      expect(memo, `${inst.strategy.name} × ${inst.scenario.name}`).toEqual(plain);
      // Per-child threads meet the same (thread, part, head) keys in many worlds (pidfd: 95% of
      // look-ups answered from memory); libuv-node's one loop thread holds all of its state, so
      // its keys are nearly as many as its worlds.
      if (inst !== libuv) expect(figures.hits).toBeGreaterThan(2 * figures.misses);
    }
  });

  it('a notify inside an atomic block, and the memo forgetting its entries before every batch', () => {
    const doc = JSON.parse(readFileSync(new URL('../fixtures/strategies/event-loop-atomic.json', import.meta.url), 'utf8'));
    const atomic = validateStrategy(doc, 'event-loop-atomic.json');
    for (const sc of MATRIX_SCENARIOS) {
      if (!scenarioApplies(sc, atomic.roles)) continue;
      const inst = createInstance(atomic, sc, scenarioScope(DEFAULT_SCOPE, sc));
      const { plain, memo } = both(inst);
      expect(memo, sc.name).toEqual(plain);
    }
    const { plain, memo, figures } = both(pool('duct-1.0', 2), { limits: { maxStates: 60_000 }, memoWords: 4096 });
    expect(memo).toEqual(plain);
    expect(figures.resets).toBeGreaterThan(100);
  });

  it('in the parallel engine: 2 and 3 workers that steal and hand rows over (each worker has its own head table) find what bfs.ts without the memo finds', async () => {
    const inst = createInstance(findStrategy('pidfd')!, findScenario('pool')!, scaledScope(DEFAULT_SCOPE, { children: 2, pids: 4 }));
    const plain = outcome(search(inst, { memo: false }));
    for (const workers of [2, 3]) {
      let steals = 0;
      const par = await parallelSearch(inst, { workers, onLevel: (l) => (steals += l.steals + l.moved) });
      expect(steals).toBeGreaterThan(0);
      expect(outcome(par), `${workers} workers`).toEqual(plain);
    }
  }, 60_000);
});
