/**
 * The visited set of the parallel search, shared by every worker in `SharedArrayBuffer`s: an
 * open-addressing table of 64-bit fingerprints (as fingerprint-set.ts) where each state also keeps
 * its depth and the least key it was reached by (key = parent rank · 2¹⁶ + step index, then · 8 +
 * the worker that holds that successor). Sharing the set is what lets a successor stay with the
 * worker that made it: the old design sent every successor's world to the worker owning its
 * fingerprint, and encoding and decoding worlds (12–14 µs each) cost more than making them (3 µs).
 *
 * Concurrency (Atomics on Int32Array words):
 * - a slot is claimed by a compare-exchange of its `lo` word from 0 (empty; the second fingerprint
 *   word is never 0); the claimer then writes the rest and publishes with `ready` = 1; a reader that
 *   finds its `lo` waits for `ready` before comparing `hi`;
 * - the key is lowered under a per-slot spin lock (`lock`): two words cannot be compare-exchanged
 *   at once, and contention is rare (two workers reaching one new state in one level).
 * The table never grows while workers insert: an insert refuses (`FULL`) past three quarters, the
 * workers pause, and the coordinator has them rehash into a table twice as large (`rehashRange`).
 */

/** Words per slot: lo, hi, ready, lock, depth, keyHi, keyLo. */
const W = 7;
const LO = 0;
const HI = 1;
const READY = 2;
const LOCK = 3;
const DEPTH = 4;
const KEY_HI = 5;
const KEY_LO = 6;
const TWO32 = 4294967296;

/**
 * What `insert` says: the table is too full (pause and grow), or the slot, or-ed with NEW when the
 * state was not there and with LOWERED when it was there at that depth and the key went down.
 */
export const FULL = -1;
export const NEW = 1 << 30;
export const LOWERED = 1 << 29;
export const SLOT = LOWERED - 1;

/** The buffers of one table, as sent to workers (structured clone shares SharedArrayBuffers). */
export interface SharedTableData {
  readonly slots: SharedArrayBuffer;
  /** [0]: states in the table. */
  readonly count: SharedArrayBuffer;
}

export function newTableData(capacityLog2: number): SharedTableData {
  return { slots: new SharedArrayBuffer(4 * W * (1 << capacityLog2)), count: new SharedArrayBuffer(4) };
}

export class SharedTable {
  readonly t: Int32Array;
  readonly count: Int32Array;
  readonly mask: number;
  private readonly limit: number;

  constructor(readonly data: SharedTableData) {
    this.t = new Int32Array(data.slots);
    this.count = new Int32Array(data.count);
    const cap = this.t.length / W;
    this.mask = cap - 1;
    this.limit = (cap * 3) >>> 2;
  }

  /** States in the table. */
  get size(): number {
    return Atomics.load(this.count, 0);
  }

  /** Whether the table is past the point where inserts refuse. */
  get full(): boolean {
    return Atomics.load(this.count, 0) >= this.limit;
  }

  /** The slot of (h, l), or -1. */
  find(h: number, l: number): number {
    const t = this.t;
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const x = Atomics.load(t, i * W + LO);
      if (x === 0) return -1;
      if (x === (l | 0)) {
        while (Atomics.load(t, i * W + READY) === 0);
        if (t[i * W + HI] === (h | 0)) return i;
      }
    }
  }

  /**
   * Insert (h, l) at `depth` with `key`, or lower the key of a state already at that depth.
   * Returns FULL, or the slot (| NEW when inserted). A state found at another depth is left as is.
   */
  insert(h: number, l: number, depth: number, key: number): number {
    const t = this.t;
    const hi = h | 0;
    const lo = l | 0;
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const b = i * W;
      let x = Atomics.load(t, b + LO);
      if (x === 0) {
        if (Atomics.load(this.count, 0) >= this.limit) return FULL;
        x = Atomics.compareExchange(t, b + LO, 0, lo);
        if (x === 0) {
          t[b + HI] = hi;
          t[b + DEPTH] = depth;
          t[b + KEY_HI] = Math.floor(key / TWO32);
          t[b + KEY_LO] = key | 0;
          Atomics.add(this.count, 0, 1);
          Atomics.store(t, b + READY, 1);
          return i | NEW;
        }
      }
      if (x !== lo) continue;
      while (Atomics.load(t, b + READY) === 0);
      if (t[b + HI] !== hi) continue;
      if (t[b + DEPTH] === depth && this.lowerKey(b, key)) return i | LOWERED;
      return i;
    }
  }

  /** Lower slot b's key to `key` if that is less; whether it did. */
  private lowerKey(b: number, key: number): boolean {
    const t = this.t;
    // The high word alone first, without the lock (one word reads whole; two could read half an
    // update): a key only goes down, so a larger high word can never win.
    if (Math.floor(key / TWO32) > Atomics.load(t, b + KEY_HI)) return false;
    while (Atomics.compareExchange(t, b + LOCK, 0, 1) !== 0);
    const lower = key < this.keyAt(b);
    if (lower) {
      t[b + KEY_HI] = Math.floor(key / TWO32);
      t[b + KEY_LO] = key | 0;
    }
    Atomics.store(t, b + LOCK, 0);
    return lower;
  }

  private keyAt(b: number): number {
    return this.t[b + KEY_HI]! * TWO32 + (this.t[b + KEY_LO]! >>> 0);
  }

  /** The depth stored in slot i. */
  depth(i: number): number {
    return this.t[i * W + DEPTH]!;
  }

  /** The (least) key stored in slot i. */
  key(i: number): number {
    return this.keyAt(i * W);
  }

  /** Copy slots [from, to) of this table into `into` (every worker rehashes its share while nobody inserts). */
  rehashRange(into: SharedTable, from: number, to: number): void {
    const t = this.t;
    for (let i = from; i < to; i++) {
      const b = i * W;
      if (t[b + LO] === 0) continue;
      into.put(t[b + HI]!, t[b + LO]!, t[b + DEPTH]!, t[b + KEY_HI]!, t[b + KEY_LO]!);
    }
  }

  private put(hi: number, lo: number, depth: number, keyHi: number, keyLo: number): void {
    const t = this.t;
    for (let i = hi & this.mask; ; i = (i + 1) & this.mask) {
      const b = i * W;
      if (Atomics.compareExchange(t, b + LO, 0, lo) !== 0) continue;
      t[b + HI] = hi;
      t[b + DEPTH] = depth;
      t[b + KEY_HI] = keyHi;
      t[b + KEY_LO] = keyLo;
      Atomics.add(this.count, 0, 1);
      Atomics.store(t, b + READY, 1);
      return;
    }
  }

  /** Slots in the table. */
  get capacity(): number {
    return this.mask + 1;
  }

  /** Bytes of the table. */
  get bytes(): number {
    return this.t.byteLength;
  }
}
