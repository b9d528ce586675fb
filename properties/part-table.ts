/**
 * A table of distinct values, each stored once and named by its index: hash-consing for the parts
 * of worlds (packed-frontier.ts). Values are plain data (numbers, strings, booleans, null, arrays,
 * objects of those: model/values.ts, model/world.ts); two are one entry exactly when they are
 * equal field by field (`sameData`), found through a 32-bit hash and compared in full, so a hash
 * collision costs a comparison, never a wrong answer. The hash may read only part of a value
 * (packed-frontier.ts gives quicker ones for threads and process tables): equal values must hash
 * alike, nothing more. Those two parts also get a comparison written for their shape: the generic
 * one walks an object's keys with `for … in`, which showed in profiles (issue 16).
 *
 * Why not a Map keyed by `JSON.stringify`: it was a third of the search's time (issue 16), and
 * JSON writes -0 as 0.
 */
export class PartTable<T> {
  readonly parts: T[] = [];
  /**
   * The last part entered under each hash, in an open-addressing table of typed arrays (slot i:
   * `keys[i]` the hash, `heads[i]` that part's index, -1 for an empty slot); `chain` links a part to
   * the one entered before it under the same hash. A `Map` look-up per new part showed in profiles (issue 16).
   */
  private keys = new Int32Array(64);
  private heads = new Int32Array(64).fill(-1);
  private used = 0;
  private readonly chain: number[] = [];

  constructor(
    private readonly hash: (part: T) => number = (part) => dataHash(part, 0x2545f491),
    /** Equality: `sameData`, or a quicker one for a known shape that answers as `sameData` does on it. */
    private readonly same: (a: T, b: T) => boolean = sameData,
  ) {}

  /** The index of `part`, entered now if no equal part is there (it is then kept as is: never mutate it). */
  id(part: T): number {
    const h = this.hash(part) | 0;
    const mask = this.keys.length - 1;
    let slot = spread(h) & mask;
    while (this.heads[slot] !== -1 && this.keys[slot] !== h) slot = (slot + 1) & mask;
    const head = this.heads[slot]!;
    for (let i = head; i >= 0; i = this.chain[i]!) if (this.same(this.parts[i]!, part)) return i;
    const i = this.parts.length;
    this.parts.push(part);
    this.chain.push(head);
    if (head === -1) {
      this.keys[slot] = h;
      this.used++;
    }
    this.heads[slot] = i;
    if (2 * this.used > mask) this.grow();
    return i;
  }

  /** Twice the slots, every hash entered again (at most half the slots are used). */
  private grow(): void {
    const keys = this.keys;
    const heads = this.heads;
    const mask = 2 * keys.length - 1;
    this.keys = new Int32Array(mask + 1);
    this.heads = new Int32Array(mask + 1).fill(-1);
    for (let j = 0; j < keys.length; j++) {
      if (heads[j] === -1) continue;
      let slot = spread(keys[j]!) & mask;
      while (this.heads[slot] !== -1) slot = (slot + 1) & mask;
      this.keys[slot] = keys[j]!;
      this.heads[slot] = heads[j]!;
    }
  }
}

/** The slot bits of a part hash: its high bits mixed into the low ones (the quick hashes end with a rotation). */
function spread(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return h ^ (h >>> 16);
}

/** One round of a multiplicative hash: `x` mixed into `h`. */
export function mix(h: number, x: number): number {
  h = Math.imul(h ^ x, 0x9e3779b1);
  return (h << 13) | (h >>> 19);
}

/** A hash of plain data, mixed into `h`. Equal data hash alike (object keys are hashed in order: the same shape in another order only hashes apart). */
export function dataHash(v: unknown, h: number): number {
  if (v === null) return mix(h, 1);
  switch (typeof v) {
    case 'number':
      return (v | 0) === v ? mix(mix(h, 2), v) : mix(h, 3);
    case 'boolean':
      return mix(h, v ? 4 : 5);
    case 'string': {
      h = mix(h, 6 + (v.length << 4));
      for (let i = 0; i < v.length; i++) h = mix(h, v.charCodeAt(i));
      return h;
    }
    case 'object': {
      if (Array.isArray(v)) {
        h = mix(h, 7 + (v.length << 4));
        for (let i = 0; i < v.length; i++) h = dataHash(v[i], h);
        return h;
      }
      h = mix(h, 8);
      const o = v as Record<string, unknown>;
      for (const k in o) h = dataHash(o[k], h);
      return h;
    }
    default:
      return mix(h, 9);
  }
}

/** Are `a` and `b` the same data: the same primitives (-0 is not 0), arrays of the same items, objects with the same keys and values? */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return a !== 0 || 1 / (a as number) === 1 / (b as number);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let n = 0;
  for (const k in x) {
    if (!Object.prototype.hasOwnProperty.call(y, k) || !sameData(x[k], y[k])) return false;
    n++;
  }
  for (const _ in y) n--;
  return n === 0;
}
