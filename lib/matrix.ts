/**
 * `matrix(options)`: every catalogue strategy (or the ones given) in every scenario — what
 * `reapcheck matrix --no-real` computes, as one `CheckResult` per strategy.
 */
import type { Strategy } from '../model/strategy/types.ts';
import { CATALOGUE } from '../catalogue/index.ts';
import type { CheckOptions, CheckResult } from './check.ts';
import { check } from './check.ts';

/** What `matrix` takes: `check`'s options, for every strategy, and which strategies. */
export interface MatrixOptions extends CheckOptions {
  /** The strategies (default: the catalogue). */
  readonly strategies?: readonly (Strategy | string)[];
}

/**
 * Check every strategy of `opts.strategies` (default: the catalogue) in every scenario, one after
 * the other: one `CheckResult` per strategy, in order. Never prints, never exits.
 */
export async function matrix(opts: MatrixOptions = {}): Promise<CheckResult[]> {
  const { strategies = CATALOGUE, ...rest } = opts;
  const out: CheckResult[] = [];
  for (const s of strategies) out.push(await check(s, rest));
  return out;
}
