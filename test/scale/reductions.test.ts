/**
 * Reductions change how much is searched, never what is found: on every catalogue cell, symmetry,
 * partial-order reduction and both give the verdicts of the unreduced search, with counterexamples
 * of the same (shortest) length, and never visit more states.
 */
import { describe, it, expect } from 'vitest';
import { catalogueCells, outcome } from '../helpers/catalogue-cells.ts';
import { checkExhaustive } from '../../properties/exhaustive.ts';

const MODES = [
  { symmetry: true, por: false },
  { symmetry: false, por: true },
  { symmetry: true, por: true },
];

describe('reductions keep every catalogue verdict', () => {
  const cells = catalogueCells();
  for (const mode of MODES) {
    it(`symmetry ${mode.symmetry ? 'on' : 'off'}, por ${mode.por ? 'on' : 'off'}`, () => {
      for (const { inst, verdict } of cells) {
        const reduced = checkExhaustive(inst, { ...mode, checkWellFormed: true });
        expect(outcome(reduced), `${inst.strategy.name} × ${inst.scenario.name}`).toEqual(outcome(verdict));
        // A reduced search stopped early can have counted more before its last violation; a full one never does.
        if (!verdict.stoppedEarly && !reduced.stoppedEarly) expect(reduced.states).toBeLessThanOrEqual(verdict.states);
      }
    });
  }
});
