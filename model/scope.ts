/**
 * The bounds of a check, in one value (style.md §8, TLC's .cfg): the pid space, the fd space, how
 * often each adversary may act, how deep a search may go. Defaults keep reuse reachable and the
 * state space small.
 */
export interface Scope {
  /** The first pid number; the managed child is born on it. */
  readonly pidBase: number;
  /** How many pid numbers exist (tiny on purpose, so that a freed number is reused). */
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
}

export const DEFAULT_SCOPE: Scope = {
  pidBase: 100,
  pidCount: 2,
  spawns: 2,
  reaps: 2,
  churns: 2,
  maxFd: 8,
  maxSteps: 400,
};

export function pidsOf(scope: Scope): number[] {
  return Array.from({ length: scope.pidCount }, (_, i) => scope.pidBase + i);
}
