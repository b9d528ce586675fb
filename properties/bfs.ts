/**
 * The breadth-first search behind exhaustive verdicts, level by level: states are remembered by
 * 64-bit fingerprints (fingerprint-set.ts) computed from the world's fields (model/world-fingerprint.ts,
 * the equivalence of `worldKey`) or, with symmetry, from its canonical form
 * (model/symmetry-fingerprint.ts, state-fingerprint.ts); only the current and next
 * levels keep their worlds, and every state keeps a parent pointer and the index of the step that
 * reached it, so a counterexample is rebuilt by replaying those steps from the initial world. Steps
 * are applied quietly (no step descriptions): the replay builds them for the counterexample.
 *
 * Reductions (each can be switched off, both off by default):
 * - `symmetry` (model/symmetry.ts): one world per class of symmetric worlds. Counterexamples stay
 *   concrete and shortest: the search keeps a concrete world per class, and symmetric worlds are
 *   reached at the same depth.
 * - `por` (por.ts): expand an ample subset of the enabled steps. Verdicts are those of the full
 *   search; a counterexample found with it may be longer than the shortest, so when `por` finds a
 *   violation the engine searches again without it for that counterexample (`shortest`, default on).
 *
 * Without reductions, successors are made through the step memo (memo-batch.ts, step-memo.ts):
 * rows patched from what each step did the first time its (thread, part, head) key was met, and
 * fingerprinted from their rows — the same states in the same order as the interpreter's.
 */
import type { Instance } from '../model/instance.ts';
import type { World } from '../model/world.ts';
import type { Step } from '../model/transitions.ts';
import { applyStep, enabledSteps, initialWorld } from '../model/transitions.ts';
import { symmetryOf, symmetryUsable } from '../model/symmetry.ts';
import { stateFingerprinter } from './state-fingerprint.ts';
import type { Invariant, InvariantName, StepInvariant } from './invariants.ts';
import { INVARIANTS, invariantApplies } from './invariants.ts';
import type { BlockedThread } from './blocked.ts';
import { FingerprintSet } from './fingerprint-set.ts';
import { WorldParts } from './packed-frontier.ts';
import { SpillFolder, SpillLevel } from './spill-level.ts';
import { BATCH, END, SuccessorBatch, TRUNCATED } from './batch.ts';
import { MemoBatch, memoApplies, memoWordsFor } from './memo-batch.ts';
import { assertWellFormed } from './well-formed.ts';
import type { BoundReached, SearchLimits } from './bounds.ts';
import { BoundWatch, CHECK_EVERY_MASK } from './bounds.ts';
import { huge } from './huge-pages.ts';

export interface SearchOptions {
  readonly symmetry?: boolean;
  readonly por?: boolean;
  readonly checkWellFormed?: boolean;
  readonly onProgress?: (states: number) => void;
  readonly maxStates?: number;
  /** The user's bounds (bounds.ts): reaching one ends the search with `incomplete` set, nothing thrown. */
  readonly limits?: SearchLimits;
  /** A user's invariants (user-invariants.ts), searched with the built-in ones. */
  readonly extra?: readonly Invariant[];
  /** Stop once these invariants are all violated (default: every applicable one). */
  readonly only?: readonly InvariantName[];
  /**
   * Past this many bytes of encoded worlds, a level moves to disk (spill-level.ts); default: an
   * eighth of the memory bound (bounds.ts `memoryBudget`). `spillChunkRows` is for tests.
   */
  readonly spillBytes?: number;
  readonly spillChunkRows?: number;
  /**
   * Where levels spill when the search runs in a worker thread for a coordinator (parallel/search.ts
   * with one worker): the folder it named, and the word it shares about it (spill-level.ts
   * `SpillFolder`), so that an interrupted process still removes it. Default: a folder of its own.
   */
  readonly spillDir?: string;
  readonly spillWord?: SharedArrayBuffer;
  /**
   * Step rows through the step memo (step-memo.ts) where it applies — no reductions, no user
   * invariants, no well-formedness checks —: default on. Off: every successor is stepped by the
   * interpreter (the same states, found in the same order; tests compare the two).
   */
  readonly memo?: boolean;
  /** The step memo's bound in 32-bit words before it forgets its entries (default `memoWordsFor` the memory bound); for tests. */
  readonly memoWords?: number;
}

/** A violation found by the search: the schedule that reaches it (step indices resolved). */
export interface Found {
  readonly invariant: InvariantName;
  readonly message: string;
  readonly steps: Step[];
  readonly blocked?: BlockedThread[];
}

export interface SearchResult {
  readonly found: Map<InvariantName, Found>;
  readonly states: number;
  readonly transitions: number;
  readonly truncated: boolean;
  readonly stoppedEarly: boolean;
  /** Bytes of the search's own structures at the end (fingerprint table, parent pointers). */
  readonly bytes: number;
  /** Set when a bound ended the search before it had seen every state. */
  readonly incomplete?: Incomplete;
  /** Bytes of levels written to disk (absent: none spilled). */
  readonly spilled?: number;
  /** The step memo's look-ups answered from memory, those computed, and how often it forgot everything (absent: not used). */
  readonly memo?: { readonly hits: number; readonly misses: number; readonly resets: number };
}

/**
 * A search a bound ended: which bound, and how deep it is complete — every schedule of up to
 * `depth` steps was checked against every invariant (-1: not even the empty one).
 */
export interface Incomplete extends BoundReached {
  readonly depth: number;
}

/** Thrown when a search passes `maxStates`: the scope is too large for an exhaustive verdict. */
export class StateBudgetExceeded extends Error {
  override readonly name = 'StateBudgetExceeded';
}

/** Growable parent pointers: state id → parent id and the index of the step in the parent's enabled steps. */
class Parents {
  parent = new Int32Array(1 << 16);
  via = new Uint16Array(1 << 16);
  push(id: number, parent: number, via: number): void {
    if (id >= this.parent.length) {
      const p = huge(new Int32Array(this.parent.length * 2));
      p.set(this.parent);
      this.parent = p;
      const v = huge(new Uint16Array(this.via.length * 2));
      v.set(this.via);
      this.via = v;
    }
    this.parent[id] = parent;
    this.via[id] = via;
  }
}

/** Breadth-first search of every world of `inst` (or of an ample, symmetry-reduced part of them). */
export function search(inst: Instance, opts: SearchOptions = {}): SearchResult {
  const wanted = [...INVARIANTS, ...(opts.extra ?? [])].filter((inv) => invariantApplies(inv, inst) && (!opts.only || opts.only.includes(inv.name)));
  // Step invariants still to check (a found one is dropped): judged on every transition, so no map lookup per invariant there.
  let stepInvs = wanted.filter((inv): inv is StepInvariant => inv.kind === 'step');
  const endInvs = wanted.filter((inv) => inv.kind === 'end');
  const found = new Map<InvariantName, Found>();
  const init = initialWorld(inst);
  const sym = opts.symmetry && symmetryUsable(inst) ? symmetryOf(inst, init) : null;
  // From the world's fields, or its canonical form: no key string is built.
  const fps = stateFingerprinter(sym);
  const fpOf = fps.of;
  const fp = new Uint32Array(2);
  const seen = new FingerprintSet();
  const parents = new Parents();
  if (opts.checkWellFormed) assertWellFormed(inst, init);
  fpOf(init, fp);
  parents.push(0, -1, 0);
  let states = 1;
  let transitions = 0;
  let truncated = false;

  const pathTo = (id: number, last?: number): Step[] => {
    const idx: number[] = last === undefined ? [] : [last];
    for (let i = id; i > 0; i = parents.parent[i]!) idx.push(parents.via[i]!);
    idx.reverse();
    const steps: Step[] = [];
    let w = init;
    for (const k of idx) {
      const step = enabledSteps(inst, w)[k]!;
      steps.push(step);
      w = applyStep(inst, w, step).after;
    }
    return steps;
  };

  // A level's states have consecutive ids (they are numbered as found), so a level is its worlds and its first id.
  // Worlds wait in their level encoded (packed-frontier.ts), and are decoded when expanded; a
  // level past its share of the memory bound waits on disk (spill-level.ts).
  let foundBefore = 0;
  // A user's invariant may read the step's description (tr.info): describe steps for it, at some cost.
  const quiet = !opts.extra?.length;
  // Without reductions or anything that reads whole worlds, successors are rows patched from the step memo (memo-batch.ts).
  const useMemo = memoApplies({ memo: opts.memo, symmetry: sym !== null, por: opts.por, wholeWorlds: !quiet || !!opts.checkWellFormed });
  const parts = new WorldParts(init.threads.length, useMemo ? 1 : fps.noteWords);
  const watch = new BoundWatch(opts.limits);
  const folder = new SpillFolder(opts.spillDir ?? null, opts.spillWord ?? null);
  const spillBytes = opts.spillBytes ?? Math.floor(watch.memoryBudget / 8);
  const chunk = opts.spillChunkRows;
  let level = new SpillLevel(parts.stride, spillBytes, folder, 'a', chunk);
  let next = new SpillLevel(parts.stride, spillBytes, folder, 'b', chunk);
  const mb = useMemo ? new MemoBatch(inst, parts, stepInvs, opts.memoWords ?? memoWordsFor(watch.memoryBudget)) : null;
  if (mb) mb.pushFirst(level, init, fp);
  else parts.push(level, init, null, 0, fps.note, 0);
  seen.add(fp[0]!, fp[1]!, 0);
  let levelStart = 0;
  let depth = 0;
  let stopped = false;
  const maxStates = opts.limits?.maxStates;
  let expanded = 0;
  let incomplete: Incomplete | undefined;
  // A batch of states is expanded in two passes (batch.ts): their successors and fingerprints
  // first, then — after the table's slots for all of them were touched — judged and kept in order.
  const stride = parts.stride;
  // With the memo: the step invariants still looked for, as bits of its masks.
  let live = mb ? mb.maskOf(stepInvs) : 0;
  const batch = mb ?? new SuccessorBatch(inst, parts, fps, opts.por ?? false, quiet);
  const sb = mb ? null : (batch as SuccessorBatch);
  const X = fps.noteWords;
  try {
    levels: while (level.count > 0) {
      next.clear();
      const nextStart = states;
      for (let b0 = 0; b0 < level.count; b0 += BATCH) {
        const b1 = Math.min(level.count, b0 + BATCH);
        batch.clear();
        mb?.touch(level, b0, b1);
        for (let li = b0; li < b1; li++) batch.expand(li - b0, level, li, depth);
        seen.touch(batch.fps, batch.n);
        const { kind, first, worlds, step } = batch;
        const succFp = batch.fps;
        const succNote = sb ? sb.notes : null;
        // Second pass: each state in order, as if expanded alone.
        for (let li = b0; li < b1; li++) {
          if (found.size >= wanted.length) {
            stopped = true;
            break levels;
          }
          // A state is expanded whole or not at all: the watch is read between two states.
          if ((++expanded & CHECK_EVERY_MASK) === 0) {
            const hit = watch.check(states);
            if (hit) {
              incomplete = { ...hit, depth: depth - 1 };
              break levels;
            }
          }
          const j = li - b0;
          const id = levelStart + li;
          if (kind[j] === END) {
            const w = worlds[j]!;
            for (const inv of endInvs) {
              if (found.has(inv.name)) continue;
              const bad = inv.check(inst, w);
              if (bad) found.set(inv.name, { invariant: inv.name, message: bad.message, steps: pathTo(id), ...(bad.blocked ? { blocked: bad.blocked } : {}) });
            }
            continue;
          }
          if (kind[j] === TRUNCATED) {
            truncated = true;
            continue;
          }
          for (let x = first[j]!, e = first[j + 1]!; x < e; x++) {
            const k = step[x]!;
            transitions++;
            if (mb) {
              const m = mb.masks[x]! & live;
              if (m !== 0) for (const inv of mb.invariantsIn(m)) found.set(inv.name, { invariant: inv.name, message: mb.message(j, k, inv), steps: pathTo(id, k) });
            } else {
              const tr = sb!.succ[x]!;
              for (const inv of stepInvs) {
                const msg = inv.check(inst, tr);
                if (msg) found.set(inv.name, { invariant: inv.name, message: msg, steps: pathTo(id, k) });
              }
            }
            if (found.size > foundBefore) {
              stepInvs = stepInvs.filter((inv) => !found.has(inv.name));
              if (mb) live = mb.maskOf(stepInvs);
              foundBefore = found.size;
            }
            if (seen.add(succFp[2 * x]!, succFp[2 * x + 1]!, depth + 1) >= 0) continue;
            // A new state past --max-states: the search has seen its N states and knows there are more.
            if (maxStates !== undefined && states >= maxStates) {
              incomplete = { bound: 'states', limit: maxStates, depth: depth - 1 };
              break levels;
            }
            parents.push(states, id, k);
            if (mb) {
              const at = next.append();
              mb.writeRow(j, x, next.words, at);
            } else {
              const tr = sb!.succ[x]!;
              if (opts.checkWellFormed) assertWellFormed(inst, tr.after);
              parts.push(next, tr.after, batch.rows, j * stride, succNote, x * X);
            }
            states++;
            if (opts.onProgress && states % 20_000 === 0) opts.onProgress(states);
            if (opts.maxStates !== undefined && states > opts.maxStates) throw new StateBudgetExceeded(`more than ${opts.maxStates} states`);
          }
        }
      }
      [level, next] = [next, level];
      levelStart = nextStart;
      depth++;
    }
  } finally {
    level.close();
    next.close();
    folder.close();
  }
  const bytes = seen.bytes + parents.parent.byteLength + parents.via.byteLength + (mb ? mb.bytes : 0);
  return { found, states, transitions, truncated, stoppedEarly: stopped, bytes, ...(incomplete ? { incomplete } : {}), ...(folder.written > 0 ? { spilled: folder.written } : {}), ...(mb ? { memo: { hits: mb.memo.hits, misses: mb.memo.misses, resets: mb.memo.resets } } : {}) };
}
