/**
 * Sharding: `--shard i/n` splits a check into n disjoint shares that separate machines (CI jobs)
 * run, and `report/merge.ts` joins their `{"cells":[...]}` documents. The unit of work is a
 * *work unit*: one exhaustive cell, or one (cell, seed) pair of the random engine. Units are dealt
 * round-robin (unit k to shard (k mod n) + 1) rather than in blocks, because the catalogue lists
 * each strategy's cells together and some strategies' cells are much heavier than others': dealing
 * spreads the heavy ones over the shards.
 */
import { InputError } from '../model/errors.ts';

/** One share of n: `index` in 1..count. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** The whole run as a single shard (what no `--shard` flag means). */
export const WHOLE: Shard = { index: 1, count: 1 };

/** Parse `i/n` (1 ≤ i ≤ n, whole numbers); anything else is a one-line InputError saying what is expected. */
export function parseShard(spec: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(spec);
  const hint = 'give i/n with whole numbers 1 ≤ i ≤ n, e.g. --shard 2/4 for the second of four shares';
  if (!m) throw new InputError(`--shard must be i/n; got ${JSON.stringify(spec)}: ${hint}`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    throw new InputError(`--shard ${JSON.stringify(spec)} is out of range: ${hint}`);
  }
  return { index, count };
}

/** Is `k` (0-based position in the full list of work units) in this shard? */
export function inShard(k: number, shard: Shard): boolean {
  return k % shard.count === shard.index - 1;
}

/**
 * This shard's share of `units`, in their order: unit k goes to shard (k mod n) + 1. Over
 * i = 1..n the shares are disjoint and together hold every unit once, whatever the list.
 */
export function shardCells<T>(units: readonly T[], index: number, count: number): T[] {
  const shard = { index, count };
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count) || index < 1 || index > count) {
    throw new RangeError(`a shard is i/n with 1 ≤ i ≤ n; got ${index}/${count}`);
  }
  return units.filter((_, k) => inShard(k, shard));
}

/**
 * The seeds of a random-engine check with `seeds` independent seeds from `seed` on: seed,
 * seed+1, ... (32-bit, as fast-check takes them). Each runs the full `--runs` budget per
 * invariant; the cell's verdict over all of them is violated when any seed violated it
 * (`combineRandomCells` in report/merge.ts).
 */
export function seedList(seed: number, seeds: number): number[] {
  if (!Number.isSafeInteger(seeds) || seeds < 1) throw new RangeError(`seeds must be a whole number of at least 1; got ${seeds}`);
  return Array.from({ length: seeds }, (_, j) => (seed + j) | 0);
}

/** One unit of work: a cell (by its position in the unsharded list), with a seed for the random engine. */
export interface WorkUnit<C> {
  readonly cell: C;
  /** Absent for an exhaustive cell. */
  readonly seed?: number;
}

/**
 * The work units of this shard, for `cells` checked with `seeds` seeds each from `seed` on
 * (random engine), or once each (`seeds` undefined: exhaustive). Units are listed cell by cell,
 * seed by seed, then dealt; with n ≤ seeds every shard gets a share of every cell's seeds, with
 * one seed the cells themselves are dealt. Running every shard's units runs exactly the units of
 * the unsharded check (WHOLE), each once.
 */
export function shardUnits<C>(cells: readonly C[], shard: Shard, random?: { seed: number; seeds: number }): WorkUnit<C>[] {
  const units: WorkUnit<C>[] = random ? cells.flatMap((cell) => seedList(random.seed, random.seeds).map((seed) => ({ cell, seed }))) : cells.map((cell) => ({ cell }));
  return shardCells(units, shard.index, shard.count);
}
