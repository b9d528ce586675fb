/**
 * A set of 64-bit state fingerprints (TLC-style): a state is remembered by two 32-bit hashes of its
 * canonical key, not by the key itself, in an open-addressing table of typed arrays. Each entry
 * also holds a 32-bit value (the state's id in the search).
 *
 * Two different states share a fingerprint with probability about n² / 2⁶⁵ over a search of n
 * states (≈ 3·10⁻⁶ at 10 M states, ≈ 3·10⁻¹⁰ at 100 k): a collision would silently drop one state,
 * as in TLC, and the verdict then says `holds` with that probability of having missed it. The
 * fingerprints come from the model (model/string-fingerprint.ts, model/world-fingerprint.ts).
 */

import { huge } from './huge-pages.ts';

export class FingerprintSet {
  /**
   * Slot i is words 3i (the low hash, 0 for an empty slot), 3i + 1 (the high hash) and 3i + 2 (the
   * value): a slot's words sit side by side (one cache line, rarely two), where three parallel arrays cost up to three misses per
   * look-up in a table far larger than the cache (the probe was a twentieth of the search).
   */
  private slots: Uint32Array;
  private mask: number;
  size = 0;

  constructor(capacityLog2 = 16) {
    const cap = 1 << capacityLog2;
    this.slots = huge(new Uint32Array(3 * cap));
    this.mask = cap - 1;
  }

  /** The value stored with fingerprint (h, l), or -1 when absent. */
  get(h: number, l: number): number {
    const s = this.slots;
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const x = s[3 * i]!;
      if (x === 0) return -1;
      if (x === l && s[3 * i + 1] === h) return s[3 * i + 2]! | 0;
    }
  }

  /** Insert (h, l) with `val` (≥ 0) unless present; returns the value already there, or -1 when it was inserted. */
  add(h: number, l: number, val: number): number {
    if ((this.size + 1) * 2 > this.mask) this.grow();
    const s = this.slots;
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const x = s[3 * i]!;
      if (x === 0) {
        s[3 * i] = l;
        s[3 * i + 1] = h;
        s[3 * i + 2] = val;
        this.size++;
        return -1;
      }
      if (x === l && s[3 * i + 1] === h) return s[3 * i + 2]! | 0;
    }
  }

  /**
   * Read the home slot of each of the first `n` fingerprints of `fps` (pairs h, l), so that the
   * `add`s that follow find them in the cache: the reads do not wait for each other, where one
   * `add` after another each waits for memory (bfs.ts `BATCH`).
   */
  touch(fps: Uint32Array, n: number): void {
    const s = this.slots;
    const mask = this.mask;
    let x = 0;
    for (let i = 0; i < n; i++) x ^= s[3 * (fps[2 * i]! & mask)]!;
    this.touched = x;
  }

  /** What `touch` read, kept so that its reads are not dropped as unused. */
  touched = 0;

  /** Bytes held by the table (12 per slot, at most half full). */
  get bytes(): number {
    return this.slots.byteLength;
  }

  /**
   * Twice the slots, each fingerprint moved in slot order to the first free slot from its new
   * home — where `add` would put it (the layout is the same), without `add`'s compares: the
   * fingerprints are distinct. Growing was 3–4% of a search through `add`.
   */
  private grow(): void {
    const old = this.slots;
    const cap = (this.mask + 1) * 2;
    const mask = cap - 1;
    const s = huge(new Uint32Array(3 * cap));
    for (let j = 0; j < old.length; j += 3) {
      const l = old[j]!;
      if (l === 0) continue;
      const h = old[j + 1]!;
      let i = h & mask;
      while (s[3 * i] !== 0) i = (i + 1) & mask;
      s[3 * i] = l;
      s[3 * i + 1] = h;
      s[3 * i + 2] = old[j + 2]!;
    }
    this.slots = s;
    this.mask = mask;
  }
}
