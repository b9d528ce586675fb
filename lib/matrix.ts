/**
 * `matrix(options)`: every catalogue strategy (or the ones given) in every scenario — what
 * `reapcheck matrix --no-real` computes, as one `CheckResult` per strategy.
 */
import type { Strategy } from '../model/strategy/types.ts';
import { CATALOGUE } from '../catalogue/index.ts';
import type { CheckOptions, CheckResult } from './check.ts';
import { check } from './check.ts';

export interface MatrixOptions extends CheckOptions {
  /** The strategies (default: the catalogue). */
  readonly strategies?: readonly (Strategy | string)[];
}

export async function matrix(opts: MatrixOptions = {}): Promise<CheckResult[]> {
  const { strategies = CATALOGUE, ...rest } = opts;
  const out: CheckResult[] = [];
  for (const s of strategies) out.push(await check(s, rest));
  return out;
}
