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

export class FingerprintSet {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private vals: Int32Array;
  private mask: number;
  size = 0;

  constructor(capacityLog2 = 16) {
    const cap = 1 << capacityLog2;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
  }

  /** The value stored with fingerprint (h, l), or -1 when absent. */
  get(h: number, l: number): number {
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const x = this.lo[i]!;
      if (x === 0) return -1;
      if (x === l && this.hi[i] === h) return this.vals[i]!;
    }
  }

  /** Insert (h, l) with `val` unless present; returns the value already there, or -1 when it was inserted. */
  add(h: number, l: number, val: number): number {
    if ((this.size + 1) * 2 > this.mask) this.grow();
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const x = this.lo[i]!;
      if (x === 0) {
        this.hi[i] = h;
        this.lo[i] = l;
        this.vals[i] = val;
        this.size++;
        return -1;
      }
      if (x === l && this.hi[i] === h) return this.vals[i]!;
    }
  }

  /** Bytes held by the table (12 per slot, at most half full). */
  get bytes(): number {
    return (this.mask + 1) * 12;
  }

  private grow(): void {
    const { hi, lo, vals } = this;
    const cap = (this.mask + 1) * 2;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
    this.size = 0;
    for (let i = 0; i < lo.length; i++) if (lo[i] !== 0) this.add(hi[i]!, lo[i]!, vals[i]!);
  }
}
