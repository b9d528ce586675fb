/**
 * The messages between the coordinator (search.ts, random.ts) and the search workers
 * (worker-main.ts), and between workers. Everything here is structured-clone data: strategies,
 * scenarios and scopes are data (style.md §1), so a worker rebuilds the instance from them.
 */
import type { Strategy } from '../../model/strategy/types.ts';
import type { Scenario } from '../../model/scenario.ts';
import type { Scope } from '../../model/scope.ts';
import type { InvariantName } from '../invariants.ts';
import type { BlockedThread } from '../blocked.ts';
import type { MessagePort } from 'node:worker_threads';
import type { RandomOptions } from '../random.ts';
import type { SharedTableData } from './shared-table.ts';
import type { BoundReached, SearchLimits } from '../bounds.ts';
import type { SearchOptions } from '../bfs.ts';

/** What a worker needs to rebuild the instance. */
export interface InstanceData {
  readonly strategy: Strategy;
  readonly scenario: Scenario;
  readonly scope: Scope;
}

/** The options of one exhaustive search, as the workers see them. */
export interface SearchSetup {
  readonly symmetry: boolean;
  readonly por: boolean;
  readonly checkWellFormed: boolean;
  readonly only?: readonly InvariantName[];
  /** The user's bounds, read by every worker (bounds.ts). */
  readonly limits?: SearchLimits;
  /** One Int32 word: set by the first worker that reaches a bound, so that the others stop too (the heap guard is per worker). */
  readonly stop: SharedArrayBuffer;
  /** steal-words.ts. */
  readonly steal: SharedArrayBuffer;
  /**
   * Where a worker's levels spill (spill-level.ts): the folder the coordinator named for this
   * search (made by the first worker that spills), and the bytes of rows past which each of a worker's three levels moves there.
   */
  readonly spillDir?: string;
  /** One Int32 word: a worker makes a file in `spillDir` only while it holds it, and the coordinator's exit closes it (spill-level.ts `SpillWord`). */
  readonly spillWord?: SharedArrayBuffer;
  readonly spillBytes?: number;
  readonly spillChunkRows?: number;
  /** Step successors through the step memo where it applies (bfs.ts `memo`; default on), each worker's bounded to `memoWords` words. */
  readonly memo?: boolean;
  readonly memoWords?: number;
}

/** The first violation of an invariant a worker saw in a level: at the state of that rank, by its step k (-1: a terminal state). */
export interface Violation {
  readonly invariant: InvariantName;
  readonly rank: number;
  readonly k: number;
  readonly message: string;
  readonly blocked?: BlockedThread[];
}

/**
 * States handed from one worker to another to even out the shares: their keys, their rows
 * (packed-frontier.ts) in the sender's part indices, and the sender's parts the receiver lacks.
 */
export interface Batch {
  readonly kind: 'balance';
  readonly from: number;
  readonly depth: number;
  readonly keys: Float64Array;
  readonly rows: Int32Array;
  readonly parts: unknown[][];
}

/**
 * A victim's answer to a steal (steal-words.ts): unexpanded states of the level being expanded,
 * their ranks and rows (none when it had too few left), and the sender's parts the thief lacks.
 */
export interface StealBatch {
  readonly kind: 'steal';
  readonly from: number;
  readonly ranks: Int32Array;
  readonly rows: Int32Array;
  readonly parts: unknown[][];
}

/** A worker's answer to one level: what it found expanding its share. */
export interface LevelReport {
  readonly violations: Violation[];
  readonly transitions: number;
  /** Least rank of a state cut at the depth bound, or -1. */
  readonly truncatedRank: number;
  /** How many states of the expanded level this worker held. */
  readonly levelSize: number;
  /** Milliseconds this worker spent expanding them. */
  readonly ms: number;
  /** Steals this worker made that brought states, and how many states they brought. */
  readonly steals: number;
  readonly stolen: number;
  /** The first fingerprint word of each successor whose insert lowered a key already in the table (level-worker.ts `resolve`). */
  readonly lowered: Int32Array;
}

/**
 * The answer to `level` and `resume`: done, with what it found; paused because the table is full;
 * or stopped by a bound (its own, or another worker's: `bound` is then absent), with what it found so far.
 */
export type ExpandReply =
  | { readonly done: true; readonly report: LevelReport }
  | { readonly done: false }
  | { readonly done: 'bounded'; readonly report: LevelReport; readonly bound?: BoundReached };

/** One move of states between workers: `n` states from `from` to `to`. */
export interface Move {
  readonly from: number;
  readonly to: number;
  readonly n: number;
}

export type Request =
  | { readonly type: 'peers'; readonly id: number; readonly workers: number; readonly ports: (MessagePort | null)[] }
  | { readonly type: 'search'; readonly instance: InstanceData; readonly setup: SearchSetup; readonly table: SharedTableData }
  | { readonly type: 'level'; readonly depth: number; readonly skip: InvariantName[]; readonly ranks: Int32Array }
  | { readonly type: 'resume'; readonly depth: number; readonly skip: InvariantName[] }
  | { readonly type: 'grow'; readonly table: SharedTableData; readonly from: number; readonly to: number }
  | { readonly type: 'resolve'; readonly lowered: Int32Array }
  | { readonly type: 'balance'; readonly depth: number; readonly moves: readonly Move[] }
  | { readonly type: 'tally'; readonly p: number }
  /** The search is over: close its files; the answer is the bytes the worker wrote to disk. */
  | { readonly type: 'end' }
  | { readonly type: 'random'; readonly instance: InstanceData; readonly invariant: InvariantName; readonly opts: Omit<RandomOptions, 'onProgress'> }
  /** The whole search on this one worker: bfs.ts's (search.ts, one worker). */
  | { readonly type: 'sequential'; readonly instance: InstanceData; readonly opts: SequentialOptions };

/**
 * bfs.ts's options as they go to a worker (functions cannot): its progress is the state count the
 * worker keeps writing into `progress` (one Int32 word), which the coordinator reads.
 */
export type SequentialOptions = Omit<SearchOptions, 'onProgress' | 'extra'> & { readonly progress: SharedArrayBuffer };

/**
 * A worker's answer: its value, or what went wrong. An error its caller tells by its class goes by
 * that class (`known`) and its one-line message, and the coordinator throws it again as that class:
 * the user's mistake (a strategy that fails while it runs, a folder the levels cannot go to), which
 * the command line reports as the user's to fix, and a search past its state budget (bfs.ts
 * `StateBudgetExceeded`: one worker runs bfs.ts's search, search.ts `searchAlone`), after which
 * the command line searches at random. Anything else goes with its stack (a bug of the checker).
 */
export type Reply = { readonly ok: unknown } | { readonly error: string; readonly known?: KnownError };

export type KnownError = 'StrategyError' | 'InputError' | 'StateBudgetExceeded';
