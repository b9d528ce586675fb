/**
 * Bounds on a search: how many states, how long, how much memory. Reaching one ends the search
 * cleanly — what was found is kept, what was not decided is `incomplete` (verdict.ts) — instead of
 * running for hours or letting V8 abort the process when its heap is full (a FATAL native stack,
 * exit 134, which no handler can turn into one line).
 *
 * The watch is checked every thousand expanded states, not on each: a check reads the clock, the
 * resident set (a read of /proc/self/stat) and the heap statistics, ~10 µs together, while a
 * transition costs ~1–5 µs. Between two checks a search grows by a few MB at most, which is why the
 * heap is stopped at a share of its limit and not at the limit itself.
 *
 * Times are wall-clock (Date.now) deadlines, so that the coordinator and the worker threads of the
 * parallel engine share one meaning of "the deadline" (each thread's performance.now has its own
 * origin).
 */
import os from 'node:os';
import v8 from 'node:v8';

export type BoundName = 'states' | 'seconds' | 'memory';

/** The bounds a user gives (`--max-states`, `--max-seconds`, `--max-memory`), per search. */
export interface SearchBounds {
  readonly maxStates?: number;
  readonly maxSeconds?: number;
  /** Resident memory of the whole process, in bytes. */
  readonly maxBytes?: number;
}

/** The bounds of one running search, as threads pass them around: the time bound is a deadline. */
export interface SearchLimits {
  readonly maxStates?: number;
  /** Date.now() past which the search stops, and the seconds given (for the message). */
  readonly deadline?: number;
  readonly seconds?: number;
  readonly maxBytes?: number;
}

/** Which bound ended a search, and where. */
export interface BoundReached {
  readonly bound: BoundName;
  /** The bound as given: states, seconds, or bytes (for the heap guard: the heap's own limit). */
  readonly limit: number;
  /** What the heap guard stopped, when it was the heap and not the resident set. */
  readonly heap?: boolean;
}

/**
 * The heap may fill to this share of its old generation's limit. The rest is the room between two
 * checks, garbage not yet collected, and what the verdict still needs (a counterexample replay,
 * the report); V8 aborts at the limit itself ("Ineffective mark-compacts near heap limit").
 */
export const HEAP_SHARE = 0.75;
/**
 * `heap_size_limit` counts the young generation's room too (48 MiB on x86-64: 176 MiB for
 * --max-old-space-size=128, 4144 for the default 4096), which old objects cannot use: measured,
 * a search at 128 MiB aborted with 126 MiB used, below 80% of 176.
 */
const YOUNG_RESERVE = 64 * 2 ** 20;

/** The default memory bound: half the machine's memory (or of its cgroup's limit, when it has one). */
export function defaultMaxBytes(): number {
  const total = os.totalmem();
  const constrained = typeof process.constrainedMemory === 'function' ? process.constrainedMemory() : 0;
  const usable = constrained && constrained > 0 && constrained < total ? constrained : total;
  return Math.floor(usable / 2);
}

/** The limits of a search started now under `bounds`. */
export function limitsOf(bounds: SearchBounds, now = Date.now()): SearchLimits {
  return {
    ...(bounds.maxStates !== undefined ? { maxStates: bounds.maxStates } : {}),
    ...(bounds.maxSeconds !== undefined ? { deadline: now + bounds.maxSeconds * 1000, seconds: bounds.maxSeconds } : {}),
    ...(bounds.maxBytes !== undefined ? { maxBytes: bounds.maxBytes } : {}),
  };
}

/** How often (in expanded states, a power of two minus one as a mask) a search looks at its watch. */
export const CHECK_EVERY_MASK = 1023;

/**
 * Watches one thread's search against its limits. The heap guard is always on: it is what keeps a
 * search without bounds from ending in a V8 abort. `states` is the search's count of distinct
 * states (the shared table's, in the parallel engine).
 */
export class BoundWatch {
  private readonly heapLimit = v8.getHeapStatistics().heap_size_limit;
  private readonly heapStop = HEAP_SHARE * Math.max(this.heapLimit - YOUNG_RESERVE, this.heapLimit / 2);

  constructor(private readonly limits: SearchLimits = {}) {}

  /** The memory the search may fill: the user's bound or the heap guard's, whichever is lower. */
  get memoryBudget(): number {
    return Math.min(this.limits.maxBytes ?? Infinity, this.heapStop);
  }

  check(states: number): BoundReached | null {
    const l = this.limits;
    if (l.maxStates !== undefined && states > l.maxStates) return { bound: 'states', limit: l.maxStates };
    if (l.deadline !== undefined && Date.now() >= l.deadline) return { bound: 'seconds', limit: l.seconds ?? 0 };
    if (l.maxBytes !== undefined && process.memoryUsage.rss() > l.maxBytes) return { bound: 'memory', limit: l.maxBytes };
    // The search's typed arrays (fingerprint table, parent pointers, the encoded frontier of
    // packed-frontier.ts) live outside the heap, and count as if they were in it: they hold what
    // World objects in the heap once held, so a capped heap still caps the search.
    const heap = v8.getHeapStatistics();
    if (heap.used_heap_size + heap.external_memory > this.heapStop) return { bound: 'memory', limit: this.heapLimit, heap: true };
    return null;
  }
}

/** "the --max-states bound (5000 states)": which bound ended a search, in the user's words. */
export function boundText(b: BoundReached): string {
  if (b.bound === 'states') return `the --max-states bound (${b.limit} states)`;
  if (b.bound === 'seconds') return `the --max-seconds bound (${b.limit} s)`;
  const mib = Math.round(b.limit / 2 ** 20);
  return b.heap ? `the heap limit of this process (${mib} MiB; raise it with NODE_OPTIONS=--max-old-space-size=MB)` : `the --max-memory bound (${mib} MiB)`;
}
