/**
 * The fingerprint of a world kept as a row of part indices (packed-frontier.ts), computed from
 * the row without decoding it, for the search that steps rows through the step memo
 * (step-memo.ts), which has a successor as a row, never as a World. Each part's own 64-bit key
 * hash (model/world-fingerprint.ts `partKeyHash`) is computed once per part index; a head's
 * (head-table.ts) once per head index; a world's fingerprint is its head's hash XOR one 64-bit
 * word per thread, drawn from the thread's part hash and its position (Zobrist hashing). So a
 * successor that changed the head and one thread costs two XORs more than its parent's threads
 * (`threadsOf`), where hashing its row word by word was a tenth of the search.
 *
 * Why it is exact: two rows get the same fingerprint exactly when their worlds have the same
 * `worldKey` (model/world.ts), up to a collision of 64-bit hashes — the part hashes are those of
 * what the key shows of each part, the head adds what the key shows besides (the next
 * incarnation, the adversaries' counters; the SIGCHLD disposition is fixed per instance, as the
 * key assumes), and each thread's word depends on its position. The values differ from
 * `worldFingerprint`'s: a search uses one fingerprinter from start to end.
 */
import { hashWords, partKeyHash } from '../model/world-fingerprint.ts';
import type { WorldParts } from './packed-frontier.ts';
import { CHURNS, HEAD, NEXT_INC, PART_WORDS, REAPS, SPAWNS } from './packed-frontier.ts';
import type { HeadTable } from './head-table.ts';

/** The hasher of each table's parts, in row order (threads last). */
const HASHERS = [partKeyHash.procs, partKeyHash.fds, partKeyHash.vars, partKeyHash.owners, partKeyHash.readers, partKeyHash.reaper, partKeyHash.thread] as ((x: unknown, out: Uint32Array) => void)[];

/** Two words per index, for the indices below `known`: a cache that grows as it is asked. */
class PairCache {
  words = new Uint32Array(128);
  known = 0;
  room(n: number): void {
    if (this.words.length >= 2 * n) return;
    const g = new Uint32Array(Math.max(2 * this.words.length, 2 * n));
    g.set(this.words);
    this.words = g;
  }
}

export class RowFingerprints {
  /** Per table (row order, threads last): each part's key hash. */
  private readonly partHashes: PairCache[] = HASHERS.map(() => new PairCache());
  /** Each head's hash. */
  private readonly headHashes = new PairCache();
  /** Per thread position: each thread part's Zobrist word there. */
  private readonly zobrist: PairCache[];
  private readonly buf = new Int32Array(2 * PART_WORDS + 4);
  private readonly h = new Uint32Array(2);

  constructor(
    private readonly parts: WorldParts,
    private readonly heads: HeadTable,
  ) {
    this.zobrist = Array.from({ length: parts.threadCount }, () => new PairCache());
  }

  /** The fingerprint of the row at `o` of `row` into `out` at `at` (two words; the second never 0). */
  of(row: Int32Array, o: number, out: Uint32Array, at: number): void {
    const head = this.heads.id(row, o);
    const t = this.threadsOf(row, o);
    const x0 = t[0]!;
    const x1 = t[1]!;
    out[at] = (this.head(head, 0) ^ x0) >>> 0;
    out[at + 1] = (this.head(head, 1) ^ x1) >>> 0 || 1;
  }

  /** The XOR of the Zobrist words of the row's threads (two words, in a buffer reused by the next call). */
  threadsOf(row: Int32Array, o: number): Uint32Array {
    let a = 0;
    let b = 0;
    for (let t = 0; t < this.zobrist.length; t++) {
      const id = row[o + HEAD + t]!;
      a ^= this.zob(t, id, 0);
      b ^= this.zob(t, id, 1);
    }
    this.h[0] = a;
    this.h[1] = b;
    return this.h;
  }

  /** Word `lane` (0, 1) of head `id`'s hash. */
  head(id: number, lane: number): number {
    const c = this.headHashes;
    if (id >= c.known) this.learnHeads(id);
    return c.words[2 * id + lane]!;
  }

  /** Word `lane` of the Zobrist word of thread position `t` in part `id`. */
  zob(t: number, id: number, lane: number): number {
    const c = this.zobrist[t]!;
    if (id >= c.known) this.learnZobrist(t, id);
    return c.words[2 * id + lane]!;
  }

  private learnHeads(id: number): void {
    const c = this.headHashes;
    const hw = this.heads.words;
    c.room(this.heads.count);
    const b = this.buf;
    for (let i = c.known; i < this.heads.count; i++) {
      let n = 0;
      for (let k = 0; k < PART_WORDS; k++) {
        const p = this.part(k, hw[HEAD * i + k]!);
        b[n++] = p[0]!;
        b[n++] = p[1]!;
      }
      b[n++] = hw[HEAD * i + NEXT_INC]!;
      b[n++] = hw[HEAD * i + SPAWNS]!;
      b[n++] = hw[HEAD * i + REAPS]!;
      b[n++] = hw[HEAD * i + CHURNS]!;
      hashWords(b, n, this.h);
      c.words[2 * i] = this.h[0]!;
      c.words[2 * i + 1] = this.h[1]!;
    }
    c.known = this.heads.count;
    if (id >= c.known) throw new Error('[reapcheck internal bug] a fingerprint asked for a head the table does not hold');
  }

  private learnZobrist(t: number, id: number): void {
    const c = this.zobrist[t]!;
    const n = this.parts.partsOf(PART_WORDS).length;
    c.room(n);
    const salt = Math.imul(t + 1, 0x9e3779b9);
    for (let i = c.known; i < n; i++) {
      const p = this.part(PART_WORDS, i);
      c.words[2 * i] = fmix(p[0]! ^ salt);
      c.words[2 * i + 1] = fmix((p[1]! + salt) | 0);
    }
    c.known = n;
    if (id >= c.known) throw new Error('[reapcheck internal bug] a fingerprint asked for a thread part the table does not hold');
  }

  /** Part `id` of table `k`'s key hash (a view of two words, good until the next call). */
  private part(k: number, id: number): Uint32Array {
    const c = this.partHashes[k]!;
    if (id >= c.known) {
      const parts = this.parts.partsOf(k);
      c.room(parts.length);
      for (let i = c.known; i < parts.length; i++) {
        HASHERS[k]!(parts[i], this.h);
        c.words[2 * i] = this.h[0]!;
        c.words[2 * i + 1] = this.h[1]!;
      }
      c.known = parts.length;
      if (id >= c.known) throw new Error('[reapcheck internal bug] a row names a part its tables do not hold');
    }
    return c.words.subarray(2 * id, 2 * id + 2);
  }
}

/** murmur3's final mix: every bit of the input moves every bit of the output. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
