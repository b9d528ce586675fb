import { describe, expect, it } from 'vitest';
import { keyOrder } from '../../properties/parallel/key-order.ts';

/** A share as a worker holds it: `runs` sorted runs of distinct keys, one after the other. */
function share(runs: number, seed: number): Float64Array {
  let x = seed;
  const rnd = (): number => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const out: number[] = [];
  const used = new Set<number>();
  for (let r = 0; r < runs; r++) {
    const run: number[] = [];
    for (let n = Math.floor(rnd() * 40); n > 0; n--) {
      const k = Math.floor(rnd() * 2 ** 40) * 65536 + Math.floor(rnd() * 7);
      if (!used.has(k)) (used.add(k), run.push(k));
    }
    out.push(...run.sort((a, b) => a - b));
  }
  return Float64Array.from(out);
}

describe('keyOrder (the order that sorts a worker share by key)', () => {
  it('is null for a sorted share', () => {
    expect(keyOrder(Float64Array.of(1, 2, 3, 2 ** 47), 4)).toBeNull();
    expect(keyOrder(new Float64Array(0), 0)).toBeNull();
  });

  it('sorts shares of 2 to 9 runs like a comparison sort', () => {
    for (let runs = 2; runs <= 9; runs++) {
      for (let seed = 1; seed <= 20; seed++) {
        const keys = share(runs, seed * 31 + runs);
        const order = keyOrder(keys, keys.length);
        const want = [...keys].sort((a, b) => a - b);
        const got = order === null ? [...keys] : Array.from(order, (i) => keys[i]!);
        expect(got).toEqual(want);
        if (order) expect(new Set(order).size).toBe(keys.length);
      }
    }
  });

  it('reads only the first n keys', () => {
    expect(Array.from(keyOrder(Float64Array.of(3, 1, 2, 0), 3)!)).toEqual([1, 2, 0]);
  });
});
