/**
 * Every (catalogue strategy, scenario) cell with its exhaustive verdict, computed once per test
 * file that asks (the full matrix takes a few seconds).
 */
import { CATALOGUE } from '../../catalogue/index.ts';
import { SCENARIOS, scenarioApplies } from '../../model/scenario.ts';
import { DEFAULT_SCOPE } from '../../model/scope.ts';
import type { Instance } from '../../model/instance.ts';
import { createInstance } from '../../model/instance.ts';
import { checkExhaustive } from '../../properties/exhaustive.ts';
import type { CellVerdict, Counterexample } from '../../properties/verdict.ts';
import { INVARIANT_NAMES } from '../../properties/invariants.ts';

export interface Cell {
  readonly inst: Instance;
  readonly verdict: CellVerdict;
}

let cells: Cell[] | null = null;

export function catalogueCells(): Cell[] {
  if (!cells) {
    cells = [];
    for (const s of CATALOGUE) {
      for (const sc of SCENARIOS) {
        if (!scenarioApplies(sc, s.roles)) continue;
        const inst = createInstance(s, sc, DEFAULT_SCOPE);
        cells.push({ inst, verdict: checkExhaustive(inst) });
      }
    }
  }
  return cells;
}

/** Every counterexample of the catalogue, with its instance. */
export function catalogueCounterexamples(): { inst: Instance; cx: Counterexample }[] {
  const out: { inst: Instance; cx: Counterexample }[] = [];
  for (const c of catalogueCells()) {
    for (const v of Object.values(c.verdict.invariants)) if (v.status === 'violated') out.push({ inst: c.inst, cx: v.counterexample });
  }
  return out;
}

/** Each invariant's status, and the length of its counterexample when violated: what a reduction must not change. */
export function outcome(v: CellVerdict): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of INVARIANT_NAMES) {
    const iv = v.invariants[n];
    out[n] = iv.status === 'violated' ? `violated in ${iv.counterexample.steps.length}` : iv.status;
  }
  return out;
}
