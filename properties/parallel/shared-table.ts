/**
 * The visited set of the parallel search, shared by every worker in `SharedArrayBuffer`s: an
 * open-addressing table of 64-bit fingerprints (as fingerprint-set.ts) where each state also keeps
 * its depth and the least key it was reached by (key = parent rank · 2¹⁶ + step index). Sharing the
 * set is what lets a successor stay with the worker that made it: the old design sent every
 * successor's world to the worker owning its fingerprint, and encoding and decoding worlds
 * (12–14 µs each) cost more than making them (3 µs).
 *
 * A slot is four words, 16 bytes (it was seven: a ready word, a lock word and the worker id each
 * had their own, and the table grew fourfold, so a state cost ≈ 45–75 bytes of table and a lookup
 * touched twice the memory):
 * - `lo`, `hi`: the fingerprint;
 * - `meta`: (depth + 1) · 2¹⁶ | keyHi · 2 | lock — 0 until the slot is published; depths are at
 *   most 10,000 (the scope's bound on maxSteps), keyHi is the key's high word (below 2¹⁵ for
 *   levels under 2³¹ states);
 * - `keyLo`: the key's low word.
 * The worker holding a successor needs no room: a key names one state of the level being expanded
 * (its rank) and one of its steps, and one worker holds that state, so a worker that finds its own
 * key in the table after the level knows it holds the winner.
 *
 * Concurrency (Atomics on Int32Array words):
 * - a slot is claimed by a compare-exchange of its `lo` word from 0 (empty; a fingerprint's second
 *   word is never 0); the claimer then writes `hi` and `keyLo` and publishes with a nonzero `meta`; a
 *   reader that finds its `lo` waits for `meta` before comparing `hi`;
 * - the key is lowered under the lock bit of `meta`: two words cannot be compare-exchanged at
 *   once, and contention is rare (two workers reaching one new state in one level).
 * - each worker counts its inserts in a word of its own (64 bytes apart): one shared counter took
 *   an atomic add per new state, and its cache line went back and forth between the cores.
 * The table never grows while workers insert: a worker checks `full` (three quarters) before it
 * expands a state and pauses, and the coordinator has them all rehash into a table twice as large
 * (`rehashRange`). The quarter left is the slack for the successors of the states being expanded
 * when the table passed three quarters: at least 2¹⁴ slots, and a state has fewer than 100 steps.
 */

import { adviseHugePages } from '../huge-pages.ts';

/** Words per slot: lo, hi, meta, keyLo. */
const W = 4;
const LO = 0;
const HI = 1;
const META = 2;
const KEY_LO = 3;
const TWO32 = 4294967296;
const LOCK = 1;
/** keyHi's bits in `meta` (bits 1–15). */
const KEY_HI_MASK = 0xfffe;
const DEPTH_SHIFT = 16;

/**
 * What `insert` says: the slot, or-ed with NEW when the state was not there and with LOWERED when
 * it was there at that depth and the key went down.
 */
export const NEW = 1 << 30;
export const LOWERED = 1 << 29;
export const SLOT = LOWERED - 1;

/** The buffers of one table, as sent to workers (structured clone shares SharedArrayBuffers). */
export interface SharedTableData {
  readonly slots: SharedArrayBuffer;
  /** [COUNT_STRIDE · w]: the states worker w put in the table. */
  readonly count: SharedArrayBuffer;
}

/** Words between two workers' counters: one cache line each. */
const COUNT_STRIDE = 16;

/** A table of 2^capacityLog2 slots for `workers` workers. */
export function newTableData(capacityLog2: number, workers: number): SharedTableData {
  const slots = new SharedArrayBuffer(4 * W * (1 << capacityLog2));
  // Read at random by every worker: on huge pages where Linux allows it (huge-pages.ts).
  adviseHugePages(new Int32Array(slots));
  return { slots, count: new SharedArrayBuffer(4 * COUNT_STRIDE * workers) };
}

/** `meta` for a published, unlocked slot. */
function metaOf(depth: number, keyHi: number): number {
  return ((depth + 1) << DEPTH_SHIFT) | (keyHi << 1);
}

export class SharedTable {
  readonly t: Int32Array;
  readonly count: Int32Array;
  readonly mask: number;
  private readonly limit: number;
  /** This worker's counter, and its value. */
  private readonly mine: number;
  private added: number;

  /** The table as `worker` sees it (its inserts are counted in its own word). */
  constructor(
    readonly data: SharedTableData,
    worker = 0,
  ) {
    this.t = new Int32Array(data.slots);
    this.count = new Int32Array(data.count);
    this.mine = worker * COUNT_STRIDE;
    this.added = Atomics.load(this.count, this.mine);
    const cap = this.t.length / W;
    this.mask = cap - 1;
    this.limit = (cap * 3) >>> 2;
  }

  /** States in the table. */
  get size(): number {
    let n = 0;
    for (let w = 0; w < this.count.length; w += COUNT_STRIDE) n += Atomics.load(this.count, w);
    return n;
  }

  /** Whether the table is past three quarters: expanding must pause for it to grow. */
  get full(): boolean {
    return this.size >= this.limit;
  }

  /** Count `n` more states put in by this worker. */
  private counted(n = 1): void {
    this.added += n;
    Atomics.store(this.count, this.mine, this.added);
  }

  /** Read the home slot of each of the first `n` fingerprints of `fps` (pairs h, l), so the inserts that follow find them in the cache (properties/batch.ts). */
  touch(fps: Uint32Array, n: number): void {
    const t = this.t;
    const mask = this.mask;
    let x = 0;
    for (let i = 0; i < n; i++) x ^= t[(fps[2 * i]! & mask) * W + LO]!;
    this.touched = x;
  }

  /** What `touch` read, kept so that its reads are not dropped as unused. */
  touched = 0;

  /** The slot of (h, l), or -1. */
  find(h: number, l: number): number {
    const t = this.t;
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const x = t[i * W + LO]!;
      if (x === 0) return -1;
      if (x === (l | 0)) {
        while (Atomics.load(t, i * W + META) === 0);
        if (t[i * W + HI] === (h | 0)) return i;
      }
    }
  }

  /**
   * Insert (h, l) at `depth` with `key`, or lower the key of a state already at that depth.
   * Returns the slot (| NEW when inserted). A state found at another depth is left as is.
   */
  insert(h: number, l: number, depth: number, key: number): number {
    const t = this.t;
    const hi = h | 0;
    const lo = l | 0;
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const b = i * W;
      // A plain read: a claimed `lo` never changes, so a stale read can only be a 0 the compare-exchange corrects.
      let x = t[b + LO]!;
      if (x === 0) {
        x = Atomics.compareExchange(t, b + LO, 0, lo);
        if (x === 0) {
          t[b + HI] = hi;
          t[b + KEY_LO] = key | 0;
          this.counted();
          Atomics.store(t, b + META, metaOf(depth, Math.floor(key / TWO32)));
          return i | NEW;
        }
      }
      if (x !== lo) continue;
      let m: number;
      while ((m = Atomics.load(t, b + META)) === 0);
      if (t[b + HI] !== hi) continue;
      if (m >>> DEPTH_SHIFT === depth + 1 && this.lowerKey(b, key)) return i | LOWERED;
      return i;
    }
  }

  /** Lower slot b's key to `key` if that is less; whether it did. */
  private lowerKey(b: number, key: number): boolean {
    const t = this.t;
    const keyHi = Math.floor(key / TWO32);
    // First without the lock (a worker meets its own successors again with larger keys, and took
    // the lock for each). The low word is written before the meta word, and read after it: a read
    // during an update sees the old key, the new one, or the old high word with the new low word —
    // never less than the new key. A key only goes down, so one not less than what is read never wins.
    const seen = ((Atomics.load(t, b + META) & KEY_HI_MASK) >>> 1) * TWO32 + (Atomics.load(t, b + KEY_LO) >>> 0);
    if (key >= seen) return false;
    let m: number;
    for (;;) {
      m = Atomics.load(t, b + META);
      if ((m & LOCK) === 0 && Atomics.compareExchange(t, b + META, m, m | LOCK) === m) break;
    }
    const lower = key < ((m & KEY_HI_MASK) >>> 1) * TWO32 + (t[b + KEY_LO]! >>> 0);
    if (lower) {
      t[b + KEY_LO] = key | 0;
      Atomics.store(t, b + META, (m & ~KEY_HI_MASK) | (keyHi << 1));
    } else {
      Atomics.store(t, b + META, m);
    }
    return lower;
  }

  /** The depth stored in slot i. */
  depth(i: number): number {
    return (this.t[i * W + META]! >>> DEPTH_SHIFT) - 1;
  }

  /** The (least) key stored in slot i. */
  key(i: number): number {
    const b = i * W;
    return ((this.t[b + META]! & KEY_HI_MASK) >>> 1) * TWO32 + (this.t[b + KEY_LO]! >>> 0);
  }

  /** Copy slots [from, to) of this table into `into` (every worker rehashes its share while nobody inserts). */
  rehashRange(into: SharedTable, from: number, to: number): void {
    const t = this.t;
    let n = 0;
    for (let i = from; i < to; i++) {
      const b = i * W;
      if (t[b + LO] === 0) continue;
      into.put(t[b + HI]!, t[b + LO]!, t[b + META]!, t[b + KEY_LO]!);
      n++;
    }
    into.counted(n);
  }

  private put(hi: number, lo: number, meta: number, keyLo: number): void {
    const t = this.t;
    for (let i = hi & this.mask; ; i = (i + 1) & this.mask) {
      const b = i * W;
      if (Atomics.compareExchange(t, b + LO, 0, lo) !== 0) continue;
      t[b + HI] = hi;
      t[b + KEY_LO] = keyLo;
      Atomics.store(t, b + META, meta);
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
