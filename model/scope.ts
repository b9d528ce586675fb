/**
 * The bounds of a check, in one value (style.md §8, TLC's .cfg): the pid space, the fd space, how
 * often each adversary may act, how deep a search may go, and how many children, killers and
 * kill retries the process has. Defaults keep reuse reachable and the state space small; the
 * scale fields (`children`, `killers`, `retries`) are optional and, left out, give exactly the
 * one-child world of the catalogue.
 */
export interface Scope {
  /** The first pid number; the managed child is born on it (child i on `pidBase + i`). */
  readonly pidBase: number;
  /** How many pid numbers exist (tiny on purpose, so that a freed number is reused). At least `children`. */
  readonly pidCount: number;
  /** How many processes a spawner may start. */
  readonly spawns: number;
  /** How many children a `waitpid(-1, WNOHANG)` reaper may reap. */
  readonly reaps: number;
  /** How many actions an fd churner may take. */
  readonly churns: number;
  /** The highest fd number the process may hold (fds start at 3). */
  readonly maxFd: number;
  /** A search never follows a schedule longer than this. */
  readonly maxSteps: number;
  /**
   * How many managed children the process has (default 1). Each gets its own copy of the
   * strategy's shared memory and its own role threads, whose `CHILD` is that child's pid; the
   * scenario's adversaries are shared (one `waitpid(-1)` reaper sees every child).
   */
  readonly children?: number;
  /** How many kill threads each child has (default: as many as the scenario lists). */
  readonly killers?: number;
  /** How many times a kill thread runs its program again after it returned (default 0: once). */
  readonly retries?: number;
}

/**
 * The bounds of a check that gives none: pids 100 and 101 (two numbers, so a freed one is reused at
 * once), 2 spawns, 2 reaps, 2 churns, fds up to 8, schedules of at most 400 steps, one child.
 */
export const DEFAULT_SCOPE: Scope = {
  pidBase: 100,
  pidCount: 2,
  spawns: 2,
  reaps: 2,
  churns: 2,
  maxFd: 8,
  maxSteps: 400,
};

/** The pid numbers of `scope`: `pidBase`, `pidBase + 1`, … (`pidCount` of them); child i is born on the i-th. */
export function pidsOf(scope: Scope): number[] {
  return Array.from({ length: scope.pidCount }, (_, i) => scope.pidBase + i);
}

/** How many managed children a scope has. */
export function childrenOf(scope: Scope): number {
  return scope.children ?? 1;
}

/** The scale part of a scope as the command line gives it (`--children`, `--killers`, `--retries`, `--pids`). */
export interface ScaleOptions {
  readonly children?: number;
  readonly killers?: number;
  readonly retries?: number;
  /** The pid space; default: one more number than children (a number to recycle), at least `base.pidCount`. */
  readonly pids?: number;
}

/** `base` with the scale options applied: the scope of `createInstance` for a pool of children. */
export function scaledScope(base: Scope, o: ScaleOptions): Scope {
  const children = o.children ?? base.children ?? 1;
  const out: { -readonly [K in keyof Scope]: Scope[K] } = { ...base, pidCount: o.pids ?? Math.max(base.pidCount, children + 1) };
  if (children !== 1) out.children = children;
  if (o.killers !== undefined) out.killers = o.killers;
  if (o.retries !== undefined && o.retries > 0) out.retries = o.retries;
  return out;
}

/**
 * The scope a cell of `scenario` runs under: `scope`, grown to the scenario's children when the
 * scenario needs several and the scope has one (the process-wide scenarios).
 */
export function scenarioScope(scope: Scope, scenario: { readonly children?: number }): Scope {
  if (scenario.children === undefined || childrenOf(scope) !== 1) return scope;
  return scaledScope(scope, { children: scenario.children });
}
