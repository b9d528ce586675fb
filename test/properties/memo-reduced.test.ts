/**
 * The step memo under reductions (memo-batch.ts `expandReduced`, asked for with `memo: true`):
 * the ample sets chosen from the effect bits its entries keep (por.ts `ampleIndices`), and the
 * canonical fingerprints taken of successors decoded from rows, change how successors are made,
 * never which. With it and without it a search with symmetry, with partial-order reduction, or
 * with both counts the same states and transitions and finds the same violations with the same
 * messages and counterexamples — on every cell of the catalogue matrix, on scaled pool scopes,
 * for a strategy that notifies, when the memo forgets its entries before every batch, and in
 * the parallel engine.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CATALOGUE } from '../../catalogue/index.ts';
import { MATRIX_SCENARIOS, scenarioApplies } from '../../model/scenario.ts';
import { DEFAULT_SCOPE, scenarioScope } from '../../model/scope.ts';
import { createInstance } from '../../model/instance.ts';
import type { SearchOptions } from '../../properties/bfs.ts';
import { search } from '../../properties/bfs.ts';
import { validateStrategy } from '../../model/strategy/validate.ts';
import { parallelSearch } from '../../properties/parallel/search.ts';
import { closeSearchPools } from '../../properties/parallel/index.ts';
import { poolInstance as pool, searchOutcome as outcome, withAndWithoutMemo as both } from '../helpers/memo-compare.ts';

afterAll(() => closeSearchPools());

const MODES: readonly SearchOptions[] = [{ symmetry: true }, { por: true }, { symmetry: true, por: true }];
const label = (o: SearchOptions): string => [o.symmetry ? 'symmetry' : '', o.por ? 'por' : ''].filter(Boolean).join(' + ');


describe('the step memo with reductions', () => {
  it('finds what the interpreter finds on every cell of the catalogue matrix, in each reduced mode', () => {
    let cells = 0;
    for (const s of CATALOGUE) {
      for (const sc of MATRIX_SCENARIOS) {
        if (!scenarioApplies(sc, s.roles)) continue;
        const inst = createInstance(s, sc, scenarioScope(DEFAULT_SCOPE, sc));
        for (const mode of MODES) {
          const { plain, memo } = both(inst, mode);
          expect(memo, `${s.name} × ${sc.name}, ${label(mode)}`).toEqual(plain);
        }
        cells++;
      }
    }
    expect(cells).toBeGreaterThan(70);
  });

  it('on scaled pool scopes where symmetry and the ample sets bite: pidfd with 3 children, duct-1.0 (which notifies) with 2 and 3', () => {
    // Whole with both reductions (pidfd: 76,624 states; duct-1.0, 2 children: 258,196); the first 100,000 states otherwise.
    for (const [inst, whole] of [[pool('pidfd', 3), true], [pool('duct-1.0', 2), true], [pool('duct-1.0', 3), false]] as const) {
      for (const mode of MODES) {
        const { plain, memo, figures } = both(inst, whole && mode.symmetry && mode.por ? mode : { ...mode, limits: { maxStates: 100_000 } });
        expect(memo, `${inst.strategy.name} × pool, ${inst.children} children, ${label(mode)}`).toEqual(plain);
        expect(figures.hits).toBeGreaterThan(figures.misses);
      }
    }
  });

  it('a notify inside an atomic block, and the memo forgetting its entries before every batch', () => {
    const doc = JSON.parse(readFileSync(new URL('../fixtures/strategies/event-loop-atomic.json', import.meta.url), 'utf8'));
    const atomic = validateStrategy(doc, 'event-loop-atomic.json');
    for (const sc of MATRIX_SCENARIOS) {
      if (!scenarioApplies(sc, atomic.roles)) continue;
      const inst = createInstance(atomic, sc, scenarioScope(DEFAULT_SCOPE, sc));
      for (const mode of MODES) expect(both(inst, mode).memo, `${sc.name}, ${label(mode)}`).toEqual(both(inst, mode).plain);
    }
    const { plain, memo, figures } = both(pool('duct-1.0', 2), { symmetry: true, por: true, limits: { maxStates: 60_000 }, memoWords: 4096 });
    expect(memo).toEqual(plain);
    expect(figures.resets).toBeGreaterThan(100);
  });

  it('in the parallel engine: 2 workers through the memo find what bfs.ts without it finds', async () => {
    for (const inst of [pool('pidfd', 3), pool('duct-1.0', 2)]) {
      const opts = { symmetry: true, por: true };
      const plain = outcome(search(inst, opts));
      const par = await parallelSearch(inst, { ...opts, memo: true, workers: 2 });
      expect(outcome(par), `${inst.strategy.name}, ${inst.children} children`).toEqual(plain);
    }
  }, 120_000);
});
