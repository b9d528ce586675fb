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
 * each new state (times 8, plus the worker holding that successor), so after the level the worker
 * named there holds exactly the world the sequential search kept (with symmetry: the same concrete
 * world of the class), and sorting the next level by key gives the sequential level order.
 */
import type { Instance } from '../../model/instance.ts';
import type { World } from '../../model/world.ts';
import { applyStep, enabledSteps, initialWorld } from '../../model/transitions.ts';
import { symmetryOf, symmetryUsable } from '../../model/symmetry.ts';
import type { StateFingerprinter } from '../state-fingerprint.ts';
import { stateFingerprinter } from '../state-fingerprint.ts';
import type { Invariant, InvariantName } from '../invariants.ts';
import { INVARIANTS, invariantApplies } from '../invariants.ts';
import { ampleSteps } from '../por.ts';
import { assertWellFormed } from '../well-formed.ts';
import type { LevelReport, SearchSetup, Violation } from './protocol.ts';
import type { BoundReached } from '../bounds.ts';
import { BoundWatch, CHECK_EVERY_MASK } from '../bounds.ts';
import type { SharedTableData } from './shared-table.ts';
import { FULL, LOWERED, NEW, SLOT, SharedTable } from './shared-table.ts';
import type { PackedLevel } from '../packed-frontier.ts';
import { WorldParts } from '../packed-frontier.ts';

/** Room for the step index in a key: bfs.ts keeps it in a Uint16Array too. */
export const STEP_SPAN = 65536;
/** Room for the worker id in a stored key: at most 64 workers (key · 64 stays below 2⁵³ for levels under 2³¹ states). */
export const WORKER_SPAN = 64;
export const MAX_WORKERS = WORKER_SPAN;

export class LevelWorker {
  private readonly wanted: Invariant[];
  private readonly fps: StateFingerprinter;
  private readonly fp = new Uint32Array(2);
  private table: SharedTable;
  /** The current level's share: worlds (kept encoded, as in bfs.ts), their global ranks (set by `advance`) and their keys. */
  private readonly parts: WorldParts;
  private frontier: PackedLevel;
  private ranks: Int32Array = new Int32Array(0);
  private keys: number[] = [];
  /** Transitions per frontier state (for `tally`), and how far the expansion got (it pauses when the table is full). */
  private perState: Int32Array = new Int32Array(0);
  private next = 0;
  private violations = new Map<InvariantName, Violation>();
  private transitions = 0;
  private truncatedRank = -1;
  /** Milliseconds spent expanding this level (the coordinator balances the next one by cost per state). */
  private ms = 0;
  /**
   * Successors this worker made that had the least key in the table when it made them: their keys,
   * worlds, fingerprints and slots. A worker expands its share in key order, so it makes a state's
   * successors with growing keys: only its first (least) key for a state can win, and one state is
   * kept at most once per worker without a local set.
   */
  private candKey: number[] = [];
  private cand: PackedLevel;
  private candFp: number[] = [];
  private candSlot: number[] = [];
  /** Whether the table grew since the candidates' slots were taken (slots move when it grows). */
  private grewThisLevel = false;
  private readonly watch: BoundWatch;
  private readonly stop: Int32Array;
  private expanded = 0;
  /** The bound this worker reached, if it was the one that reached it. */
  bound: BoundReached | null = null;

  constructor(
    private readonly inst: Instance,
    private readonly setup: SearchSetup,
    private readonly id: number,
    table: SharedTableData,
  ) {
    this.wanted = INVARIANTS.filter((inv) => invariantApplies(inv, inst) && (!setup.only || setup.only.includes(inv.name)));
    this.table = new SharedTable(table);
    this.watch = new BoundWatch(setup.limits);
    this.stop = new Int32Array(setup.stop);
    const init = initialWorld(inst);
    this.parts = new WorldParts(init.threads.length);
    this.frontier = this.parts.newLevel();
    this.cand = this.parts.newLevel();
    this.fps = stateFingerprinter(setup.symmetry && symmetryUsable(inst) ? symmetryOf(inst, init) : null);
    if (setup.checkWellFormed) assertWellFormed(inst, init);
    // Worker 0 holds the initial world, rank 0 of level 0, and puts it in the table.
    if (id === 0) {
      this.fps.of(init, this.fp);
      this.table.insert(this.fp[0]!, this.fp[1]!, 0, 0);
      this.parts.push(this.frontier, init, null, 0);
      this.keys = [0];
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
  }

  /** Copy slots [from, to) of the current table into `bigger`, then use `bigger` (every worker copies its share, nobody inserts meanwhile). */
  grow(bigger: SharedTableData, from: number, to: number): void {
    const t = new SharedTable(bigger);
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
   * at all: what a paused state inserted is inserted again, which changes nothing (keys only go down).
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
    const { inst, fp } = this;
    const invs = this.wanted.filter((inv) => !skip.includes(inv.name));
    const stepInvs = invs.filter((inv) => inv.kind === 'step');
    const endInvs = invs.filter((inv) => inv.kind === 'end');
    const violations = this.violations;
    const maxStates = this.setup.limits?.maxStates;
    const { parts, frontier } = this;
    for (; this.next < frontier.count; this.next++) {
      const i = this.next;
      if (this.table.full) return 'full';
      if ((++this.expanded & CHECK_EVERY_MASK) === 0 && this.bounded()) return 'bounded';
      const w: World = parts.decode(frontier, i);
      const rank = this.ranks[i]!;
      const steps = enabledSteps(inst, w);
      if (steps.length === 0) {
        for (const inv of endInvs) {
          if (violations.has(inv.name)) continue;
          const bad = inv.check(inst, w);
          if (bad) violations.set(inv.name, { invariant: inv.name, rank, k: -1, message: bad.message, ...(bad.blocked ? { blocked: bad.blocked } : {}) });
        }
        continue;
      }
      if (depth >= inst.scope.maxSteps) {
        if (this.truncatedRank < 0) this.truncatedRank = rank;
        continue;
      }
      this.fps.expanding(w);
      const chosen = this.setup.por ? ampleSteps(inst, w, steps) : null;
      const count = chosen ? chosen.length : steps.length;
      for (let si = 0; si < count; si++) {
        const k = chosen ? chosen[si]!.index : si;
        const tr = chosen ? chosen[si]!.tr : applyStep(inst, w, steps[k]!, true);
        for (const inv of stepInvs) {
          if (violations.has(inv.name)) continue;
          const msg = inv.check(inst, tr);
          if (msg) violations.set(inv.name, { invariant: inv.name, rank, k, message: msg });
        }
        this.fps.of(tr.after, fp);
        const key = rank * STEP_SPAN + k;
        const at = this.table.insert(fp[0]!, fp[1]!, depth + 1, key * WORKER_SPAN + this.id);
        if (at === FULL) return 'full';
        if (!(at & (NEW | LOWERED))) continue;
        // --max-states is checked on every new state (one shared load), so the table passes it by less than a state per worker.
        if (at & NEW && maxStates !== undefined && this.table.size > maxStates && this.bounded()) return 'bounded';
        // A candidate of the next level, with the least key so far (`resolve` checks it still is).
        this.candKey.push(key);
        parts.push(this.cand, tr.after, frontier, i * parts.stride);
        this.candFp.push(fp[0]!, fp[1]!);
        this.candSlot.push(at & SLOT);
      }
      this.perState[i] = count;
      this.transitions += count;
    }
    return 'done';
  }

  /** What expanding the level found. */
  report(): LevelReport {
    return { violations: [...this.violations.values()], transitions: this.transitions, truncatedRank: this.truncatedRank, levelSize: this.frontier.count, ms: this.ms };
  }

  /**
   * After every worker expanded: keep the candidates whose least key in the table is this
   * worker's (the successor the sequential search kept); the rest were reached earlier elsewhere.
   */
  resolve(): number {
    const frontier = this.parts.newLevel();
    const keys: number[] = [];
    for (let j = 0; j < this.candKey.length; j++) {
      const key = this.candKey[j]!;
      // Looked up again when the table grew (its slots moved) since the insert.
      const slot = this.grewThisLevel ? this.table.find(this.candFp[2 * j]!, this.candFp[2 * j + 1]!) : this.candSlot[j]!;
      if (this.table.key(slot) !== key * WORKER_SPAN + this.id) continue;
      frontier.copyRow(this.cand, j);
      keys.push(key);
    }
    this.frontier = frontier;
    this.keys = keys;
    this.candKey = [];
    this.cand.clear();
    this.candFp = [];
    this.candSlot = [];
    this.grewThisLevel = false;
    return frontier.count;
  }

  /** Hand `n` states of the share to another worker (the last ones: any will do, ranks come after). */
  give(n: number): { keys: number[]; worlds: World[] } {
    const at = this.frontier.count - n;
    const worlds: World[] = [];
    for (let i = at; i < this.frontier.count; i++) worlds.push(this.parts.decode(this.frontier, i));
    const out = { keys: this.keys.slice(at), worlds };
    this.frontier.count = at;
    this.keys.length = at;
    return out;
  }

  take(keys: readonly number[], worlds: readonly World[]): void {
    for (let j = 0; j < keys.length; j++) {
      this.keys.push(keys[j]!);
      this.parts.push(this.frontier, worlds[j]!, null, 0);
    }
  }

  /** The share in key order; returns the keys (the coordinator merges them into global ranks). */
  settle(): Float64Array {
    // A worker keeps its successors in the order it made them, which is key order; only states
    // taken from another worker (appended) can break it.
    let sorted = true;
    for (let i = 1; i < this.keys.length && sorted; i++) sorted = this.keys[i - 1]! <= this.keys[i]!;
    if (!sorted) {
      const order = this.keys.map((_, i) => i).sort((a, b) => this.keys[a]! - this.keys[b]!);
      const sortedLevel = this.parts.newLevel();
      for (const i of order) sortedLevel.copyRow(this.frontier, i);
      this.frontier = sortedLevel;
      this.keys = order.map((i) => this.keys[i]!);
    }
    const keys = Float64Array.from(this.keys);
    if (this.setup.checkWellFormed) for (let i = 0; i < this.frontier.count; i++) assertWellFormed(this.inst, this.parts.decode(this.frontier, i));
    return keys;
  }

  /** Transitions made by the states of the last expanded level with rank below `p` (the sequential search stopped there). */
  tally(p: number): number {
    let n = 0;
    for (let i = 0; i < this.perState.length; i++) if (this.ranks[i]! < p) n += this.perState[i]!;
    return n;
  }
}
