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
}

/** The first violation of an invariant a worker saw in a level: at the state of that rank, by its step k (-1: a terminal state). */
export interface Violation {
  readonly invariant: InvariantName;
  readonly rank: number;
  readonly k: number;
  readonly message: string;
  readonly blocked?: BlockedThread[];
}

/** Successors sent by worker `from` to their owner while expanding the level at `depth`. */
export interface Batch {
  readonly from: number;
  readonly depth: number;
  /** Two words per successor (fingerprint-set.ts). */
  readonly fps: Uint32Array;
  /** parentRank · 2¹⁶ + step index, per successor. */
  readonly keys: Float64Array;
  /** world-codec.ts. */
  readonly worlds: string;
}

/** A worker's answer to one level: what it found expanding it, and the next level's states it owns. */
export interface LevelReport {
  readonly violations: Violation[];
  readonly transitions: number;
  /** Least rank of a state cut at the depth bound, or -1. */
  readonly truncatedRank: number;
  /** How many states of the expanded level this worker held. */
  readonly levelSize: number;
  /** The owned states of the next level, sorted, and their fingerprints in that order. */
  readonly keys: Float64Array;
  readonly fps: Uint32Array;
}

export type Request =
  | { readonly type: 'peers'; readonly id: number; readonly workers: number; readonly ports: (MessagePort | null)[] }
  | { readonly type: 'search'; readonly instance: InstanceData; readonly setup: SearchSetup }
  | { readonly type: 'level'; readonly depth: number; readonly skip: InvariantName[]; readonly ranks?: Int32Array; readonly fps?: Uint32Array[] }
  | { readonly type: 'tally'; readonly p: number }
  | { readonly type: 'random'; readonly instance: InstanceData; readonly invariant: InvariantName; readonly opts: Omit<RandomOptions, 'onProgress'> };

export type Reply = { readonly ok: unknown } | { readonly error: string };
