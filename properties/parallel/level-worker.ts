/**
 * One worker's part of the parallel breadth-first search (search.ts is the coordinator). Each
 * worker holds a share of the current level's worlds, expands it, and keeps the successors it
 * made; the visited set is one table in shared memory (shared-table.ts), so no world travels
 * between workers except to even out the shares (`give`/`take`).
 *
 * Sequential order is rebuilt from keys: a state's key is `parentRank · 2¹⁶ + k`, the position of
 * its parent in its level and the index of the step in the parent's enabled steps. The sequential
 * search (bfs.ts) expands a level in order and each state's steps in order, so it discovers a state
 * first through its least key and orders the next level by key. The table keeps the least key of
 * each new state; a key names one state of the level and one worker holds that state, so after the
 * level the worker that finds its own key there holds exactly the world the sequential search kept
 * (with symmetry: the same concrete world of the class), and sorting the next level by key gives
 * the sequential level order.
 */
import type { Instance } from '../../model/instance.ts';
import type { World } from '../../model/world.ts';
import { initialWorld } from '../../model/transitions.ts';
import { symmetryOf, symmetryUsable } from '../../model/symmetry.ts';
import type { StateFingerprinter } from '../state-fingerprint.ts';
import { stateFingerprinter } from '../state-fingerprint.ts';
import type { Invariant, InvariantName, StepInvariant } from '../invariants.ts';
import { INVARIANTS, invariantApplies } from '../invariants.ts';
import { BATCH, END, SuccessorBatch, TRUNCATED } from '../batch.ts';
import { MemoBatch, memoApplies } from '../memo-batch.ts';
import { assertWellFormed } from '../well-formed.ts';
import type { LevelReport, SearchSetup, StealBatch, Violation } from './protocol.ts';
import { MIN_STEAL, StealWords } from './steal-words.ts';
import type { BoundReached } from '../bounds.ts';
import { BoundWatch, CHECK_EVERY_MASK } from '../bounds.ts';
import type { SharedTableData } from './shared-table.ts';
import { LOWERED, NEW, SLOT, SharedTable } from './shared-table.ts';
import { WorldParts } from '../packed-frontier.ts';
import { SpillFolder, SpillLevel } from '../spill-level.ts';
import { F64List, I32List } from './number-list.ts';
import { keyOrder } from './key-order.ts';

/** Room for the step index in a key: bfs.ts keeps it in a Uint16Array too. */
export const STEP_SPAN = 65536;
/** At most 64 workers (one search pool per worker count is kept, each worker a V8 heap). */
export const MAX_WORKERS = 64;

export class LevelWorker {
  private readonly wanted: Invariant[];
  private readonly fps: StateFingerprinter;
  private readonly fp = new Uint32Array(2);
  private table: SharedTable;
  /**
   * The share: worlds (kept encoded, as in bfs.ts); while it is expanded, their global ranks (set by
   * `advance`, extended by steals); between `settle` and `advance`, their keys (`give` sends them).
   */
  private readonly parts: WorldParts;
  private frontier: SpillLevel;
  private ranks: Int32Array = new Int32Array(0);
  private keys = new F64List();
  /** Transitions per frontier state (for `tally`), and how far the expansion got (it pauses when the table is full). */
  private perState: Int32Array = new Int32Array(0);
  private next = 0;
  private violations = new Map<InvariantName, Violation>();
  private transitions = 0;
  private truncatedRank = -1;
  /** Milliseconds spent expanding this level (the coordinator balances the next one by cost per state). */
  private ms = 0;
  /** The first fingerprint word of each successor of this level whose insert lowered a key already in the table (`resolve`). */
  private lowered = new I32List();
  /** Steals of this level that brought states, and the states they brought. */
  private steals = 0;
  private stolen = 0;
  /**
   * Successors this worker made that had the least key in the table when it made them: their keys,
   * worlds, fingerprints and slots. A worker expands its share in key order, so it makes a state's
   * successors with growing keys; states it stole (steal-words.ts) come after, out of that order, so
   * one state can be a candidate twice: `resolve` keeps the one whose key the table holds. After the
   * level the candidates that won are compacted in place and become the share, so a world is
   * written once.
   */
  private candKey = new F64List();
  private cand: SpillLevel;
  /** A level and keys to sort the share into (`settle`), kept from level to level. */
  private spare: SpillLevel;
  private spareKeys = new F64List();
  private candFp = new I32List();
  private candSlot = new I32List();
  /** Whether the table grew since the candidates' slots were taken (slots move when it grows). */
  private grewThisLevel = false;
  /** Per peer: how many parts of each table it was sent, and the map from its part indices to this worker's. */
  private readonly sent: number[][] = [];
  private readonly received: number[][][] = [];
  private readonly watch: BoundWatch;
  private readonly stop: Int32Array;
  private readonly steal: StealWords;
  private expanded = 0;
  /** A batch's states and successors between its two passes (properties/batch.ts), or through the step memo (properties/memo-batch.ts: no reductions). */
  private readonly batch: SuccessorBatch | MemoBatch;
  private readonly mb: MemoBatch | null;
  /** Where this worker's levels spill (a folder the coordinator named, search.ts). */
  private readonly folder: SpillFolder;
  /** The bound this worker reached, if it was the one that reached it. */
  bound: BoundReached | null = null;

  constructor(
    private readonly inst: Instance,
    private readonly setup: SearchSetup,
    private readonly id: number,
    table: SharedTableData,
    /** Posts a steal answer to another worker (worker-main.ts owns the ports). */
    private readonly send: (to: number, b: StealBatch, transfer: ArrayBuffer[]) => void = () => {},
  ) {
    this.wanted = INVARIANTS.filter((inv) => invariantApplies(inv, inst) && (!setup.only || setup.only.includes(inv.name)));
    this.table = new SharedTable(table, id);
    this.watch = new BoundWatch(setup.limits);
    this.stop = new Int32Array(setup.stop);
    this.steal = new StealWords(setup.steal);
    const init = initialWorld(inst);
    const sym = setup.symmetry && symmetryUsable(inst) ? symmetryOf(inst, init) : null;
    this.fps = stateFingerprinter(sym);
    // As bfs.ts: successors from the step memo where it applies. Its fingerprints are made from part
    // contents, never from a worker's part indices, so every worker gives a world the same one.
    const useMemo = memoApplies({ memo: setup.memo, symmetry: sym !== null, por: setup.por, wholeWorlds: setup.checkWellFormed });
    this.parts = new WorldParts(init.threads.length, useMemo ? 1 : this.fps.noteWords);
    // Each of the three levels may spill past its part of the memory bound (search.ts sets `spillBytes`).
    this.folder = new SpillFolder(setup.spillDir ?? null, setup.spillWord ?? null);
    const level = (name: string): SpillLevel => new SpillLevel(this.parts.stride, setup.spillBytes ?? Infinity, this.folder, `w${id}-${name}`, setup.spillChunkRows);
    this.frontier = level('a');
    this.cand = level('b');
    this.spare = level('c');
    this.mb = useMemo ? new MemoBatch(inst, this.parts, this.wanted.filter((inv): inv is StepInvariant => inv.kind === 'step'), setup.memoWords) : null;
    this.batch = this.mb ?? new SuccessorBatch(inst, this.parts, this.fps, setup.por, true);
    if (setup.checkWellFormed) assertWellFormed(inst, init);
    // Worker 0 holds the initial world, rank 0 of level 0, and puts it in the table.
    if (id === 0) {
      if (this.mb) this.mb.pushFirst(this.frontier, init, this.fp);
      else {
        this.fps.of(init, this.fp);
        this.parts.push(this.frontier, init, null, 0, this.fps.note, 0);
      }
      this.table.insert(this.fp[0]!, this.fp[1]!, 0, 0);
      this.keys.push(0);
    }
  }

  /** Start the level: the global ranks of this worker's share (in its order). */
  advance(ranks: Int32Array): void {
    this.ranks = ranks;
    this.perState = new Int32Array(this.frontier.count);
    this.next = 0;
    this.violations = new Map();
    this.transitions = 0;
    this.truncatedRank = -1;
    this.ms = 0;
    this.lowered.n = 0;
    this.steals = 0;
    this.stolen = 0;
  }

  /** Copy slots [from, to) of the current table into `bigger`, then use `bigger` (every worker copies its share, nobody inserts meanwhile). */
  grow(bigger: SharedTableData, from: number, to: number): void {
    const t = new SharedTable(bigger, this.id);
    this.table.rehashRange(t, from, to);
    this.table = t;
    this.grewThisLevel = true;
  }

  /** Slots of the current table (for the coordinator's rehash shares). */
  get capacity(): number {
    return this.table.capacity;
  }

  /**
   * Expand the share at `depth` from where it stopped; returns 'full' when the table became too
   * full (the coordinator grows it and asks again), 'bounded' when a bound ended the search (this
   * worker's watch, or the shared stop word another worker set). A state is expanded whole or not
   * at all: the table's fullness is read between two states (shared-table.ts keeps the slack).
   */
  expand(depth: number, skip: readonly InvariantName[]): 'done' | 'full' | 'bounded' {
    const t0 = performance.now();
    try {
      return this.expandShare(depth, skip);
    } finally {
      this.ms += performance.now() - t0;
    }
  }

  /** Whether the search must stop: another worker said so, or this worker's watch does now. */
  private bounded(): boolean {
    if (Atomics.load(this.stop, 0) !== 0) return true;
    const hit = this.watch.check(this.table.size);
    if (!hit) return false;
    this.bound = hit;
    Atomics.store(this.stop, 0, 1);
    return true;
  }

  private expandShare(depth: number, skip: readonly InvariantName[]): 'done' | 'full' | 'bounded' {
    const { inst, id, steal } = this;
    const invs = this.wanted.filter((inv) => !skip.includes(inv.name));
    const violations = this.violations;
    // States come in rank order within one call (the share, or a stolen batch), not across calls:
    // each call checks every invariant, keeps a violation unless an earlier rank has one, and stops
    // checking one once this call found it.
    let stepInvs = invs.filter((inv): inv is StepInvariant => inv.kind === 'step');
    const endInvs = invs.filter((inv) => inv.kind === 'end');
    const maxStates = this.setup.limits?.maxStates;
    // Locals for the hot loop: none of these change while a share is expanded (the table only between calls).
    const { parts, frontier, table, ranks, perState, candKey, candFp, candSlot, cand } = this;
    const stride = parts.stride;
    let i = this.next;
    let paused: 'full' | 'bounded' | null = null;
    const batch = this.batch;
    const mb = this.mb;
    const sb = mb ? null : (batch as SuccessorBatch);
    const X = this.fps.noteWords;
    // With the memo: the step invariants still checked, as bits of its masks (memo-batch.ts).
    let live = mb ? mb.maskOf(stepInvs) : 0;
    steal.open(id, frontier.count - i);
    // A batch of states in two passes (properties/batch.ts): successors and fingerprints first,
    // the table's slots touched together, then each state judged and inserted in order.
    batches: while (i < frontier.count) {
      const asker = steal.asker(id);
      if (asker >= 0) this.answer(asker, i);
      else steal.publish(id, frontier.count - i);
      const b0 = i;
      const b1 = Math.min(frontier.count, b0 + BATCH);
      batch.clear();
      mb?.touch(frontier, b0, b1);
      for (let li = b0; li < b1; li++) batch.expand(li - b0, frontier, li, depth);
      table.touch(batch.fps, batch.n);
      const { kind, first, worlds, step } = batch;
      const succFp = batch.fps;
      const succNote = sb ? sb.notes : null;
      for (; i < b1; i++) {
        if (table.full) paused = 'full';
        else if ((++this.expanded & CHECK_EVERY_MASK) === 0 && this.bounded()) paused = 'bounded';
        if (paused !== null) break batches;
        const j = i - b0;
        const rank = ranks[i]!;
        if (kind[j] === END) {
          const w = worlds[j]!;
          for (const inv of endInvs) {
            const prev = violations.get(inv.name);
            if (prev && prev.rank <= rank) continue;
            const bad = inv.check(inst, w);
            if (bad) violations.set(inv.name, { invariant: inv.name, rank, k: -1, message: bad.message, ...(bad.blocked ? { blocked: bad.blocked } : {}) });
          }
          continue;
        }
        if (kind[j] === TRUNCATED) {
          if (this.truncatedRank < 0 || rank < this.truncatedRank) this.truncatedRank = rank;
          continue;
        }
        const x0 = first[j]!;
        const x1 = first[j + 1]!;
        for (let x = x0; x < x1; x++) {
          const k = step[x]!;
          if (mb) {
            const m = mb.masks[x]! & live;
            if (m !== 0) {
              const hit = mb.invariantsIn(m);
              for (const inv of hit) {
                const prev = violations.get(inv.name);
                if (!prev || rank < prev.rank) violations.set(inv.name, { invariant: inv.name, rank, k, message: mb.message(j, k, inv) });
              }
              stepInvs = stepInvs.filter((inv) => !hit.includes(inv));
              live = mb.maskOf(stepInvs);
            }
          } else if (stepInvs.length > 0) {
            const tr = sb!.succ[x]!;
            let hit: StepInvariant[] | null = null;
            for (const inv of stepInvs) {
              const msg = inv.check(inst, tr);
              if (!msg) continue;
              (hit ??= []).push(inv);
              const prev = violations.get(inv.name);
              if (!prev || rank < prev.rank) violations.set(inv.name, { invariant: inv.name, rank, k, message: msg });
            }
            if (hit !== null) stepInvs = stepInvs.filter((inv) => !hit.includes(inv));
          }
          const h = succFp[2 * x]!;
          const l = succFp[2 * x + 1]!;
          const key = rank * STEP_SPAN + k;
          const at = table.insert(h, l, depth + 1, key);
          if (!(at & (NEW | LOWERED))) continue;
          if (at & LOWERED) this.lowered.push(h | 0);
          // --max-states is checked on every new state, so the table passes it by less than a state per worker.
          if (at & NEW && maxStates !== undefined && table.size > maxStates && this.bounded()) {
            paused = 'bounded';
            break batches;
          }
          // A candidate of the next level, with the least key so far (`resolve` checks it still is).
          candKey.push(key);
          if (mb) {
            const row = cand.append();
            mb.writeRow(j, x, cand.words, row);
          } else parts.push(cand, sb!.succ[x]!.after, batch.rows, j * stride, succNote, x * X);
          candFp.push(h | 0);
          candFp.push(l | 0);
          candSlot.push(at & SLOT);
        }
        perState[i] = x1 - x0;
        this.transitions += x1 - x0;
      }
    }
    this.next = i;
    const asker = steal.close(id);
    if (asker >= 0) this.answer(asker, frontier.count);
    return paused ?? 'done';
  }

  /**
   * Answer worker `asker`'s steal with the second half of the states from `i` on (none when fewer
   * than 2 · MIN_STEAL are left): they leave this share before they are expanded.
   */
  private answer(asker: number, i: number): void {
    const f = this.frontier;
    const left = f.count - i;
    const n = left >= 2 * MIN_STEAL ? left >> 1 : 0;
    const at = f.count - n;
    const ranks = this.ranks.slice(at, f.count);
    const b: StealBatch = { kind: 'steal', from: this.id, ranks, ...this.handOver(at, asker) };
    this.send(asker, b, [b.ranks.buffer as ArrayBuffer, b.rows.buffer as ArrayBuffer]);
    this.steal.answered(this.id, at - i);
  }

  /** Whether another worker has states worth stealing, and which: asks it (false when none would take the ask). */
  askSteal(): boolean {
    for (;;) {
      const v = this.steal.victim(this.id);
      if (v < 0) return false;
      if (this.steal.ask(this.id, v)) return true;
    }
  }

  /** Append the states a victim answered with (`answer`): expanded next, by `expand`. */
  takeStolen(b: StealBatch): void {
    const have = this.frontier.count;
    this.receive(b.from, b.rows, b.parts);
    if (b.ranks.length === 0) return;
    this.steals++;
    this.stolen += b.ranks.length;
    const ranks = new Int32Array(this.frontier.count);
    ranks.set(this.ranks.subarray(0, have));
    ranks.set(b.ranks, have);
    this.ranks = ranks;
    const perState = new Int32Array(this.frontier.count);
    perState.set(this.perState.subarray(0, have));
    this.perState = perState;
  }

  /** What expanding the level found. */
  report(): LevelReport {
    return { violations: [...this.violations.values()], transitions: this.transitions, truncatedRank: this.truncatedRank, levelSize: this.frontier.count, ms: this.ms, steals: this.steals, stolen: this.stolen, lowered: this.lowered.toArray() };
  }

  /**
   * After every worker expanded: keep the candidates whose least key in the table is this
   * worker's (the successor the sequential search kept); the rest were reached earlier elsewhere.
   * The winners are moved down in the candidates' own rows (one worker: all win, nothing moves),
   * or, when the candidates spilled to disk, copied in order into the spare level.
   *
   * `lowered`: the first fingerprint word of every state whose key an insert lowered this level,
   * by any worker. Only a candidate among those can have lost: it
   * loses only to an insert of its state at this depth with a lesser key, and that insert, coming
   * after the candidate's (which was new, or lowered the key itself), lowered the key. The others
   * won without a look-up: the table's key reads miss the cache (the table is far larger than
   * it), ≈ 130 ns a candidate, and keys are lowered for 0.2–1.5% of the states of a level with 2
   * workers, never with one (its keys grow as it expands its share in key order).
   */
  resolve(lowered: Int32Array): number {
    const { candKey, table } = this;
    if (lowered.length === 0) {
      // Every candidate won: nothing to look up, nothing to move (nor to copy off the disk).
      this.swapLevels(this.cand, candKey);
      return candKey.n;
    }
    // The lowered words as bits of a filter 16 times their number (a `Set` look-up per candidate
    // was 0.3–0.5 s of a 50 s search): a candidate whose bit is clear was not lowered; one whose
    // bit is set is looked up, and a false alarm (1/16 of the others at most) only costs that.
    const bits = filterBits(lowered);
    const fmask = bits.length * 32 - 1;
    const spilled = this.cand.spilled;
    const cand = spilled ? this.spare : this.cand;
    if (spilled) cand.clear();
    const keys = candKey.a;
    const fps = this.candFp.a;
    const slots = this.candSlot.a;
    const grew = this.grewThisLevel;
    let out = 0;
    for (let j = 0; j < candKey.n; j++) {
      const key = keys[j]!;
      const f = fps[2 * j]! & fmask;
      if (bits[f >>> 5]! & (1 << (f & 31))) {
        // Looked up again when the table grew (its slots moved) since the insert.
        const slot = grew ? table.find(fps[2 * j]!, fps[2 * j + 1]!) : slots[j]!;
        if (table.key(slot) !== key) continue;
      }
      if (spilled) cand.copyRow(this.cand, j);
      else if (out !== j) cand.moveRow(j, out);
      keys[out] = key;
      out++;
    }
    if (spilled) {
      // The spilled candidates' level becomes the spare one.
      this.spare = this.cand;
      this.spare.clear();
    } else cand.truncate(out);
    candKey.n = out;
    this.swapLevels(cand, candKey);
    return out;
  }

  /** The winners (`level`, their keys) become the share; the old share's arrays hold the next level's candidates. */
  private swapLevels(cand: SpillLevel, candKey: F64List): void {
    const old = this.frontier;
    this.frontier = cand;
    this.cand = old;
    old.clear();
    const oldKeys = this.keys;
    this.keys = candKey;
    this.candKey = oldKeys;
    oldKeys.n = 0;
    this.candFp.n = 0;
    this.candSlot.n = 0;
    this.grewThisLevel = false;
  }

  /**
   * Hand the last `n` states of the share to worker `to` (any will do, ranks come after): their
   * keys, their rows, and the parts of this worker's tables `to` was not sent before.
   */
  give(n: number, to: number): { keys: Float64Array; rows: Int32Array; parts: unknown[][] } {
    const at = this.frontier.count - n;
    const keys = this.keys.a.slice(at, this.keys.n);
    this.keys.n = at;
    return { keys, ...this.handOver(at, to) };
  }

  /** Append the states worker `from` gave (`give`, in the order it sent them). */
  take(from: number, keys: ArrayLike<number>, rows: Int32Array, parts: readonly unknown[][]): void {
    this.receive(from, rows, parts);
    for (let j = 0; j < keys.length; j++) this.keys.push(keys[j]!);
  }

  /**
   * Rows [at, count) of the share leave it for worker `to` (evened out, or stolen): the rows, and
   * the parts of this worker's tables `to` was not sent before. Every hand-over carries its parts,
   * even of no rows, and `receive` enters every one: the two sides count the same parts.
   */
  private handOver(at: number, to: number): { rows: Int32Array; parts: unknown[][] } {
    const out = { rows: this.frontier.rowsFrom(at), parts: this.parts.partsSince((this.sent[to] ??= [])) };
    this.frontier.truncate(at);
    return out;
  }

  /** Append the rows worker `from` handed over (`handOver`), in its part indices mapped to this worker's. */
  private receive(from: number, rows: Int32Array, parts: readonly unknown[][]): void {
    const map = (this.received[from] ??= []);
    this.parts.importParts(parts, map);
    // A row's note under the memo is its head's index in this worker's head table (memo-batch.ts).
    const mb = this.mb;
    this.parts.importRows(this.frontier, rows, map, mb ? (b, o) => mb.noteHead(b, o) : undefined);
  }

  /** The share in key order; returns the keys (the coordinator merges them into global ranks). */
  settle(): Float64Array {
    // A worker keeps its successors in the order it made them, which is key order; only states
    // taken from another worker (appended) can break it.
    const k = this.keys.a;
    const n = this.keys.n;
    const order = keyOrder(k, n);
    if (order !== null) {
      // Into the spare level and keys, then swap: fresh arrays of a share's size each level made
      // the collector run (their memory counts as external pressure), 15–70 ms a level.
      const sortedLevel = this.spare;
      const sortedKeys = this.spareKeys;
      sortedLevel.clear();
      sortedKeys.n = 0;
      for (let j = 0; j < n; j++) {
        const i = order[j]!;
        sortedLevel.copyRow(this.frontier, i);
        sortedKeys.push(k[i]!);
      }
      this.spare = this.frontier;
      this.spareKeys = this.keys;
      this.frontier = sortedLevel;
      this.keys = sortedKeys;
    }
    if (this.setup.checkWellFormed) for (let i = 0; i < this.frontier.count; i++) assertWellFormed(this.inst, this.parts.decode(this.frontier, i));
    return this.keys.toArray();
  }

  /** The search ended: close the levels' files (the coordinator removes the folder); returns the bytes this worker wrote to disk. */
  close(): number {
    for (const l of [this.frontier, this.cand, this.spare]) l.close();
    return this.folder.written;
  }

  /** Transitions made by the states of the last expanded level with rank below `p` (the sequential search stopped there). */
  tally(p: number): number {
    let n = 0;
    for (let i = 0; i < this.perState.length; i++) if (this.ranks[i]! < p) n += this.perState[i]!;
    return n;
  }
}

/** A bit filter of the words `lowered` (`resolve`): bit w & mask set for each, the mask 16 times their number or more, at least 1024 bits. */
function filterBits(lowered: Int32Array): Uint32Array {
  let size = 1024;
  while (size < 16 * lowered.length) size *= 2;
  const bits = new Uint32Array(size / 32);
  for (let i = 0; i < lowered.length; i++) {
    const f = lowered[i]! & (size - 1);
    bits[f >>> 5]! |= 1 << (f & 31);
  }
  return bits;
}
