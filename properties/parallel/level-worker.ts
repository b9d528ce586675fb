/**
 * One worker's part of the parallel breadth-first search (search.ts is the coordinator). The
 * worker owns the states whose fingerprint's second word is `id` mod W: it expands its own
 * frontier, sends each successor to its owner, and, as owner, keeps for each new fingerprint the
 * candidate the sequential search would have kept — the one with the least key.
 *
 * A state's key is `parentRank · 2¹⁶ + k`: the position of its parent in its level and the index of
 * the step in the parent's enabled steps. The sequential search (bfs.ts) expands a level in order
 * and each state's steps in order, so it discovers a state first through its least key and orders
 * the next level by key. Keeping the least key per fingerprint and sorting by it therefore rebuilds
 * the sequential level order, parent pointers and (with symmetry) the concrete world kept per class.
 *
 * Every worker also keeps a replica of the whole visited set (fingerprint → depth), refreshed once a
 * level: it lets a sender drop successors already seen at a lower depth before sending them.
 */
import type { Instance } from '../../model/instance.ts';
import type { World } from '../../model/world.ts';
import { applyStep, enabledSteps, initialWorld } from '../../model/transitions.ts';
import { symmetryOf } from '../../model/symmetry.ts';
import type { StateFingerprinter } from '../state-fingerprint.ts';
import { stateFingerprinter } from '../state-fingerprint.ts';
import type { Invariant, InvariantName } from '../invariants.ts';
import { INVARIANTS, invariantApplies } from '../invariants.ts';
import { FingerprintSet } from '../fingerprint-set.ts';
import { ampleSteps } from '../por.ts';
import { assertWellFormed } from '../well-formed.ts';
import { encodeWorlds, decodeWorlds } from './world-codec.ts';
import type { Batch, LevelReport, SearchSetup, Violation } from './protocol.ts';

/** Room for the step index in a key: bfs.ts keeps it in a Uint16Array too. */
export const STEP_SPAN = 65536;

/** Successors bound for one owner during one level (the sender's own share stays as worlds). */
class Outbox {
  readonly seen = new FingerprintSet(12);
  readonly fps: number[] = [];
  readonly keys: number[] = [];
  readonly worlds: World[] = [];
}

export class LevelWorker {
  private readonly wanted: Invariant[];
  /** As in bfs.ts (state-fingerprint.ts). */
  private readonly fpOf: (w: World, out: Uint32Array) => void;
  private readonly fps: StateFingerprinter;
  private readonly replica = new FingerprintSet();
  private readonly fp = new Uint32Array(2);
  private frontier: World[] = [];
  private ranks: Int32Array = new Int32Array(0);
  private perState: Int32Array = new Int32Array(0);
  private outboxes: Outbox[] = [];
  /** Candidates for the next level: fingerprint → index into the arrays below. */
  private cand = new FingerprintSet(12);
  private candFp: number[] = [];
  private candKey: number[] = [];
  private candWorld: World[] = [];

  constructor(
    private readonly inst: Instance,
    private readonly setup: SearchSetup,
    private readonly id: number,
    private readonly workers: number,
  ) {
    this.wanted = INVARIANTS.filter((inv) => invariantApplies(inv, inst) && (!setup.only || setup.only.includes(inv.name)));
    const init = initialWorld(inst);
    const sym = setup.symmetry ? symmetryOf(inst, init) : null;
    this.fps = stateFingerprinter(sym);
    this.fpOf = this.fps.of;
    if (setup.checkWellFormed) assertWellFormed(inst, init);
    this.fpOf(init, this.fp);
    this.replica.add(this.fp[0]!, this.fp[1]!, 0);
    // Every worker computes the initial world; only its owner keeps it, as rank 0 of level 0.
    if (this.ownerOf(this.fp[1]!) === id) {
      this.frontier = [init];
      this.ranks = Int32Array.of(0);
    }
  }

  private ownerOf(lo: number): number {
    // The second word: the first one picks the slot in each worker's table, so it must stay uniform there.
    return lo % this.workers;
  }

  /** Expand the frontier at `depth`; returns the batches for the other owners (index = owner; own slot null). */
  expand(depth: number, skip: readonly InvariantName[]): { report: Omit<LevelReport, 'keys' | 'fps'>; batches: (Batch | null)[] } {
    const { inst, fp } = this;
    const invs = this.wanted.filter((inv) => !skip.includes(inv.name));
    const stepInvs = invs.filter((inv) => inv.kind === 'step');
    const endInvs = invs.filter((inv) => inv.kind === 'end');
    const violations = new Map<InvariantName, Violation>();
    this.outboxes = Array.from({ length: this.workers }, () => new Outbox());
    this.perState = new Int32Array(this.frontier.length);
    let transitions = 0;
    let truncatedRank = -1;
    for (let i = 0; i < this.frontier.length; i++) {
      const w = this.frontier[i]!;
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
        if (truncatedRank < 0) truncatedRank = rank;
        continue;
      }
      this.fps.expanding(w);
      const chosen = this.setup.por ? ampleSteps(inst, w, steps) : null;
      const count = chosen ? chosen.length : steps.length;
      this.perState[i] = count;
      transitions += count;
      for (let si = 0; si < count; si++) {
        const k = chosen ? chosen[si]!.index : si;
        const tr = chosen ? chosen[si]!.tr : applyStep(inst, w, steps[k]!, true);
        for (const inv of stepInvs) {
          if (violations.has(inv.name)) continue;
          const msg = inv.check(inst, tr);
          if (msg) violations.set(inv.name, { invariant: inv.name, rank, k, message: msg });
        }
        this.fpOf(tr.after, fp);
        if (this.replica.get(fp[0]!, fp[1]!) >= 0) continue;
        const box = this.outboxes[this.ownerOf(fp[1]!)]!;
        // States are expanded in rank order and steps in index order: the first key sent is the least.
        if (box.seen.add(fp[0]!, fp[1]!, 0) >= 0) continue;
        box.fps.push(fp[0]!, fp[1]!);
        box.keys.push(rank * STEP_SPAN + k);
        box.worlds.push(tr.after);
      }
    }
    this.frontier = [];
    this.cand = new FingerprintSet(12);
    this.candFp = [];
    this.candKey = [];
    this.candWorld = [];
    const own = this.outboxes[this.id]!;
    this.accept(own.fps, own.keys, own.worlds);
    const batches = this.outboxes.map((b, owner): Batch | null =>
      owner === this.id ? null : { from: this.id, depth, fps: Uint32Array.from(b.fps), keys: Float64Array.from(b.keys), worlds: encodeWorlds(b.worlds) },
    );
    this.outboxes = [];
    return { report: { violations: [...violations.values()], transitions, truncatedRank, levelSize: this.ranks.length }, batches };
  }

  /** Take another worker's successors for the states this worker owns. */
  receive(b: Batch): void {
    const fps: number[] = Array.from(b.fps);
    this.accept(fps, Array.from(b.keys), decodeWorlds(b.worlds));
  }

  private accept(fps: readonly number[], keys: readonly number[], worlds: readonly World[]): void {
    for (let j = 0; j < keys.length; j++) {
      const h = fps[2 * j]!;
      const l = fps[2 * j + 1]!;
      const at = this.cand.add(h, l, this.candKey.length);
      if (at < 0) {
        this.candFp.push(h, l);
        this.candKey.push(keys[j]!);
        this.candWorld.push(worlds[j]!);
      } else if (keys[j]! < this.candKey[at]!) {
        // Found earlier in the sequential order: that parent, that step and (with symmetry) that concrete world.
        this.candKey[at] = keys[j]!;
        this.candWorld[at] = worlds[j]!;
      }
    }
  }

  /** The next level's states this worker owns, in key order: their keys and fingerprints. */
  settle(): { keys: Float64Array; fps: Uint32Array } {
    const order = this.candKey.map((_, i) => i).sort((a, b) => this.candKey[a]! - this.candKey[b]!);
    const keys = Float64Array.from(order, (i) => this.candKey[i]!);
    const fps = new Uint32Array(order.length * 2);
    order.forEach((i, j) => {
      fps[2 * j] = this.candFp[2 * i]!;
      fps[2 * j + 1] = this.candFp[2 * i + 1]!;
    });
    this.frontier = order.map((i) => this.candWorld[i]!);
    if (this.setup.checkWellFormed) for (const w of this.frontier) assertWellFormed(this.inst, w);
    this.cand = new FingerprintSet(12);
    this.candFp = [];
    this.candKey = [];
    this.candWorld = [];
    return { keys, fps };
  }

  /** Start the next level: this worker's global ranks, and every worker's new fingerprints for the replica. */
  advance(depth: number, ranks: Int32Array, allFps: readonly Uint32Array[]): void {
    this.ranks = ranks;
    for (const f of allFps) for (let j = 0; j < f.length; j += 2) this.replica.add(f[j]!, f[j + 1]!, depth);
  }

  /** Transitions made by the states of the last expanded level with rank below `p` (the sequential search stopped there). */
  tally(p: number): number {
    let n = 0;
    for (let i = 0; i < this.perState.length; i++) if (this.ranks[i]! < p) n += this.perState[i]!;
    return n;
  }
}
