/**
 * Growable typed arrays for a worker's per-successor bookkeeping (keys, slots, fingerprints): a JS
 * array of millions of numbers costs 8–16 bytes each on the heap and is copied by the garbage
 * collector as it grows; these stay flat and off the collector's path.
 */

/** Float64 values (keys reach 2⁴⁷), appended in order. */
export class F64List {
  a: Float64Array;
  n = 0;
  constructor(capacity = 1024) {
    this.a = new Float64Array(capacity);
  }
  push(x: number): void {
    if (this.n === this.a.length) {
      const b = new Float64Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = x;
  }
  /** The values, copied. */
  toArray(): Float64Array {
    return this.a.slice(0, this.n);
  }
}

/** Int32 values, appended in order. */
export class I32List {
  a: Int32Array;
  n = 0;
  constructor(capacity = 1024) {
    this.a = new Int32Array(capacity);
  }
  push(x: number): void {
    if (this.n === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = x;
  }
  /** The values, copied. */
  toArray(): Int32Array {
    return this.a.slice(0, this.n);
  }
}
