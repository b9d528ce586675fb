/**
 * A 64-bit fingerprint of a world computed from its fields, without building its key: two worlds
 * get the same fingerprint exactly when `worldKey` (world.ts) gives them the same key, up to a hash
 * collision (about n² / 2⁶⁵ over n states, as for the string fingerprint of string-fingerprint.ts).
 *
 * Why: building the key string and hashing it was a fifth of the exhaustive search, most of it
 * garbage. Here the world is written as a stream of 32-bit words into a reused buffer — a
 * prefix-free encoding of what the key shows (lists start with their length, every value with a
 * tag word that also says which optional parts follow) — then hashed twice, independently
 * (murmur3's and xxhash32's rounds). Each thread, the process table, and the fd, shared-memory
 * and lock tables together enter as their own 64-bit hash (`ThreadMemo`), which adds a negligible
 * chance of collision (distinct thread states and tables are few). What the key drops
 * is dropped here too: the registers and block of a thread that returned, a `round` of 0,
 * `sigchldIgnored` (fixed per instance).
 */
import type { Status, Value } from './values.ts';
import { ERRNOS } from './values.ts';
import type { ThreadState, World } from './world.ts';

/**
 * The word buffer, reused from world to world (no garbage per world). Writes past its end are
 * dropped by the typed array; the count still grows, so a world that did not fit is encoded again
 * into a buffer large enough.
 */
let words = new Int32Array(1024);

/** Write the fingerprint of `w` into `out` (two words; the second is never 0, see string-fingerprint.ts). */
export function worldFingerprint(w: World, out: Uint32Array, memo?: ThreadMemo): void {
  let n = encode(words, w, memo ?? null);
  if (n > words.length) {
    words = new Int32Array(2 * n);
    n = encode(words, w, memo ?? null);
  }
  hashWords(words, n, out);
}

/**
 * The sub-fingerprints of one world's threads. A world's fingerprint takes each thread's as two
 * words (a thread is hashed on its own first); a successor built by `stepCopy` (world.ts) shares
 * every thread but the stepping one with its parent, so a search that sets the memo to the world
 * it expands (`of`) hashes about one thread per successor instead of all of them.
 */
export class ThreadMemo {
  threads: readonly ThreadState[] = [];
  subs = new Int32Array(32);
  /** The process table of the expanded world and its hash: successors share it unless the step changed it (world.ts `stepCopy`). */
  procs: World['procs'] | null = null;
  readonly procsHash = new Uint32Array(2);
  /** The expanded world's fd table, shared memory and lock tables, and their hash: shared by successors whose step wrote none of them. */
  fds: World['fds'] | null = null;
  vars: World['vars'] | null = null;
  owners: World['owners'] | null = null;
  readers: World['readers'] | null = null;
  readonly tablesHash = new Uint32Array(2);

  /**
   * Remember the threads of `w`, whose successors are fingerprinted next. A thread the previously
   * remembered world has at the same index keeps its hash: worlds expanded one after another are
   * mostly siblings, which share most thread objects (world.ts `stepCopy`).
   */
  of(w: World): void {
    if (w.procs !== this.procs) procsHash(w.procs, this.procsHash);
    this.procs = w.procs;
    if (!sameTables(this, w)) {
      tablesHash(w, this.tablesHash);
      this.fds = w.fds;
      this.vars = w.vars;
      this.owners = w.owners;
      this.readers = w.readers;
    }
    let prev = this.threads;
    if (this.subs.length < 2 * w.threads.length) (this.subs = new Int32Array(4 * w.threads.length)), (prev = []);
    this.threads = w.threads;
    for (let i = 0; i < w.threads.length; i++) {
      if (prev[i] === w.threads[i]) continue;
      threadHash(w.threads[i]!, sub);
      this.subs[2 * i] = sub[0]!;
      this.subs[2 * i + 1] = sub[1]!;
    }
  }
}

let threadWords = new Int32Array(256);
const sub = new Uint32Array(2);

/**
 * A renaming of the numbers a thread's values and block hold, applied while they are encoded
 * (symmetry, model/symmetry-fingerprint.ts): `num` for numbers (pids and fds: their ranges are
 * disjoint when symmetry renames them), `inc` for a block's incarnation. Null: names as they are.
 */
export interface Renaming {
  num(x: number): number;
  inc(x: number): number;
}

let renaming: Renaming | null = null;

/** A thread's 64-bit hash with its numbers renamed by `r`. */
export function threadHashUnder(t: ThreadState, r: Renaming | null, out: Uint32Array): void {
  renaming = r;
  try {
    threadHash(t, out);
  } finally {
    renaming = null;
  }
}

/** A value's words with its numbers renamed by `r` (shared memory under symmetry); returns the new length. */
export function valueWordsUnder(b: Int32Array, n: number, v: Value, r: Renaming | null): number {
  renaming = r;
  try {
    return value(b, n, v);
  } finally {
    renaming = null;
  }
}

function ren(x: number): number {
  return renaming === null ? x : renaming.num(x);
}

/** A thread's own 64-bit hash, from the words `thread` writes (same growth rule as `words`). */
function threadHash(t: ThreadState, out: Uint32Array): void {
  let n = thread(threadWords, 0, t);
  if (n > threadWords.length) {
    threadWords = new Int32Array(2 * n);
    n = thread(threadWords, 0, t);
  }
  hashWords(threadWords, n, out);
}

/**
 * What the key shows of a thread: only that it returned once it has (its value was judged at the
 * return, and nothing reads it, its registers or its ghost after: world.ts `worldKey`); else its
 * pc, round, ghost, block and registers.
 */
function thread(b: Int32Array, n: number, t: ThreadState): number {
  if (t.result) {
    b[n++] = -4;
    return n;
  }
  n = num(b, n, t.pc);
  n = num(b, n, t.round ? t.round : 0);
  const flags = (t.started ? 1 : 0) | (t.childDoneAtStart ? 2 : 0);
  const k = t.block;
  b[n++] = flags | (k === null ? 8 : k.kind === 'cond' ? (k.notified ? 16 : 24) : k.kind === 'wait' ? 32 : 40);
  if (k !== null && k.kind !== 'cond') n = num(b, n, renaming === null ? k.inc : renaming.inc(k.inc));
  b[n++] = t.regs.length;
  for (const r of t.regs) n = value(b, n, r);
  return n;
}

/** A string: an errno as its index (the only strings a world holds), anything else as its length and char codes. */
function text(b: Int32Array, n: number, s: string): number {
  const i = (ERRNOS as readonly string[]).indexOf(s);
  if (i >= 0) {
    b[n] = i + 1;
    return n + 1;
  }
  b[n++] = 0;
  b[n++] = s.length;
  for (let k = 0; k < s.length; k++) b[n++] = s.charCodeAt(k);
  return n;
}

/** Marks a number that is not a 32-bit integer: its text (`${n}`, as the key writes it) follows. */
const NOT_INT = -0x80000000;

/** A number as the key writes it (`${x}`): a 32-bit integer as itself in one word (-0 is 0), anything else by its text. */
export function num(b: Int32Array, n: number, x: number): number {
  if ((x | 0) === x && x !== NOT_INT) {
    b[n] = x;
    return n + 1;
  }
  b[n++] = NOT_INT;
  return text(b, n, `${x}`);
}

/** 0 for none, 1 exited, 2 signaled: the kind of a status, packed into the word before its number. */
function statusKind(s: Status | null): number {
  return s === null ? 0 : s.kind === 'exited' ? 1 : 2;
}

function statusNum(b: Int32Array, n: number, s: Status | null): number {
  return s === null ? n : num(b, n, s.kind === 'exited' ? s.code : s.signal);
}

/** A value, with the distinctions of world.ts's `valueKey`: a tag word, then its parts. */
function value(b: Int32Array, n: number, v: Value): number {
  if (v === null || typeof v === 'boolean') {
    b[n] = v === null ? 10 : v ? 11 : 12;
    return n + 1;
  }
  if (typeof v === 'number') return (b[n] = 13), num(b, n + 1, ren(v));
  if (typeof v === 'string') return (b[n] = 14), text(b, n + 1, v);
  switch (v.kind) {
    case 'exited':
    case 'signaled':
      return (b[n] = 15 | (statusKind(v) << 8)), statusNum(b, n + 1, v);
    case 'running':
      return (b[n] = 16), n + 1;
    case 'already-exited':
      return (b[n] = 17), n + 1;
    case 'error':
      return (b[n] = 18), text(b, n + 1, v.errno);
    case 'call':
      // Which optional parts follow, in the tag: err, pid, the status's kind.
      b[n++] = 19 | (v.err === null ? 0 : 1 << 8) | (v.pid === null ? 0 : 1 << 9) | (statusKind(v.status) << 10);
      n = num(b, n, ren(v.ret));
      if (v.err !== null) n = text(b, n, v.err);
      if (v.pid !== null) n = num(b, n, ren(v.pid));
      return statusNum(b, n, v.status);
  }
}

let partWords = new Int32Array(256);

/**
 * The 64-bit hash of the words `write` gives for `x`, written into a buffer that grows to hold them
 * (the rule of `words`): a part of the world that enters its words as two words, as a thread does.
 */
function partHash<T>(write: (b: Int32Array, x: T) => number, x: T, out: Uint32Array): void {
  let n = write(partWords, x);
  if (n > partWords.length) {
    partWords = new Int32Array(2 * n);
    n = write(partWords, x);
  }
  hashWords(partWords, n, out);
}

/** The process table's own 64-bit hash. */
function procsHash(procs: World['procs'], out: Uint32Array): void {
  partHash(procsWords, procs, out);
}

function procsWords(b: Int32Array, procs: World['procs']): number {
  let n = 0;
  b[n++] = procs.length;
  for (const p of procs) n = procEntry(b, n, p, p.pid, p.inc);
  return n;
}

/** One process as words, named `pid` and `inc` (symmetry passes them renamed): its number, incarnation, state and status. */
export function procEntry(b: Int32Array, n: number, p: World['procs'][number], pid: number, inc: number): number {
  n = num(b, n, pid);
  n = num(b, n, inc);
  return procState(b, n, p);
}

/** A process's state, parent and status as words. */
export function procState(b: Int32Array, n: number, p: World['procs'][number]): number {
  // The key keeps the first letters only (running and reaped share 'r'; the status tells them apart).
  b[n++] = (p.state.charCodeAt(0) << 16) | (p.parent.charCodeAt(0) << 2) | statusKind(p.status);
  return statusNum(b, n, p.status);
}

/** Whether `w` has the memo's fd table, shared memory and lock tables (the objects, world.ts `stepCopy`). */
function sameTables(m: ThreadMemo, w: World): boolean {
  return w.vars === m.vars && w.fds === m.fds && w.owners === m.owners && w.readers === m.readers;
}

/**
 * The 64-bit hash of the fd table, shared memory and lock tables, together: a successor whose step
 * wrote none of them takes its parent's (`ThreadMemo`) instead of writing them all again.
 */
function tablesHash(w: World, out: Uint32Array): void {
  partHash(tables, w, out);
}

function tables(b: Int32Array, w: World): number {
  let n = fdsWords(b, 0, w.fds);
  n = varsWords(b, n, w.vars);
  n = ownersWords(b, n, w.owners);
  return readersWords(b, n, w.readers);
}

function fdsWords(b: Int32Array, n: number, fds: World['fds']): number {
  b[n++] = fds.length;
  for (const f of fds) {
    if (f === null) b[n++] = 0;
    else if (f.kind === 'pidfd') (b[n++] = f.byChurner ? 2 : 1), (n = num(b, n, f.inc));
    else b[n++] = f.byChurner ? 4 : 3;
  }
  return n;
}

function varsWords(b: Int32Array, n: number, vars: World['vars']): number {
  b[n++] = vars.length;
  for (const v of vars) n = value(b, n, v);
  return n;
}

function ownersWords(b: Int32Array, n: number, owners: World['owners']): number {
  b[n++] = owners.length;
  for (const x of owners) n = num(b, n, x);
  return n;
}

function readersWords(b: Int32Array, n: number, readers: World['readers']): number {
  b[n++] = readers.length;
  for (const r of readers) {
    b[n++] = r.length;
    for (const x of r) n = num(b, n, x);
  }
  return n;
}

function reaperWords(b: Int32Array, n: number, fr: World['foreignReaper']): number {
  if (fr.phase === 'blocked') (b[n++] = 1), (n = num(b, n, fr.inc));
  else b[n++] = fr.phase === 'idle' ? 2 : 3;
  return n;
}

/**
 * Each part of a world on its own, as the 64-bit hash of what its key shows (the words above):
 * two parts hash alike exactly when a world's key cannot tell them apart (a returned thread's
 * registers, a process's role are not in the key), up to a collision. The search that steps
 * encoded worlds (properties/row-fingerprint.ts) fingerprints a world from its parts' hashes.
 */
export const partKeyHash = {
  procs: (x: World['procs'], out: Uint32Array): void => partHash(procsWords, x, out),
  fds: (x: World['fds'], out: Uint32Array): void => partHash((b, v: World['fds']) => fdsWords(b, 0, v), x, out),
  vars: (x: World['vars'], out: Uint32Array): void => partHash((b, v: World['vars']) => varsWords(b, 0, v), x, out),
  owners: (x: World['owners'], out: Uint32Array): void => partHash((b, v: World['owners']) => ownersWords(b, 0, v), x, out),
  readers: (x: World['readers'], out: Uint32Array): void => partHash((b, v: World['readers']) => readersWords(b, 0, v), x, out),
  reaper: (x: World['foreignReaper'], out: Uint32Array): void => partHash((b, v: World['foreignReaper']) => reaperWords(b, 0, v), x, out),
  thread: (x: ThreadState, out: Uint32Array): void => threadHash(x, out),
};

/** The words of `w` into `b`; returns how many (possibly more than fit, see `words`). */
function encode(b: Int32Array, w: World, memo: ThreadMemo | null): number {
  let n = 0;
  if (memo !== null && memo.procs === w.procs) {
    b[n++] = memo.procsHash[0]!;
    b[n++] = memo.procsHash[1]!;
  } else {
    procsHash(w.procs, sub);
    b[n++] = sub[0]!;
    b[n++] = sub[1]!;
  }
  n = num(b, n, w.nextInc);
  if (memo !== null && sameTables(memo, w)) {
    b[n++] = memo.tablesHash[0]!;
    b[n++] = memo.tablesHash[1]!;
  } else {
    tablesHash(w, sub);
    b[n++] = sub[0]!;
    b[n++] = sub[1]!;
  }
  b[n++] = w.threads.length;
  const shared = memo === null ? null : memo.threads;
  for (let i = 0; i < w.threads.length; i++) {
    const t = w.threads[i]!;
    if (shared !== null && shared[i] === t) {
      b[n++] = memo!.subs[2 * i]!;
      b[n++] = memo!.subs[2 * i + 1]!;
    } else {
      threadHash(t, sub);
      b[n++] = sub[0]!;
      b[n++] = sub[1]!;
    }
  }
  n = num(b, n, w.spawnsUsed);
  n = num(b, n, w.reapsUsed);
  n = num(b, n, w.churnsUsed);
  return reaperWords(b, n, w.foreignReaper);
}

/** Two independent 32-bit hashes of the words (murmur3's and xxhash32's rounds), as one 64-bit fingerprint. */
export function hashWords(buf: Int32Array, n: number, out: Uint32Array): void {
  let a = 0x3c6ef372 ^ n;
  let b = 0x165667b1 ^ n;
  for (let i = 0; i < n; i++) {
    const x = buf[i]!;
    let k = Math.imul(x, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    a ^= Math.imul(k, 0x1b873593);
    a = (a << 13) | (a >>> 19);
    a = (Math.imul(a, 5) + 0xe6546b64) | 0;
    b = (b + Math.imul(x, 0x85ebca77)) | 0;
    b = (b << 13) | (b >>> 19);
    b = Math.imul(b, 0x9e3779b1);
  }
  // Final avalanche (murmur3's fmix32 on both), so that the low bits used for the slot index mix every word.
  out[0] = fmix(a) >>> 0;
  out[1] = fmix(b ^ 0x27d4eb2f) >>> 0 || 1;
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
