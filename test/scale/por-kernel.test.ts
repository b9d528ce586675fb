/**
 * Kernel-aware partial-order reduction (properties/por.ts, `childLocal` clusters): with several
 * children, expanding one child's steps at a time while nothing else can touch its process gives
 * the verdicts of the full search — every invariant's status and every counterexample's (shortest)
 * length — on every catalogue strategy in the scenarios where children interact through the
 * kernel (pid reuse by a sibling spawner, a waitpid(-1) reaper, a foreign reaper).
 */
import { describe, it, expect } from 'vitest';
import { CATALOGUE, findStrategy } from '../../catalogue/index.ts';
import { findScenario, scenarioApplies } from '../../model/scenario.ts';
import { DEFAULT_SCOPE, scaledScope } from '../../model/scope.ts';
import { createInstance } from '../../model/instance.ts';
import { checkExhaustive } from '../../properties/exhaustive.ts';
import { outcome } from '../helpers/catalogue-cells.ts';
import { childLocal } from '../../properties/por.ts';
import { search } from '../../properties/bfs.ts';

const TWO = scaledScope(DEFAULT_SCOPE, { children: 2, killers: 1 });
/** Cells whose unreduced search has more than 1,000,000 states here (1.2–4 M: 7 s and more each); bench/scale.ts covers them. */
const TOO_BIG = new Set(['cpython-3.9 × pool', 'duct-0.6.3-py39 × foreign-reaper', 'duct-0.6.3-py39 × pool', 'duct-1.0 × pool']);

describe('kernel-aware partial-order reduction', () => {
  it('keeps every verdict with two children (each strategy × reuse, sibling-reuse, foreign-reaper, pool)', () => {
    let reducedSomewhere = 0;
    for (const s of CATALOGUE) {
      for (const name of ['reuse', 'sibling-reuse', 'foreign-reaper', 'pool']) {
        const sc = findScenario(name)!;
        if (!scenarioApplies(sc, s.roles) || TOO_BIG.has(`${s.name} × ${name}`)) continue;
        const inst = createInstance(s, sc, TWO);
        const full = checkExhaustive(inst);
        const reduced = checkExhaustive(inst, { por: true, checkWellFormed: true });
        expect(outcome(reduced), `${s.name} × ${name}`).toEqual(outcome(full));
        const both = checkExhaustive(inst, { por: true, symmetry: true });
        expect(outcome(both), `${s.name} × ${name} (with symmetry)`).toEqual(outcome(full));
        if (!full.stoppedEarly && !reduced.stoppedEarly && reduced.states < full.states) reducedSomewhere++;
      }
    }
    expect(reducedSomewhere).toBeGreaterThan(5);
  }, 300_000);

  it('cuts states where children only meet through the kernel (pidfd × pool, two children, two killers each)', () => {
    const inst = createInstance(findStrategy('pidfd')!, findScenario('pool')!, scaledScope(DEFAULT_SCOPE, { children: 2 }));
    expect(childLocal(inst)).toBe(true);
    const full = search(inst, { symmetry: true });
    const reduced = search(inst, { symmetry: true, por: true });
    expect([...reduced.found.keys()]).toEqual([...full.found.keys()]);
    expect(reduced.states).toBeLessThan(full.states * 0.8);
  }, 120_000);

  it('is not used where children share the fd table (fd churner) or a role names a process otherwise than CHILD', () => {
    expect(childLocal(createInstance(findStrategy('pidfd-close')!, findScenario('fd-reuse')!, TWO))).toBe(false);
    expect(childLocal(createInstance(findStrategy('pidfd')!, findScenario('pool')!, TWO))).toBe(true);
    expect(childLocal(createInstance(findStrategy('duct-1.0')!, findScenario('pool')!, TWO))).toBe(true);
  });
});
