/**
 * The table made ahead for the parallel search's next growth (properties/parallel/next-table.ts):
 * `take` hands over the table made ahead when it has the size asked for, and from then on the
 * coordinator writes nothing into it — a state a worker put in stays — whether its pages were all
 * touched or touching was cut short.
 */
import { describe, expect, it } from 'vitest';
import { NextTable } from '../../properties/parallel/next-table.ts';

const turns = (n: number): Promise<void> => new Promise((resolve) => {
  const step = (k: number): void => void (k === 0 ? resolve() : setImmediate(() => step(k - 1)));
  step(n);
});

describe('the next table, made ahead', () => {
  it('is the table taken, and is not written after it was taken', async () => {
    for (const wait of [0, 1, 200]) {
      const next = new NextTable(2);
      next.prepare(22); // 64 MiB: 16 chunks of pages, touched one per turn
      await turns(wait);
      const data = next.take(22);
      const t = new Int32Array(data.slots);
      expect(t.length).toBe(4 * 2 ** 22);
      // A worker's inserts, all over the table (one word in every page, where touching writes).
      for (let p = 0; p < t.length; p += 1024) t[p] = 7;
      await turns(40);
      let kept = 0;
      for (let p = 0; p < t.length; p += 1024) kept += t[p] === 7 ? 1 : 0;
      expect(kept, `taken after ${wait} turns`).toBe(t.length / 1024);
    }
  });

  it('makes a new table when the size asked for is not the one made ahead', () => {
    const next = new NextTable(1);
    next.prepare(17);
    const data = next.take(18);
    expect(new Int32Array(data.slots).length).toBe(4 * 2 ** 18);
    next.prepare(17);
    const again = next.take(17);
    expect(next.take(17)).not.toBe(again);
  });
});
