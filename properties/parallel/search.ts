/**
 * The coordinator of the parallel breadth-first search: the same search as bfs.ts, level by level,
 * each worker expanding its share of the level against one visited table in shared memory
 * (level-worker.ts, shared-table.ts). It returns
 * what the sequential `search` returns — the same states, transitions, first violation per
 * invariant and its schedule — because it rebuilds the sequential order of every level:
 *
 * - workers report the keys (parent rank, step index) of the new states they hold, sorted; merging
 *   them gives the level in sequential order, so the coordinator keeps one key array per level and
 *   rebuilds a counterexample by walking parent ranks back and replaying step indices;
 * - the first violation of an invariant is the one at the least (rank, step) of the lowest level;
 * - the sequential search stops before the first state after the one that completed its set of
 *   violations (rank p − 1): states, transitions and truncation are then counted up to rank p.
 *
 * On one worker there is nothing to share: that worker runs bfs.ts's search itself (`searchAlone`).
 */
import type { Instance } from '../../model/instance.ts';
import type { Step } from '../../model/transitions.ts';
import { applyStep, enabledSteps, initialWorld } from '../../model/transitions.ts';
import type { InvariantName } from '../invariants.ts';
import { INVARIANTS, invariantApplies } from '../invariants.ts';
import type { Found, Incomplete, SearchOptions, SearchResult } from '../bfs.ts';
import { StateBudgetExceeded } from '../bfs.ts';
import { MAX_WORKERS, STEP_SPAN } from './level-worker.ts';
import { InputError } from '../../model/errors.ts';
import type { SearchPool } from './pool.ts';
import { dropSearchPool, searchPool } from './pool.ts';
import { BoundWatch } from '../bounds.ts';
import { memoWordsFor } from '../memo-batch.ts';
import { removedAtExit, removeSpillFolder, spillFolderName } from '../spill-level.ts';
import type { ExpandReply, LevelReport, Move, Request, Violation } from './protocol.ts';
import type { SharedTableData } from './shared-table.ts';
import { newTableData, SharedTable } from './shared-table.ts';
import { newStealWords } from './steal-words.ts';
import { NextTable } from './next-table.ts';

/** Options of `parallelSearch`: those of bfs.ts's `search`, and how many workers. */
export interface ParallelSearchOptions extends SearchOptions {
  readonly workers: number;
  /** Called after each complete level with how its work was shared (benchmarks and tests read it). */
  readonly onLevel?: (level: LevelStats) => void;
}

/** How one level's work was shared: each worker's expansion time, the steals inside it, the states moved after it. */
export interface LevelStats {
  readonly depth: number;
  readonly ms: readonly number[];
  /** Steals answered with states, and the states they carried (steal-words.ts). */
  readonly steals: number;
  readonly stolen: number;
  /** States moved between workers to even out the next level's shares (`balanceMoves`). */
  readonly moved: number;
  /**
   * The coordinator's wall-clock milliseconds in each phase of the level: the workers expanding
   * (pauses for a larger table included), copying into the larger table, resolving candidates,
   * balancing and sorting the shares, merging their keys. Every phase but `expand` is time the
   * sequential search does not spend (bench/parallel.ts sums them).
   */
  readonly phases: { readonly expand: number; readonly grow: number; readonly resolve: number; readonly balance: number; readonly merge: number };
}

/**
 * Merge the workers' sorted key arrays: the level in sequential order, and each worker's ranks in
 * it. The coordinator merges while every worker waits, so the common cases have loops of their
 * own: one worker holding the level (always with one worker: its keys are the level) and two
 * workers (the general loop's scan of every worker per key cost 0.2 s of a 20 s search).
 */
export function mergeKeys(parts: readonly Float64Array[]): { merged: Float64Array; ranks: Int32Array[] } {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const ranks = parts.map((p) => new Int32Array(p.length));
  const only = parts.findIndex((p) => p.length === total);
  if (only >= 0) {
    const r = ranks[only]!;
    for (let i = 0; i < total; i++) r[i] = i;
    return { merged: parts[only]!, ranks };
  }
  const merged = new Float64Array(total);
  if (parts.length === 2) {
    const [a, b] = parts as [Float64Array, Float64Array];
    const [ra, rb] = ranks as [Int32Array, Int32Array];
    let i = 0;
    let j = 0;
    let r = 0;
    while (i < a.length && j < b.length) {
      if (a[i]! < b[j]!) (merged[r] = a[i]!), (ra[i++] = r++);
      else (merged[r] = b[j]!), (rb[j++] = r++);
    }
    while (i < a.length) (merged[r] = a[i]!), (ra[i++] = r++);
    while (j < b.length) (merged[r] = b[j]!), (rb[j++] = r++);
    return { merged, ranks };
  }
  const at = parts.map(() => 0);
  for (let r = 0; r < total; r++) {
    let best = -1;
    for (let i = 0; i < parts.length; i++) if (at[i]! < parts[i]!.length && (best < 0 || parts[i]![at[i]!]! < parts[best]![at[best]!]!)) best = i;
    merged[r] = parts[best]![at[best]!]!;
    ranks[best]![at[best]!++] = r;
  }
  return { merged, ranks };
}

/**
 * Moves that even out the expected work of the next level, or none when it is close enough. A
 * worker's states cost what its states cost in the last level (`costs`, ms per state: a share
 * drifts into a region of the state space, and one with more ties for symmetry or fewer ample
 * sets costs more per state; 15–20% apart was seen); moved states keep their sender's cost. A state kept where it
 * was made costs nothing, one moved costs its row and the parts the receiver lacks (packed-frontier.ts), so only a clear imbalance
 * (more than 5% of the mean and 64 states' worth) is worth moving.
 */
export function balanceMoves(counts: readonly number[], costs: readonly number[] = counts.map(() => 1)): Move[] {
  const W = counts.length;
  const cost = costs.map((c) => (c > 0 && Number.isFinite(c) ? c : 1));
  const work = counts.map((n, i) => n * cost[i]!);
  const total = work.reduce((a, b) => a + b, 0);
  const mean = total / W;
  const states = counts.reduce((a, b) => a + b, 0);
  const unit = states > 0 ? total / states : 1;
  if (Math.max(...work) - Math.min(...work) <= Math.max(64 * unit, 0.05 * mean)) return [];
  // Surplus in states of each giver, deficit in work of each taker.
  const surplus = work.map((x, i) => (x > mean ? Math.floor((x - mean) / cost[i]!) : 0));
  const deficit = work.map((x) => (x < mean ? mean - x : 0));
  const moves: Move[] = [];
  for (let from = 0; from < W; from++) {
    for (let to = 0; to < W && surplus[from]! > 0; to++) {
      if (deficit[to]! <= 0) continue;
      const n = Math.min(surplus[from]!, Math.floor(deficit[to]! / cost[from]!));
      if (n <= 0) continue;
      moves.push({ from, to, n });
      surplus[from]! -= n;
      deficit[to]! -= n * cost[from]!;
    }
  }
  return moves;
}

/** The visited table starts at 2¹⁶ slots and doubles when three quarters full. */
const FIRST_TABLE_LOG2 = 16;

/** Breadth-first search of every world of `inst` on `workers` threads; the result equals `search(inst, opts)`'s (bytes aside). */
export async function parallelSearch(inst: Instance, opts: ParallelSearchOptions): Promise<SearchResult> {
  const W = opts.workers;
  if (!Number.isInteger(W) || W < 1 || W > MAX_WORKERS) throw new InputError(`the parallel search runs on 1 to ${MAX_WORKERS} workers; got ${W}`);
  const pool = searchPool(W);
  // The workers' levels spill into one folder named here, made by the first worker that spills,
  // and removed here whatever happens to the search (a worker's files are closed by 'end', or by
  // its next search).
  const spillDir = spillFolderName();
  const spillWord = new SharedArrayBuffer(4);
  const forget = removedAtExit(spillDir, spillWord);
  let ended = false;
  try {
    const r = W === 1 ? await searchAlone(inst, opts, pool, spillDir, spillWord) : await searchLevels(inst, opts, pool, spillDir, spillWord);
    const written = (await pool.all<number>(() => ({ type: 'end' }))).reduce((a, b) => a + b, 0);
    ended = true;
    return written > 0 ? { ...r, spilled: written } : r;
  } finally {
    if (!ended && !(await endsWithin(pool, END_WAIT_MS))) await dropSearchPool(pool);
    removeSpillFolder(spillDir);
    forget();
  }
}

/**
 * How long a search a worker's error ended waits for every worker to take its 'end'. A peer of the
 * failed worker may be waiting for that worker's answer to a steal (worker-main.ts) and never take
 * it: the pool is then dropped, its threads ended (a strategy error met mid-level hung the command
 * for good before).
 */
const END_WAIT_MS = 2_000;

/** Whether every worker of `pool` took 'end' within `ms` (an 'end' that fails counts: that worker is done). */
function endsWithin(pool: SearchPool, ms: number): Promise<boolean> {
  // The timer is unref'd, as cli/user-code.ts's: it never holds the process once 'end' came back.
  const late = new Promise<boolean>((resolve) => setTimeout(resolve, ms, false).unref());
  return Promise.race([pool.all(() => ({ type: 'end' })).then(() => true, () => true), late]);
}

/**
 * The search on one worker: bfs.ts's, run in that worker thread. The level-by-level engine below
 * shares a table between workers, and alone it pays for that sharing — its atomic table, keys
 * and candidates — without a peer to gain it back: on one worker it ran 1.14–1.24× slower than
 * bfs.ts (paired runs, bench/README.md). The command line still searches in a thread of its own
 * for a long search on one worker (cli/engine.ts `offThread`, so that Ctrl-C is heard). Progress
 * comes through a shared word the worker writes and this thread reads; `onLevel` is not called
 * (there are no shares to report).
 */
async function searchAlone(inst: Instance, opts: ParallelSearchOptions, pool: SearchPool, spillDir: string, spillWord: SharedArrayBuffer): Promise<SearchResult> {
  // What goes to the worker, without the functions (they cannot; the worker's search has no user invariants, as the levels' has none).
  const { workers: _w, onLevel: _l, onProgress, extra: _e, ...rest } = opts;
  const progress = new SharedArrayBuffer(4);
  const word = new Int32Array(progress);
  let said = 0;
  const tick = onProgress
    ? setInterval(() => {
        const n = Atomics.load(word, 0);
        if (n !== said) onProgress((said = n));
      }, PROGRESS_MS)
    : null;
  try {
    const instance = { strategy: inst.strategy, scenario: inst.scenario, scope: inst.scope };
    // A state budget passed comes back as StateBudgetExceeded (pool.ts `replyError`).
    return await pool.call<SearchResult>(0, { type: 'sequential', instance, opts: { ...rest, spillDir, spillWord, progress } });
  } finally {
    if (tick) clearInterval(tick);
  }
}

/** How often the coordinator reads a lone worker's state count for `onProgress`. */
const PROGRESS_MS = 250;

async function searchLevels(inst: Instance, opts: ParallelSearchOptions, pool: SearchPool, spillDir: string, spillWord: SharedArrayBuffer): Promise<SearchResult> {
  const W = opts.workers;
  const wanted = INVARIANTS.filter((inv) => invariantApplies(inv, inst) && (!opts.only || opts.only.includes(inv.name)));
  const found = new Map<InvariantName, { depth: number; v: Violation }>();
  const instance = { strategy: inst.strategy, scenario: inst.scenario, scope: inst.scope };
  const budget = new BoundWatch(opts.limits).memoryBudget;
  const setup = {
    symmetry: opts.symmetry ?? false,
    por: opts.por ?? false,
    checkWellFormed: opts.checkWellFormed ?? false,
    ...(opts.only ? { only: opts.only } : {}),
    ...(opts.limits ? { limits: opts.limits } : {}),
    stop: new SharedArrayBuffer(4),
    steal: newStealWords(W),
    // A worker's three levels may take a quarter of the memory bound in all, as bfs.ts's two do.
    spillDir,
    spillWord,
    spillBytes: opts.spillBytes ?? Math.floor(budget / (12 * W)),
    ...(opts.spillChunkRows !== undefined ? { spillChunkRows: opts.spillChunkRows } : {}),
    ...(opts.memo !== undefined ? { memo: opts.memo } : {}),
    // Each worker's memo within its share of the memory bound (bfs.ts's rule).
    memoWords: opts.memoWords ?? memoWordsFor(budget / W),
  };
  let tableLog2 = FIRST_TABLE_LOG2;
  let table = newTableData(tableLog2, W);
  // The larger table, made ahead (next-table.ts); dropped whatever ends the search.
  const nextTable = new NextTable(W);
  await pool.all(() => ({ type: 'search', instance, setup, table }));
  // levels[d]: the keys of depth d's states in sequential order (level 0: the initial world, held by worker 0).
  const levels: Float64Array[] = [Float64Array.of(0)];
  let ranks: Int32Array[] = Array.from({ length: W }, (_, i) => (i === 0 ? Int32Array.of(0) : new Int32Array(0)));
  let states = 1;
  let transitions = 0;
  let truncated = false;
  let stopped = wanted.length === 0;
  let incomplete: Incomplete | undefined;
  try {
    for (let depth = 0; !stopped; depth++) {
      const skip = [...found.keys()];
      const rk = ranks;
      const phases = { expand: 0, grow: 0, resolve: 0, balance: 0, merge: 0 };
      let t = performance.now();
      const lap = (phase: keyof typeof phases): void => {
        const now = performance.now();
        phases[phase] += now - t;
        t = now;
      };
      let replies = await pool.all<ExpandReply>((i): Request => ({ type: 'level', depth, skip, ranks: rk[i]! }));
      lap('expand');
      while (replies.some((r) => !r.done) && !replies.some((r) => r.done === 'bounded')) {
        // The visited table is too full: every worker copies its share into one twice as large, then the paused ones go on.
        tableLog2 += 1;
        const bigger = nextTable.take(tableLog2);
        const cap = 1 << (tableLog2 - 1);
        await pool.all((i): Request => ({ type: 'grow', table: bigger, from: Math.floor((i * cap) / W), to: Math.floor(((i + 1) * cap) / W) }));
        table = bigger;
        lap('grow');
        const again = await Promise.all(replies.map((r, i) => (r.done ? r : pool.call<ExpandReply>(i, { type: 'resume', depth, skip }))));
        replies = again;
        lap('expand');
      }
      if (replies.some((r) => r.done === 'bounded')) {
        // A bound ended the search inside this level: keep what was found (a violation at this depth
        // is still a shortest one: every shallower level was complete), count the table's states.
        const bounded = replies.filter((r): r is Extract<ExpandReply, { done: 'bounded' }> => r.done === 'bounded');
        const hit = bounded.find((r) => r.bound)?.bound ?? { bound: 'states' as const, limit: opts.limits?.maxStates ?? 0 };
        const partial = replies.flatMap((r) => (r.done === false ? [] : [r.report]));
        mergeViolations(found, partial, depth);
        transitions += partial.reduce((n, r) => n + r.transitions, 0);
        truncated ||= partial.some((r) => r.truncatedRank >= 0);
        incomplete = { ...hit, depth: depth - 1 };
        states = Math.max(states, tableSize(table));
        break;
      }
      const reports = replies.map((r) => (r as Extract<ExpandReply, { done: true }>).report);
      let completedAt = -1;
      mergeViolations(found, reports, depth);
      for (const { depth: d, v } of found.values()) if (d === depth) completedAt = Math.max(completedAt, v.rank);
      // The next level: each worker keeps the successors it made first, then the shares are evened out and sorted.
      // Only a state whose key was lowered can have two candidates (level-worker.ts `resolve`).
      const lowered = new Int32Array(reports.reduce((n, r) => n + r.lowered.length, 0));
      for (let i = 0, at = 0; i < reports.length; at += reports[i]!.lowered.length, i++) lowered.set(reports[i]!.lowered, at);
      const counts = await pool.all<number>(() => ({ type: 'resolve', lowered }));
      lap('resolve');
      // Cost per state by worker, from the level just expanded (the average where a share was too small to tell).
      const avg = reports.reduce((a, r) => a + r.ms, 0) / Math.max(1, reports.reduce((a, r) => a + r.levelSize, 0));
      const moves = balanceMoves(counts, reports.map((r) => (r.levelSize >= 100 ? r.ms / r.levelSize : avg)));
      const parts = await pool.all<Float64Array>(() => ({ type: 'balance', depth, moves }));
      lap('balance');
      const { merged, ranks: nextRanks } = mergeKeys(parts);
      lap('merge');
      opts.onLevel?.({ depth, ms: reports.map((r) => r.ms), steals: reports.reduce((n, r) => n + r.steals, 0), stolen: reports.reduce((n, r) => n + r.stolen, 0), moved: moves.reduce((n, m) => n + m.n, 0), phases });
      const levelSize = reports.reduce((s, r) => s + r.levelSize, 0);
      if (found.size >= wanted.length) {
        // The sequential search stopped after the state of rank completedAt: count up to it only.
        const p = completedAt + 1;
        const tallies = await pool.all<number>(() => ({ type: 'tally', p }));
        transitions += tallies.reduce((s, t) => s + t, 0);
        truncated ||= reports.some((r) => r.truncatedRank >= 0 && r.truncatedRank < p);
        let added = 0;
        while (added < merged.length && merged[added]! < p * STEP_SPAN) added++;
        states += added;
        stopped = p < levelSize || merged.length > 0;
        if (opts.maxStates !== undefined && states > opts.maxStates) throw new StateBudgetExceeded(`more than ${opts.maxStates} states`);
        break;
      }
      transitions += reports.reduce((s, r) => s + r.transitions, 0);
      truncated ||= reports.some((r) => r.truncatedRank >= 0);
      states += merged.length;
      opts.onProgress?.(states);
      if (opts.maxStates !== undefined && states > opts.maxStates) throw new StateBudgetExceeded(`more than ${opts.maxStates} states`);
      if (merged.length === 0) break;
      levels.push(merged);
      ranks = nextRanks;
      // The next level is expected to add as many new states per state as this one did: when that
      // would pass the table's three quarters, make the larger table now (next-table.ts).
      const expected = (merged.length * merged.length) / Math.max(1, levelSize);
      if (states + expected >= (3 / 4) * 2 ** tableLog2) nextTable.prepare(tableLog2 + 1);
    }
  } finally {
    nextTable.cancel();
  }
  const result = new Map<InvariantName, Found>();
  for (const [name, { depth, v }] of found) {
    const steps = replayPath(inst, levels, depth, v.rank, v.k);
    result.set(name, { invariant: name, message: v.message, steps, ...(v.blocked ? { blocked: v.blocked } : {}) });
  }
  const bytes = levels.reduce((s, l) => s + l.byteLength, 0) + table.slots.byteLength;
  return { found: result, states, transitions, truncated, stoppedEarly: stopped, bytes, ...(incomplete ? { incomplete } : {}) };
}

/** Keep, per invariant, the violation the sequential search meets first: the lowest level, then the least (rank, step). */
function mergeViolations(found: Map<InvariantName, { depth: number; v: Violation }>, reports: readonly LevelReport[], depth: number): void {
  for (const r of reports) {
    for (const v of r.violations) {
      const f = found.get(v.invariant);
      if (f && (f.depth < depth || f.v.rank < v.rank || (f.v.rank === v.rank && f.v.k < v.k))) continue;
      found.set(v.invariant, { depth, v });
    }
  }
}

function tableSize(data: SharedTableData): number {
  return new SharedTable(data).size;
}

/** The schedule to the state of `rank` at `depth` (then its step k, unless -1): parent ranks back to the root, steps replayed forward. */
function replayPath(inst: Instance, levels: readonly Float64Array[], depth: number, rank: number, k: number): Step[] {
  const idx: number[] = k >= 0 ? [k] : [];
  for (let d = depth, r = rank; d > 0; d--) {
    const key = levels[d]![r]!;
    idx.push(key % STEP_SPAN);
    r = Math.floor(key / STEP_SPAN);
  }
  idx.reverse();
  const steps: Step[] = [];
  let w = initialWorld(inst);
  for (const i of idx) {
    const step = enabledSteps(inst, w)[i]!;
    steps.push(step);
    w = applyStep(inst, w, step).after;
  }
  return steps;
}
