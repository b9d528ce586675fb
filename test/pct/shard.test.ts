/**
 * Sharding (properties/shard.ts): `i/n` parses or fails in one line; the shares of any list are
 * disjoint and cover it for n = 1..5; the work units of all shards are those of the whole run.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InputError } from '../../model/errors.ts';
import { parseShard, seedList, shardCells, shardUnits, WHOLE } from '../../properties/shard.ts';

describe('parseShard', () => {
  it.each([
    ['1/1', 1, 1],
    ['2/4', 2, 4],
    [' 5 / 5 ', 5, 5],
  ])('%s', (spec, index, count) => expect(parseShard(spec)).toEqual({ index, count }));

  it.each(['0/3', '4/3', '1/0', '3', '1/2/3', '-1/2', 'a/b', '1.5/2', '', '2/'])('%j is one-line InputError', (spec) => {
    let err: unknown;
    try {
      parseShard(spec);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    const msg = (err as Error).message;
    expect(msg).toContain('--shard');
    expect(msg).toContain(JSON.stringify(spec));
    expect(msg).not.toContain('\n');
  });
});

describe('shardCells', () => {
  it('for n = 1..5 the shares are disjoint, cover the list, keep its order and differ in size by at most one', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), fc.integer({ min: 1, max: 5 }), (raw, n) => {
        const units = raw.map((x, k) => `${k}:${x}`); // distinct, so "disjoint" is observable
        const shares = Array.from({ length: n }, (_, i) => shardCells(units, i + 1, n));
        const all = shares.flat();
        expect(all.slice().sort()).toEqual(units.slice().sort());
        expect(new Set(all).size).toBe(units.length);
        for (const s of shares) expect(s).toEqual(units.filter((u) => s.includes(u)));
        const sizes = shares.map((s) => s.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
      { seed: 5, numRuns: 200 },
    );
  });

  it('n = 1 is the whole list; a bad i/n is refused', () => {
    expect(shardCells(['a', 'b'], 1, 1)).toEqual(['a', 'b']);
    expect(() => shardCells(['a'], 0, 2)).toThrow(RangeError);
    expect(() => shardCells(['a'], 3, 2)).toThrow(RangeError);
  });
});

describe('shardUnits', () => {
  const cells = ['naive × reuse', 'pidfd × reuse', 'duct-1.0 × poll-race'];
  const key = (u: { cell: string; seed?: number }) => `${u.cell}@${u.seed ?? '-'}`;

  it.each([1, 2, 3, 4, 5])('n = %i: every (cell, seed) unit of the whole run is in exactly one shard', (n) => {
    for (const random of [undefined, { seed: 42, seeds: 1 }, { seed: 42, seeds: 4 }, { seed: 2 ** 31 - 2, seeds: 3 }]) {
      const whole = shardUnits(cells, WHOLE, random).map(key);
      const shards = Array.from({ length: n }, (_, i) => shardUnits(cells, { index: i + 1, count: n }, random).map(key));
      expect(shards.flat().sort()).toEqual(whole.slice().sort());
      expect(new Set(shards.flat()).size).toBe(whole.length);
    }
  });

  it('seeds are consecutive 32-bit numbers from the base seed', () => {
    expect(seedList(42, 3)).toEqual([42, 43, 44]);
    expect(seedList(2 ** 31 - 1, 2)).toEqual([2 ** 31 - 1, -(2 ** 31)]);
    expect(() => seedList(1, 0)).toThrow(RangeError);
  });

  it('with as many seeds as shards, each shard checks every cell once, with its own seed', () => {
    const units = shardUnits(cells, { index: 2, count: 4 }, { seed: 10, seeds: 4 });
    expect(units).toEqual(cells.map((cell) => ({ cell, seed: 11 })));
  });
});
