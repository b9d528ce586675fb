/**
 * States expanded together, in two passes (bfs.ts, parallel/level-worker.ts). The fingerprint
 * table is far larger than the processor's caches, and a look-up that waited for memory cost a
 * tenth of the search when each state's successors were looked up as they were made. The first
 * pass (`SuccessorBatch.expand`) makes a batch's successors and their fingerprints, then the
 * search touches their slots at once, so those waits overlap; the second pass judges, looks up and
 * keeps the successors state by state, in the order one pass did. Which states are found, and in
 * which order, is unchanged: the first pass does nothing seen outside (no state is counted,
 * judged or kept).
 */
import type { Instance } from '../model/instance.ts';
import type { World } from '../model/world.ts';
import type { Transition } from '../model/transitions.ts';
import { applyStep, enabledSteps } from '../model/transitions.ts';
import type { StateFingerprinter } from './state-fingerprint.ts';
import { ampleSteps } from './por.ts';
import type { WorldParts } from './packed-frontier.ts';
import type { SpillLevel } from './spill-level.ts';

export const BATCH = 32;
/** What the first pass found a batch's state to be: expanded, an end state, or at the depth bound. */
export const EXPANDED = 0;
export const END = 1;
export const TRUNCATED = 2;

/**
 * One batch between its two passes: its states, and their successors in order. (Not protocol.ts's
 * `Batch`, which moves states between workers.)
 */
export class SuccessorBatch {
  /** Per state j of the batch: its world, what it is (EXPANDED, END, TRUNCATED), and its successors `first[j]` .. `first[j + 1]`. */
  readonly worlds: World[] = [];
  /**
   * Per state j: its row, copied at `j · stride` (the parent row of its successors, packed-frontier.ts
   * `push`). Copied because a spilled level's read block moves on while the batch waits (spill-level.ts).
   */
  readonly rows: Int32Array;
  readonly kind = new Uint8Array(BATCH);
  readonly first = new Int32Array(BATCH + 1);
  /** Per successor: its transition, the index of its step among the enabled steps, its fingerprint (two words) and its note (`noteWords` words). */
  readonly succ: Transition[] = [];
  readonly step: number[] = [];
  fps = new Uint32Array(128);
  notes: Int32Array;
  /** Successors in the batch so far. */
  n = 0;
  private readonly fp = new Uint32Array(2);

  constructor(
    private readonly inst: Instance,
    private readonly parts: WorldParts,
    private readonly fingerprints: StateFingerprinter,
    private readonly por: boolean,
    /** Steps applied without descriptions (the built-in invariants do not read them). */
    private readonly quiet: boolean,
  ) {
    this.notes = new Int32Array(64 * fingerprints.noteWords);
    this.rows = new Int32Array(BATCH * parts.stride);
  }

  /** Start a batch. */
  clear(): void {
    this.n = 0;
  }

  /**
   * First pass for state j of the batch, row `i` of `level` at `depth`: its enabled steps (the
   * ample ones with `por`), each successor and its fingerprint.
   */
  expand(j: number, level: SpillLevel, i: number, depth: number): void {
    const { inst, fingerprints, parts, rows } = this;
    const o = copyRow(rows, j, level, i);
    const w = parts.decodeAt(rows, o);
    this.first[j] = this.n;
    this.first[j + 1] = this.n;
    this.worlds[j] = w;
    const steps = enabledSteps(inst, w);
    if (steps.length === 0) {
      this.kind[j] = END;
      return;
    }
    if (depth >= inst.scope.maxSteps) {
      this.kind[j] = TRUNCATED;
      return;
    }
    this.kind[j] = EXPANDED;
    fingerprints.expanding(w, rows, o + parts.noteAt, o + parts.threadsAt);
    const chosen = this.por ? ampleSteps(inst, w, steps) : null;
    const count = chosen ? chosen.length : steps.length;
    this.room(this.n + count);
    const X = fingerprints.noteWords;
    const { fp, fps, notes, succ, step } = this;
    const note = fingerprints.note;
    let n = this.n;
    for (let si = 0; si < count; si++) {
      const k = chosen ? chosen[si]!.index : si;
      const tr = chosen ? chosen[si]!.tr : applyStep(inst, w, steps[k]!, this.quiet);
      fingerprints.of(tr.after, fp);
      succ[n] = tr;
      step[n] = k;
      fps[2 * n] = fp[0]!;
      fps[2 * n + 1] = fp[1]!;
      for (let q = 0; q < X; q++) notes[n * X + q] = note[q]!;
      n++;
    }
    this.n = n;
    this.first[j + 1] = n;
  }

  /** Room for `n` successors. */
  private room(n: number): void {
    if (this.fps.length >= 2 * n) return;
    const f = new Uint32Array(4 * n);
    f.set(this.fps);
    this.fps = f;
    const g = new Int32Array(2 * n * this.fingerprints.noteWords);
    g.set(this.notes);
    this.notes = g;
  }
}

/**
 * Copy row `i` of `level` into `rows` as the batch's row j; returns its offset there. Copied
 * because a spilled level's read block moves on while the batch waits (spill-level.ts).
 */
export function copyRow(rows: Int32Array, j: number, level: SpillLevel, i: number): number {
  const stride = level.stride;
  const o = j * stride;
  const at = level.row(i);
  const from = level.rowWords;
  // Word by word: a row is 12–40 words, and a subarray view per row cost more than the copy.
  for (let k = 0; k < stride; k++) rows[o + k] = from[at + k]!;
  return o;
}
