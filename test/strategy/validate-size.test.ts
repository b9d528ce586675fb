/**
 * Validation is linear in program size (issue 14: 1,000 sets took 3.8 s, 16,000 never finished).
 * The bound here is loose so that a loaded machine does not fail it; bench/validate.ts holds the
 * figures.
 */
import { describe, it, expect } from 'vitest';
import { longStrategy } from '../../bench/validate.ts';
import { strategyProblems } from '../../model/strategy/validate.ts';

describe('validation of a long program', () => {
  it('validates 16,000 instructions in well under 5 s', () => {
    const s = longStrategy(16_000);
    const t0 = performance.now();
    expect(strategyProblems(s)).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('still finds a loop of sets and jumps among 16,000 instructions, once', () => {
    const s = JSON.parse(JSON.stringify(longStrategy(16_000)));
    s.roles.wait.splice(8000, 0, { op: 'jump', to: 7990 });
    expect(strategyProblems(s).filter((p: string) => p.includes('loops forever'))).toEqual([
      'role wait, instruction 7990 (set): instructions 7990, 7991, 7992, 7993, 7994, 7995, 7996, 7997, 7998, 7999, 8000 only set registers and jump, so the thread loops forever without a visible step — add a way out',
    ]);
  });
});
