/**
 * The distinct heads of rows (packed-frontier.ts: the words before a row's threads — process
 * table, fd table, shared memory, lock tables and foreign reaper as part indices, then the SIGCHLD
 * disposition and the counters), each stored once and named by its index: the step memo's keys and
 * entries name a head by one number instead of eleven words (step-memo.ts). Heads are few next to
 * worlds (duct-1.0 × pool, 2 children: 106 k over the first 2 M worlds), and a head is kept for the
 * whole search.
 */
import { HEAD } from './packed-frontier.ts';
import { huge } from './huge-pages.ts';

export class HeadTable {
  /** Head i is words `HEAD · i` … `HEAD · i + HEAD - 1`. */
  words = new Int32Array(HEAD * 1024);
  count = 0;
  /** Slot → head index + 1, 0 when empty; `hashes[i]` is head i's hash. */
  private slots = new Int32Array(4096);
  private hashes = new Int32Array(1024);

  /** The index of the head at `o` of `row`, entered now if new. */
  id(row: Int32Array, o: number): number {
    let h = 0x2545f491;
    for (let k = 0; k < HEAD; k++) {
      h = Math.imul(h ^ row[o + k]!, 0x5bd1e995);
      h ^= h >>> 15;
    }
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h ^= h >>> 16;
    const s = this.slots;
    const mask = s.length - 1;
    const w = this.words;
    let i = h & mask;
    for (; ; i = (i + 1) & mask) {
      const e = s[i]! - 1;
      if (e < 0) break;
      if (this.hashes[e] !== h) continue;
      let k = 0;
      const b = e * HEAD;
      while (k < HEAD && w[b + k] === row[o + k]) k++;
      if (k === HEAD) return e;
    }
    const id = this.count++;
    if (HEAD * this.count > this.words.length) {
      const g = huge(new Int32Array(2 * this.words.length));
      g.set(this.words);
      this.words = g;
      const hs = new Int32Array(2 * this.hashes.length);
      hs.set(this.hashes);
      this.hashes = hs;
    }
    for (let k = 0; k < HEAD; k++) this.words[HEAD * id + k] = row[o + k]!;
    this.hashes[id] = h;
    s[i] = id + 1;
    if (2 * this.count > s.length) this.grow();
    return id;
  }

  /** Bytes held. */
  get bytes(): number {
    return this.words.byteLength + this.slots.byteLength + this.hashes.byteLength;
  }

  private grow(): void {
    const s = huge(new Int32Array(2 * this.slots.length));
    const mask = s.length - 1;
    for (let e = 0; e < this.count; e++) {
      let i = this.hashes[e]! & mask;
      while (s[i] !== 0) i = (i + 1) & mask;
      s[i] = e + 1;
    }
    this.slots = s;
  }
}
