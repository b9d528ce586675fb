/**
 * `reapcheck/vitest`: matchers for a maintainer's own test suite.
 *
 *   import 'reapcheck/vitest';
 *   await expect(myStrategy).toHold('no-stray-signal', { scenario: 'reuse' });
 *   await expect('cpython-3.9').toViolate('no-wait-error', { scenario: 'foreign-reaper' });
 *
 * A failing `toHold` prints the counterexample's step table, as `reapcheck check` does, and the
 * command that replays it (the trace is written to `traceDir`, default `reapcheck-traces/`); a
 * failing `toViolate` says how the invariant was established (method, states). The received value
 * is a strategy value or a catalogue name; the options are `check`'s, plus the scenario(s).
 */
import { expect } from 'vitest';
import type { Strategy } from '../model/strategy/types.ts';
import type { Scenario } from '../model/scenario.ts';
import type { CheckOptions, CheckResult, InvariantResult } from './check.ts';
import { check } from './check.ts';
import { writeTrace } from './traces.ts';

/**
 * What `toHold` and `toViolate` take: `check`'s options, plus one `scenario` (or `scenarios`) and
 * where a failing `toHold` writes its trace.
 */
export interface MatcherOptions extends CheckOptions {
  /** One scenario (a name or a value); or use `scenarios` for several (default: every scenario). */
  readonly scenario?: string | Scenario;
  /** Where a failing `toHold` writes the counterexample's trace (default `reapcheck-traces`). */
  readonly traceDir?: string;
}

declare module 'vitest' {
  interface Assertion<T> {
    /** Every checked scenario: `invariant` holds (or does not apply). Resolves; await it. */
    toHold(invariant: string, options?: MatcherOptions): Promise<T>;
    /** Some checked scenario violates `invariant`. */
    toViolate(invariant: string, options?: MatcherOptions): Promise<T>;
  }
  interface AsymmetricMatchersContaining {
    toHold(invariant: string, options?: MatcherOptions): void;
    toViolate(invariant: string, options?: MatcherOptions): void;
  }
}

function run(received: unknown, options: MatcherOptions = {}): Promise<CheckResult> {
  const { scenario, traceDir: _t, ...rest } = options;
  return check(received as Strategy | string, scenario !== undefined ? { ...rest, scenarios: [scenario] } : rest);
}

function name(r: CheckResult): string {
  return r.strategy;
}

/** "holds (exhaustive, 34 states)" or "incomplete …" for one scenario's verdict. */
function how(r: CheckResult, scenario: string, iv: InvariantResult | undefined): string {
  const s = r.scenarios.find((x) => x.scenario === scenario)!;
  if (!iv) return 'not checked';
  if (iv.status === 'violated') return `violated: ${iv.message}`;
  return `${iv.status} (${s.method}, ${s.states} ${s.method === 'random' ? 'schedules' : 'states'})`;
}

expect.extend({
  async toHold(received: unknown, invariant: string, options: MatcherOptions = {}) {
    const r = await run(received, options);
    const bad = r.scenarios
      .map((s) => ({ s, iv: s.invariants[invariant] }))
      .filter(({ iv }) => iv === undefined || iv.status === 'violated' || iv.status === 'incomplete');
    const unknown = r.scenarios.every((s) => s.invariants[invariant] === undefined);
    if (unknown) return { pass: false, message: () => `${name(r)}: there is no invariant ${invariant}; the invariants are ${Object.keys(r.scenarios[0]?.invariants ?? {}).join(', ')}` };
    const pass = bad.length === 0;
    return {
      pass,
      message: () => {
        if (pass) return `expected ${name(r)} to violate ${invariant}, but it holds in ${r.scenarios.map((s) => `${s.scenario}: ${how(r, s.scenario, s.invariants[invariant])}`).join('; ')}`;
        const parts = bad.map(({ s, iv }) => {
          if (!iv || iv.status !== 'violated') return `${s.scenario}: ${how(r, s.scenario, iv)}`;
          const { replay } = writeTrace(iv.trace, options.traceDir);
          return `${s.scenario}: VIOLATED: ${iv.message}\n${iv.table}\nreplay: ${replay}`;
        });
        return `expected ${name(r)} to hold ${invariant}, but\n${parts.join('\n\n')}`;
      },
    };
  },

  async toViolate(received: unknown, invariant: string, options: MatcherOptions = {}) {
    const r = await run(received, options);
    const hits = r.scenarios.filter((s) => s.invariants[invariant]?.status === 'violated');
    const pass = hits.length > 0;
    return {
      pass,
      message: () =>
        pass
          ? `expected ${name(r)} not to violate ${invariant}, but it does in ${hits.map((s) => `${s.scenario} (${(s.invariants[invariant] as { message: string }).message})`).join('; ')}`
          : `expected ${name(r)} to violate ${invariant}, but ${r.scenarios.map((s) => `${s.scenario}: ${how(r, s.scenario, s.invariants[invariant])}`).join('; ')}`,
    };
  },
});
