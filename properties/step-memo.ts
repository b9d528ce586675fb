/**
 * The step memo: what a step does, remembered by what it reads. A world of the search is a row of
 * part indices (packed-frontier.ts), and a strategy thread's step reads only its own thread and
 * the row's head — process table, fd table, shared memory, lock tables, foreign reaper, counters
 * (head-table.ts) — never another thread (the one exception, a notify, is never remembered:
 * memo-batch.ts). So the successors of "thread t in part p, with head h" are the same in every
 * world that has them, and so are the environment's from head h. Distinct keys are few next to
 * worlds (duct-1.0 × pool, 2 children: 1.2 M thread keys over the first 2 M worlds' 10 M thread
 * look-ups; 106 k environment keys), so most successors are a row patched from memory instead of
 * a world copied, stepped by the interpreter, hashed and entered part by part (issue 16).
 *
 * An entry: its key (the actor — a thread index, or the thread count for the environment —, the
 * actor's part index or -1, the head's index), then its successors in the order `enabledSteps`
 * gives them, `SUCC_WORDS` each: the successor's head index, the actor's new part index (-1 for
 * the environment), and the step invariants it violates as a bit mask. Memory is bounded: past
 * `maxWords` words of entries the memo forgets them all, at the start of a batch (`room`), and
 * fills again — a forgotten entry is computed again, never wrong.
 */

import { huge } from './huge-pages.ts';

export const SUCC_WORDS = 3;

export class StepMemo {
  /**
   * Slot i is words 2i (an entry's hash) and 2i + 1 (its offset in `words`, -1 when empty): a probe
   * that meets another key's slot tells it by the hash, without reading the entry (a miss of the
   * processor's cache each: the entries are far larger than it). Slots and entries grow onto huge
   * pages (huge-pages.ts): both are read at random.
   */
  private slots = new Int32Array(2 << 12).fill(-1);
  private used = 0;
  /** The entries, one after another: [actor, part, head, successor count, successors…]. */
  words = new Int32Array(1 << 16);
  private top = 0;
  hits = 0;
  misses = 0;
  resets = 0;

  constructor(readonly maxWords = 1 << 24) {}

  /** The hash of a key. */
  hash(actor: number, part: number, head: number): number {
    let h = Math.imul(head ^ 0x9747b28c, 0x5bd1e995);
    h = Math.imul(h ^ (h >>> 15) ^ part, 0xcc9e2d51);
    h = Math.imul(h ^ (h >>> 13) ^ actor, 0x1b873593);
    return h ^ (h >>> 16);
  }

  /** The entry in the home slot of hash `h` (its offset in `words`; -1: none): `MemoBatch.touch` reads it ahead. */
  firstEntry(h: number): number {
    const s = this.slots;
    return s[2 * (h & ((s.length >> 1) - 1)) + 1]!;
  }

  /** The offset in `words` of the key's successor count (its successors follow), or -1. */
  find(actor: number, part: number, head: number, h: number): number {
    const s = this.slots;
    const mask = (s.length >> 1) - 1;
    const w = this.words;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const e = s[2 * i + 1]!;
      if (e === -1) {
        this.misses++;
        return -1;
      }
      if (s[2 * i] === h && w[e + 2] === head && w[e + 1] === part && w[e] === actor) {
        this.hits++;
        return e + 3;
      }
    }
  }

  /**
   * Remember `n` successors (`succ`, `SUCC_WORDS` each) for a key; returns the offset of their
   * count (`words` may be a new array: read it again). Entries are never dropped here, so
   * offsets handed out stay good until the next `room`.
   */
  put(actor: number, part: number, head: number, h: number, succ: Int32Array, n: number): number {
    const need = 4 + n * SUCC_WORDS;
    if (this.top + need > this.words.length) {
      let len = this.words.length;
      while (len < this.top + need) len *= 2;
      const g = huge(new Int32Array(len));
      g.set(this.words.subarray(0, this.top));
      this.words = g;
    }
    if (4 * (this.used + 1) > this.slots.length) this.growSlots();
    const w = this.words;
    const e = this.top;
    w[e] = actor;
    w[e + 1] = part;
    w[e + 2] = head;
    w[e + 3] = n;
    for (let k = 0; k < n * SUCC_WORDS; k++) w[e + 4 + k] = succ[k]!;
    this.top = e + need;
    this.enter(h, e);
    this.used++;
    return e + 3;
  }

  /** Between batches: forget every entry once they fill `maxWords` (offsets handed out before are void). */
  room(): void {
    if (this.top < this.maxWords) return;
    this.slots.fill(-1);
    this.used = 0;
    this.top = 0;
    this.resets++;
  }

  /** Bytes held (slots and entries). */
  get bytes(): number {
    return this.slots.byteLength + this.words.byteLength;
  }

  private enter(h: number, e: number): void {
    const s = this.slots;
    const mask = (s.length >> 1) - 1;
    let i = h & mask;
    while (s[2 * i + 1] !== -1) i = (i + 1) & mask;
    s[2 * i] = h;
    s[2 * i + 1] = e;
  }

  /** Twice the slots, every entry entered again from its slot's hash. */
  private growSlots(): void {
    const old = this.slots;
    this.slots = huge(new Int32Array(old.length * 2)).fill(-1);
    for (let i = 0; i < old.length; i += 2) if (old[i + 1] !== -1) this.enter(old[i]!, old[i + 1]!);
  }
}
