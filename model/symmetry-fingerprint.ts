/**
 * The canonical fingerprint of a world under its symmetries (symmetry.ts), computed from numbers
 * instead of the N! key strings of `canonicalKey`, which made a symmetry-reduced search 5–20×
 * slower per state than the plain one (bench/README.md).
 *
 * How, for children c = 0..N-1:
 * 1. each thread is hashed *relative to its own child*: its child's pid, setup fds and incarnation
 *    become fixed markers (`SELF_*`), so the hash does not depend on which child it belongs to.
 *    The position of a thread in the canonical stream says which child slot it fills, so the
 *    marker loses nothing — as long as a thread names no *other* child; one that does (no
 *    catalogue strategy does it) sends the world to the exact string path (`crossRef`);
 * 2. each child gets a signature from what is its own (process state, its threads' relative
 *    hashes sorted within each role, its shared variables, its locks' owners): equal for a child
 *    and its image under any renaming;
 * 3. the children are ordered by signature; only children with equal signatures can still be
 *    swapped, so the canonical fingerprint is the least fingerprint over the permutations of the
 *    tied children (usually one permutation; N! only when every child is in the same state) of the
 *    world written in that order (pids, incarnations, fds and thread indices renamed accordingly).
 *
 * Why it is canonical: a renaming π maps each child's signature to the same value at π(c), so the
 * set of orders that sort the signatures of π(w) is that of w composed with π⁻¹, and the streams
 * written under them are the same streams. Why it is sound: the stream is the whole world under a
 * renaming (the same parts world-fingerprint.ts writes), so equal streams mean symmetric worlds.
 * Same-role threads of one child are ordered by their relative hash; threads with equal hashes are
 * equal, and only a lock owned by one of two equal threads could tell them apart (the stream then
 * differs, which costs states, never verdicts) — as with `canonicalKey`'s sorted thread keys.
 */
import type { Instance } from './instance.ts';
import type { ThreadState, World } from './world.ts';
import type { Renaming } from './world-fingerprint.ts';
import { hashWords, num, procEntry, procState, threadHashUnder, valueWordsUnder } from './world-fingerprint.ts';
import type { Symmetry } from './symmetry.ts';
import { canonicalKey, movedSetupFd } from './symmetry.ts';
import { fingerprint } from './string-fingerprint.ts';

/** Markers for a child's own names in relative hashes: far from any pid, fd, count or errno. */
const SELF_PID = -0x40000000;
const SELF_FD = -0x40001000; // − k for the child's k-th setup fd
const SELF_INC = -0x40002000;

/** Per instance: the renamings relative to each child, and scratch space for the stream. */
interface Plan {
  readonly n: number;
  readonly perThread: number;
  readonly permute: boolean;
  /** Per thread: its child and its renaming (null without child permutations: absolute names). */
  readonly childOf: Int32Array;
  readonly rel: (Renaming | null)[];
  /** Per child, its threads' indices grouped by local position; `roleStart[i]` is where local position i's role group starts. */
  readonly roleGroups: readonly (readonly number[])[];
  /** Set by a relative renaming that met another child's name. */
  cross: boolean;
  /** Scratch: children by signature rank, and the order being written (inv[slot] = old child; identity until children are permuted). */
  readonly byRank: number[];
  readonly inv: number[];
}

const plans = new WeakMap<Symmetry, Plan>();

function planOf(sym: Symmetry): Plan {
  const hit = plans.get(sym);
  if (hit) return hit;
  const inst = sym.inst;
  const n = inst.children;
  const permute = sym.perms.length > 1;
  const perThread = sym.threadsOf[0]!.length;
  const childOf = new Int32Array(inst.threads.length);
  inst.threads.forEach((t, i) => (childOf[i] = t.child ?? 0));
  // Local positions grouped by role: [[0], [1, 2]] for waiter, killer, killer.
  const local = sym.threadsOf[0]!.map((t) => inst.threads[t]!.role);
  const groups = new Map<string, number[]>();
  local.forEach((role, i) => (groups.get(role) ?? groups.set(role, []).get(role)!).push(i));
  const ident = Array.from({ length: n }, (_, i) => i);
  const plan: Plan = { n, perThread, permute, childOf, rel: [], roleGroups: [...groups.values()], cross: false, byRank: ident.slice(), inv: ident.slice() };
  if (permute) for (let c = 0; c < n; c++) plan.rel.push(relativeTo(plan, inst, sym, c));
  return plan;
}

/** The renaming of child c's names into markers; another child's name sets `plan.cross`. */
function relativeTo(plan: Plan, inst: Instance, sym: Symmetry, c: number): Renaming {
  const base = inst.scope.pidBase;
  const n = inst.children;
  // Setup fd → its child and place among that child's setup fds, as child · 2¹⁶ + place + 1 (0: none).
  // An array, not a Map: every number of a thread's registers is looked up here (issue 16).
  const fdOwner = new Int32Array(sym.maxSetupFd + 1);
  sym.setupFds.forEach((fds, d) => fds.forEach((fd, k) => (fdOwner[fd] = d * 0x10000 + k + 1)));
  return {
    num(x: number): number {
      const d = x - base;
      if (d >= 0 && d < n) {
        if (d === c) return SELF_PID;
        plan.cross = true;
        return x;
      }
      const f = x >= 0 && x < fdOwner.length && (x | 0) === x ? fdOwner[x]! : 0;
      if (f === 0) return x;
      if (f >>> 16 === c) return SELF_FD - ((f & 0xffff) - 1);
      plan.cross = true;
      return x;
    },
    inc(x: number): number {
      if (x < 1 || x > n) return x;
      if (x === c + 1) return SELF_INC;
      plan.cross = true;
      return x;
    },
  };
}

/**
 * Relative thread hashes of the world being expanded, reused for its successors (they share every
 * thread but the stepping one with it, world.ts `stepCopy`): the counterpart of `ThreadMemo`.
 */
export class SymmetryMemo {
  /** The instance's plan, looked up once (a WeakMap lookup per world showed in profiles). */
  readonly plan: Plan;
  constructor(readonly sym: Symmetry) {
    this.plan = planOf(sym);
    this.sigs = new Int32Array(2 * this.plan.n);
  }
  threads: readonly ThreadState[] = [];
  hashes = new Int32Array(64);
  cross = new Uint8Array(32);
  /** How many of its threads named another child (`cross`). */
  crossing = 0;
  /**
   * Relative hashes of thread parts (`hashThreadParts`): part p at thread index i is entry k = p·T + i,
   * words 2k and 2k + 1; `partKnown[k]` is 0 until computed, then 1, or 2 when it named another child.
   */
  partHashes = new Int32Array(0);
  partKnown = new Uint8Array(0);
  /** The world being expanded, and its children's signatures when its note held them (`symmetryMemoOf`). */
  world: World | null = null;
  readonly sigs: Int32Array;
  sigsKnown = false;
}

/**
 * Words a search keeps with each world for its successors' fingerprints (0: none): with children
 * permuted, whether its signatures are known (1) and each child's signature. A successor shares
 * all but one child's parts with its parent (world.ts `stepCopy`: one thread's step touches its
 * own child), so it computes only that child's signature again — the others come from the note
 * its parent was stored with, written when the parent itself was fingerprinted.
 */
export function noteWords(sym: Symmetry): number {
  return planOf(sym).permute ? 1 + 2 * sym.inst.children : 0;
}

const one = new Uint32Array(2);
/** Per thread of the world being fingerprinted: relative hash (two words) and whether it named another child. */
let th = new Int32Array(64);
let thCross = new Uint8Array(32);

/**
 * What `th` holds: the hashes of `thMemo`'s world (its `hashes`) but at the `dirty` indices, which
 * the last successor changed. A successor shares all threads but one with the expanded world, so
 * it patches that one and puts it back on the next call, instead of copying every thread's hash
 * (issue 16). Null: `th` holds some other world's.
 */
let thMemo: SymmetryMemo | null = null;
let dirty = new Int32Array(32);
let dirtyN = 0;

/** Thread `t`'s hash relative to the child of thread index `i` into `one`; 1 when it named another child, else 0. */
function relativeHash(plan: Plan, t: ThreadState, i: number): number {
  plan.cross = false;
  threadHashUnder(t, plan.permute ? plan.rel[plan.childOf[i]!]! : null, one);
  return plan.cross ? 1 : 0;
}

function hashThreads(plan: Plan, w: World, memo: SymmetryMemo | null): boolean {
  const T = w.threads.length;
  if (memo !== null && memo === thMemo && T === memo.threads.length) {
    for (let k = 0; k < dirtyN; k++) {
      const i = dirty[k]!;
      th[2 * i] = memo.hashes[2 * i]!;
      th[2 * i + 1] = memo.hashes[2 * i + 1]!;
      thCross[i] = memo.cross[i]!;
    }
    dirtyN = 0;
    let crossing = memo.crossing;
    for (let i = 0; i < T; i++) {
      const t = w.threads[i]!;
      if (memo.threads[i] === t) continue;
      const cross = relativeHash(plan, t, i);
      th[2 * i] = one[0]!;
      th[2 * i + 1] = one[1]!;
      crossing += cross - thCross[i]!;
      thCross[i] = cross;
      if (dirtyN === dirty.length) {
        const d = new Int32Array(2 * dirtyN);
        d.set(dirty);
        dirty = d;
      }
      dirty[dirtyN++] = i;
    }
    return crossing > 0;
  }
  thMemo = null;
  if (th.length < 2 * T) (th = new Int32Array(4 * T)), (thCross = new Uint8Array(2 * T));
  let cross = false;
  for (let i = 0; i < T; i++) {
    const t = w.threads[i]!;
    if (memo !== null && memo.threads[i] === t) {
      th[2 * i] = memo.hashes[2 * i]!;
      th[2 * i + 1] = memo.hashes[2 * i + 1]!;
      thCross[i] = memo.cross[i]!;
    } else {
      thCross[i] = relativeHash(plan, t, i);
      th[2 * i] = one[0]!;
      th[2 * i + 1] = one[1]!;
    }
    if (thCross[i]) cross = true;
  }
  return cross;
}

/**
 * The relative hashes of `w`'s threads into `th`, by part id (`symmetryMemoOf`): thread `i` is part
 * `parts[partsAt + i]`, whose hash at index `i` is computed the first time only. Distinct thread
 * states are few (tens to hundreds in a search of millions of worlds), so nearly every thread is
 * a look-up (hashing the threads of each expanded world that its predecessor did not share: the
 * memo of the expanded world was 4.7% of a search with symmetry, and this saved about 2%, issue 16).
 */
function hashThreadParts(plan: Plan, w: World, memo: SymmetryMemo, parts: Int32Array, partsAt: number): void {
  const T = w.threads.length;
  thMemo = null;
  if (th.length < 2 * T) (th = new Int32Array(4 * T)), (thCross = new Uint8Array(2 * T));
  for (let i = 0; i < T; i++) {
    const k = parts[partsAt + i]! * T + i;
    if (k >= memo.partKnown.length) {
      const known = new Uint8Array(Math.max(2 * memo.partKnown.length, k + 1, 64));
      known.set(memo.partKnown);
      memo.partKnown = known;
      const hashes = new Int32Array(2 * known.length);
      hashes.set(memo.partHashes);
      memo.partHashes = hashes;
    }
    let known = memo.partKnown[k]!;
    if (known === 0) {
      memo.partKnown[k] = known = 1 + relativeHash(plan, w.threads[i]!, i);
      memo.partHashes[2 * k] = one[0]!;
      memo.partHashes[2 * k + 1] = one[1]!;
    }
    th[2 * i] = memo.partHashes[2 * k]!;
    th[2 * i + 1] = memo.partHashes[2 * k + 1]!;
    thCross[i] = known === 2 ? 1 : 0;
  }
}

/**
 * Remember the relative thread hashes of `w`, whose successors are fingerprinted next, and the
 * signatures its note holds (`noteWords`: the words `canonicalFingerprint` wrote for `w`, at `at`
 * of `note`; none: every signature is computed). `parts`: the ids of `w`'s thread objects in the
 * search's table of distinct threads, from `partsAt` (properties/packed-frontier.ts: a world
 * decoded from a row holds that table's objects), when there are any.
 */
export function symmetryMemoOf(w: World, memo: SymmetryMemo, note: Int32Array | null = null, at = 0, parts: Int32Array | null = null, partsAt = 0): void {
  const plan = memo.plan;
  memo.world = w;
  memo.sigsKnown = plan.permute && note !== null && note[at] === 1;
  if (memo.sigsKnown) for (let i = 0; i < 2 * plan.n; i++) memo.sigs[i] = note![at + 1 + i]!;
  // A thread part's hash is computed once per search and thread index; without ids, threads the
  // previously remembered world has at the same index keep their hashes (worlds expanded one
  // after another are mostly siblings, which share thread objects).
  if (parts !== null) hashThreadParts(plan, w, memo, parts, partsAt);
  else hashThreads(plan, w, memo);
  const T = w.threads.length;
  if (memo.hashes.length < 2 * T) (memo.hashes = new Int32Array(4 * T)), (memo.cross = new Uint8Array(2 * T));
  // Word by word: a subarray view is an allocation, and this runs once per expanded world.
  for (let i = 0; i < 2 * T; i++) memo.hashes[i] = th[i]!;
  let crossing = 0;
  for (let i = 0; i < T; i++) crossing += memo.cross[i] = thCross[i]!;
  memo.crossing = crossing;
  memo.threads = w.threads;
  // `th` now holds exactly the memo's hashes: its successors patch it (`hashThreads`).
  thMemo = memo;
  dirtyN = 0;
}

let words = new Int32Array(1024);
/** New thread index of each old one, the order of threads written, and scratch for the children order. */
let tmap = new Int32Array(64);
let order = new Int32Array(64);
const best = new Uint32Array(2);
const cand = new Uint32Array(2);

/**
 * Write the canonical fingerprint of `w` under `sym` into `out` (two words, the second never 0),
 * and `w`'s note into `note` (`noteWords` words) when one is given.
 */
export function canonicalFingerprint(sym: Symmetry, w: World, out: Uint32Array, memo: SymmetryMemo | null = null, note: Int32Array | null = null): void {
  const plan = memo !== null && memo.sym === sym ? memo.plan : planOf(sym);
  if (note !== null && plan.permute) note[0] = 0;
  if (hashThreads(plan, w, memo)) {
    slowFingerprint(sym, w, out);
    return;
  }
  const n = plan.n;
  const T = w.threads.length;
  if (tmap.length < T) (tmap = new Int32Array(2 * T)), (order = new Int32Array(2 * T));
  if (!plan.permute) {
    // Nothing is renamed without children permutations, so no name is another child's: no slow path.
    childVarWords(plan, sym, w);
    // Each child's threads in canonical order (same-role threads by relative hash), written to `order` per child.
    for (let c = 0; c < n; c++) sortThreads(plan, sym.threadsOf[c]!, c);
    encodeAndHash(plan, sym, w, plan.inv, null, out);
    return;
  }
  const sigs = signatures(plan, sym, w, memo !== null && memo.sigsKnown ? memo : null);
  if (sigs === null) {
    slowFingerprint(sym, w, out);
    return;
  }
  if (note !== null) {
    note[0] = 1;
    for (let i = 0; i < 2 * n; i++) note[1 + i] = sigs[i]!;
  }
  // Children sorted by signature (insertion sort: a handful); children with equal signatures are
  // permuted exhaustively: every permutation q of the ranks that maps each rank to an equal signature.
  const byRank = plan.byRank;
  for (let c = 0; c < n; c++) {
    let b = c - 1;
    while (b >= 0 && sigLess(sigs, c, byRank[b]!)) {
      byRank[b + 1] = byRank[b]!;
      b--;
    }
    byRank[b + 1] = c;
  }
  const inv = plan.inv;
  // Usually no two children share a signature: then the order by signature is the only one to write.
  let tied = false;
  for (let s = 1; s < n && !tied; s++) tied = sigEqual(sigs, byRank[s - 1]!, byRank[s]!);
  if (!tied) {
    for (let s = 0; s < n; s++) inv[s] = byRank[s]!;
    encodeAndHash(plan, sym, w, inv, sigs, out);
    return;
  }
  let first = true;
  for (const q of sym.perms) {
    let ok = true;
    for (let s = 0; s < n && ok; s++) ok = sigEqual(sigs, byRank[q[s]!]!, byRank[s]!);
    if (!ok) continue;
    for (let s = 0; s < n; s++) inv[s] = byRank[q[s]!]!;
    encodeAndHash(plan, sym, w, inv, sigs, cand);
    if (first || cand[0]! < best[0]! || (cand[0] === best[0] && cand[1]! < best[1]!)) {
      best[0] = cand[0]!;
      best[1] = cand[1]!;
      first = false;
    }
  }
  out[0] = best[0]!;
  out[1] = best[1]!;
}

/** Another child's name in a thread or a variable: the exact (slow) canonical key. */
function slowFingerprint(sym: Symmetry, w: World, out: Uint32Array): void {
  fingerprint(canonicalKey(sym, w), out);
}

function sigLess(sigs: Int32Array, a: number, b: number): boolean {
  return sigs[2 * a]! < sigs[2 * b]! || (sigs[2 * a] === sigs[2 * b] && sigs[2 * a + 1]! < sigs[2 * b + 1]!);
}

function sigEqual(sigs: Int32Array, a: number, b: number): boolean {
  return sigs[2 * a] === sigs[2 * b] && sigs[2 * a + 1] === sigs[2 * b + 1];
}

/** Sort child c's same-role threads by relative hash; the result (old thread indices) goes to `order[c·perThread …]`. */
function sortThreads(plan: Plan, threads: readonly number[], c: number): void {
  const at = c * plan.perThread;
  for (let i = 0; i < threads.length; i++) order[at + i] = threads[i]!;
  for (const g of plan.roleGroups) {
    // Insertion sort of the group's positions (groups are a handful of threads).
    for (let a = 1; a < g.length; a++) {
      const x = order[at + g[a]!]!;
      let b = a - 1;
      while (b >= 0 && threadLess(x, order[at + g[b]!]!)) {
        order[at + g[b + 1]!] = order[at + g[b]!]!;
        b--;
      }
      order[at + g[b + 1]!] = x;
    }
  }
}

function threadLess(x: number, y: number): boolean {
  const a0 = th[2 * x]! >>> 0;
  const b0 = th[2 * y]! >>> 0;
  return a0 < b0 || (a0 === b0 && th[2 * x + 1]! >>> 0 < th[2 * y + 1]! >>> 0);
}

/**
 * Each child's shared variables as words, named as they are (without children permutations),
 * written once per world into `varBuf` (child c's at varAt[c] .. varAt[c + 1]): the stream copies them.
 */
let varBuf = new Int32Array(1024);
let varAt = new Int32Array(16);

function childVarWords(plan: Plan, sym: Symmetry, w: World): void {
  const n = plan.n;
  if (varAt.length < n + 1) varAt = new Int32Array(2 * n + 2);
  let k = 0;
  for (let c = 0; c < n; c++) {
    varAt[c] = k;
    k = varWords(sym, w, c, k, null);
  }
  varAt[n] = k;
}

/**
 * Child c's shared variables as words into `varBuf` from `at`, renamed by `rel` (null: as they
 * are); returns where they end. `varBuf` grows to hold them, keeping the words before `at`.
 */
function varWords(sym: Symmetry, w: World, c: number, at: number, rel: Renaming | null): number {
  const V = sym.inst.varNames.length;
  for (;;) {
    let k = at;
    for (let i = 0; i < V; i++) k = valueWordsUnder(varBuf, k, w.vars[c * V + i]!, rel);
    if (k <= varBuf.length) return k;
    const g = new Int32Array(2 * k);
    g.set(varBuf.subarray(0, at));
    varBuf = g;
  }
}

let sigWords = new Int32Array(256);
let sigOut = new Int32Array(16);

/**
 * Each child's signature (two words), from its own parts named relative to it; a child whose parts
 * are those of the expanded world's same child (`memo`, whose signatures are known) keeps its
 * signature. Null when a child's variable names another child (the slow path).
 */
function signatures(plan: Plan, sym: Symmetry, w: World, memo: SymmetryMemo | null): Int32Array | null {
  const n = plan.n;
  if (sigOut.length < 2 * n) sigOut = new Int32Array(4 * n);
  for (let c = 0; c < n; c++) {
    if (memo !== null && sameChildParts(sym, w, memo.world!, c)) {
      sigOut[2 * c] = memo.sigs[2 * c]!;
      sigOut[2 * c + 1] = memo.sigs[2 * c + 1]!;
      continue;
    }
    // Child c's variables named relative to it, into `varBuf` from 0; one that names another child: the slow path.
    plan.cross = false;
    const m = varWords(sym, w, c, 0, plan.rel[c]!);
    if (plan.cross) return null;
    sortThreads(plan, sym.threadsOf[c]!, c);
    childSignature(plan, sym, w, c, m);
  }
  return sigOut;
}

/**
 * Does child c have the same parts in `w` as in `p` (its thread objects, its process, its
 * variables and its locks' holders), so the same signature? Identity, not content: a step that
 * touched a part replaced it (world.ts `stepCopy`), and a part equal but replaced only costs a
 * signature computed again.
 */
function sameChildParts(sym: Symmetry, w: World, p: World, c: number): boolean {
  for (const t of sym.threadsOf[c]!) if (w.threads[t] !== p.threads[t]) return false;
  if (w.procs !== p.procs && childProc(w, c + 1) !== childProc(p, c + 1)) return false;
  // A table the step did not write is the parent's own array (stepCopy): nothing in it to compare.
  if (w.vars !== p.vars) {
    const V = sym.inst.varNames.length;
    for (let i = c * V; i < (c + 1) * V; i++) if (w.vars[i] !== p.vars[i]) return false;
  }
  if (w.owners === p.owners && w.readers === p.readers) return true;
  const L = sym.inst.lockNames.length;
  for (let i = c * L; i < (c + 1) * L; i++) if (w.owners[i] !== p.owners[i] || w.readers[i] !== p.readers[i]) return false;
  return true;
}

/** Child c's signature into `sigOut`, from its process, its threads in canonical order (`order`), its `m` variable words (`varBuf`) and its locks. */
function childSignature(plan: Plan, sym: Symmetry, w: World, c: number, m: number): void {
  const L = sym.inst.lockNames.length;
  const need = 16 + 2 * plan.perThread + m + 4 * L;
  if (sigWords.length < need) sigWords = new Int32Array(2 * need);
  let k = procState(sigWords, 0, childProc(w, c + 1));
  const at = c * plan.perThread;
  for (let i = 0; i < plan.perThread; i++) {
    const t = order[at + i]!;
    sigWords[k++] = th[2 * t]!;
    sigWords[k++] = th[2 * t + 1]!;
  }
  for (let j = 0; j < m; j++) sigWords[k++] = varBuf[j]!;
  for (let i = 0; i < L; i++) {
    sigWords[k++] = localRank(plan, c, w.owners[c * L + i]!);
    const r = w.readers[c * L + i]!;
    sigWords[k++] = r.length;
    // Readers as a set of local ranks (order-free: the sum and xor of their bits).
    let bits = 0;
    for (const x of r) bits |= 1 << localRank(plan, c, x);
    sigWords[k++] = bits;
  }
  hashWords(sigWords, k, one);
  sigOut[2 * c] = one[0]! | 0;
  sigOut[2 * c + 1] = one[1]! | 0;
}

/** Position of thread t among its child's canonically ordered threads (-1 for none). */
function localRank(plan: Plan, c: number, t: number): number {
  if (t === -1) return -1;
  const at = c * plan.perThread;
  for (let i = 0; i < plan.perThread; i++) if (order[at + i] === t) return i;
  return -2;
}

function childProc(w: World, inc: number): World['procs'][number] {
  for (const p of w.procs) if (p.inc === inc) return p;
  throw new Error('[reapcheck internal bug] a managed child is missing from the process table');
}

/** The world written with old child inv[s] in slot s (pids, incarnations, fds, threads renamed), hashed into `out`. */
function encodeAndHash(plan: Plan, sym: Symmetry, w: World, inv: readonly number[], sigs: Int32Array | null, out: Uint32Array): void {
  let n = encodeUnder(words, plan, sym, w, inv, sigs);
  if (n > words.length) {
    words = new Int32Array(2 * n);
    n = encodeUnder(words, plan, sym, w, inv, sigs);
  }
  hashWords(words, n, out);
}

let slotOf = new Int32Array(16);
/** The renaming of the stream being written: old child c is in slot slotOf[c] (module state, not closures: tsx names every closure it creates). */
let pidBase = 0;
let children = 0;

function pidMap(x: number): number {
  const c = x - pidBase;
  return c >= 0 && c < children ? pidBase + slotOf[c]! : x;
}

function incMap(x: number): number {
  return x >= 1 && x <= children ? slotOf[x - 1]! + 1 : x;
}

let fdCode = new Int32Array(64);

/**
 * With `sigs` (children permuted), each child's own parts — its process's state, threads, shared
 * variables, locks — are written as its signature, which already holds them named relative to
 * the child (a hash of them: equal signatures, equal parts); without, as words.
 */
function encodeUnder(b: Int32Array, plan: Plan, sym: Symmetry, w: World, inv: readonly number[], sigs: Int32Array | null): number {
  const inst = sym.inst;
  const N = plan.n;
  const P = plan.perThread;
  if (slotOf.length < N) slotOf = new Int32Array(2 * N);
  for (let s = 0; s < N; s++) slotOf[inv[s]!] = s;
  pidBase = inst.scope.pidBase;
  children = N;

  let n = 0;
  b[n++] = w.procs.length;
  if (sigs !== null) {
    for (let s = 0; s < N; s++) (b[n++] = sigs[2 * inv[s]!]!), (b[n++] = sigs[2 * inv[s]! + 1]!);
  } else for (let s = 0; s < N; s++) n = proc(b, n, childProc(w, inv[s]! + 1));
  for (const p of w.procs) if (p.inc > N) n = proc(b, n, p);
  n = num(b, n, w.nextInc);
  // fds: a setup fd of child c moves to the same setup fd of c's slot. The table ends at its last
  // open fd (the world trims it so), so its length is that of the renamed table.
  const F = w.fds.length;
  const room = Math.max(F, sym.maxSetupFd - 2);
  if (fdCode.length < 2 * room) fdCode = new Int32Array(4 * room);
  for (let i = 0; i < 2 * room; i++) fdCode[i] = 0;
  let Fout = 0;
  for (let i = 0; i < F; i++) {
    const f = w.fds[i];
    if (!f) continue;
    const j = movedSetupFd(sym, i + 3, slotOf) - 3;
    if (j + 1 > Fout) Fout = j + 1;
    if (f.kind === 'pidfd') (fdCode[2 * j] = f.byChurner ? 2 : 1), (fdCode[2 * j + 1] = incMap(f.inc));
    else fdCode[2 * j] = f.byChurner ? 4 : 3;
  }
  b[n++] = Fout;
  for (let i = 0; i < Fout; i++) {
    const k = fdCode[2 * i]!;
    b[n++] = k;
    if (k === 1 || k === 2) n = num(b, n, fdCode[2 * i + 1]!);
  }
  if (sigs !== null) return counters(b, n, w);
  // Thread renumbering: old child inv[s]'s k-th canonical thread becomes thread s·P + k.
  for (let s = 0; s < N; s++) for (let k = 0; k < P; k++) tmap[order[inv[s]! * P + k]!] = s * P + k;
  const L = inst.lockNames.length;
  b[n++] = w.vars.length;
  for (let s = 0; s < N; s++) for (let k = varAt[inv[s]!]!; k < varAt[inv[s]! + 1]!; k++) b[n++] = varBuf[k]!;
  b[n++] = w.owners.length;
  for (let s = 0; s < N; s++) for (let i = 0; i < L; i++) {
    const o = w.owners[inv[s]! * L + i]!;
    n = num(b, n, o === -1 ? -1 : tmap[o]!);
  }
  b[n++] = w.readers.length;
  for (let s = 0; s < N; s++) for (let i = 0; i < L; i++) {
    const r = w.readers[inv[s]! * L + i]!;
    b[n++] = r.length;
    // Renamed, then sorted as the world keeps them (readers are a set; a handful: insertion sort in place).
    const at = n;
    for (const x of r) {
      let j = n++;
      const y = tmap[x]!;
      while (j > at && b[j - 1]! > y) (b[j] = b[j - 1]!), j--;
      b[j] = y;
    }
  }
  b[n++] = w.threads.length;
  for (let s = 0; s < N; s++) {
    for (let k = 0; k < P; k++) {
      const t = order[inv[s]! * P + k]!;
      b[n++] = th[2 * t]!;
      b[n++] = th[2 * t + 1]!;
    }
  }
  return counters(b, n, w);
}

/** The adversaries' counters and the foreign reaper's state (its incarnation renamed). */
function counters(b: Int32Array, n: number, w: World): number {
  n = num(b, n, w.spawnsUsed);
  n = num(b, n, w.reapsUsed);
  n = num(b, n, w.churnsUsed);
  const fr = w.foreignReaper;
  if (fr.phase === 'blocked') (b[n++] = 1), (n = num(b, n, incMap(fr.inc)));
  else b[n++] = fr.phase === 'idle' ? 2 : 3;
  return n;
}

function proc(b: Int32Array, n: number, p: World['procs'][number]): number {
  return procEntry(b, n, p, pidMap(p.pid), incMap(p.inc));
}
