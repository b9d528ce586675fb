/**
 * The fingerprint table of the sequential search keeps every fingerprint and its value through its
 * growth (it doubles at half full, moving each fingerprint without comparing it: fingerprint-set.ts
 * `grow`), and finds what it holds again, including fingerprints whose slots collide.
 */
import { describe, expect, it } from 'vitest';
import { FingerprintSet } from '../../properties/fingerprint-set.ts';

describe('FingerprintSet', () => {
  it('keeps every fingerprint and its value through many growths', () => {
    const set = new FingerprintSet(4);
    let seed = 11;
    const rand = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    const fps: [number, number][] = [];
    for (let v = 0; v < 20_000; v++) {
      // Every fourth one shares its home slot (h) with the one before: chains cross the growths.
      const h = v % 4 === 3 ? fps[v - 1]![0] : rand();
      const l = (rand() | 1) >>> 0;
      fps.push([h, l]);
      expect(set.add(h, l, v)).toBe(-1);
    }
    expect(set.size).toBe(fps.length);
    fps.forEach(([h, l], v) => {
      expect(set.get(h, l)).toBe(v);
      expect(set.add(h, l, v + 1)).toBe(v);
    });
    expect(set.size).toBe(fps.length);
    expect(set.get(fps[0]![0], (fps[0]![1] + 2) >>> 0)).toBe(-1);
  });
});
