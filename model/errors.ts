/**
 * A mistake in a strategy found while running it (an unlock of a mutex the thread does not hold, a
 * pid that is not a number): the user's error, reported as such, never as a finding (model-spec §4).
 */
export class StrategyError extends Error {
  /** `StrategyError`: what `String(e)` and a stack trace print before the message. */
  override readonly name = 'StrategyError';
}

/** A broken invariant of the checker itself (style.md §5): a bug in reapcheck, never a finding. */
export class InternalError extends Error {
  /** `InternalError`: what `String(e)` and a stack trace print before the message. */
  override readonly name = 'InternalError';
  constructor(message: string) {
    super(`[reapcheck internal bug] ${message}`);
  }
}

/**
 * Bad input from the user: a strategy, scenario, scope or trace that is malformed or names
 * something unknown. The message is one line saying what is wrong, where, and how to fix it; the
 * command line prints it and exits 2, without a stack trace.
 */
export class InputError extends Error {
  /** `InputError`: what `String(e)` and a stack trace print before the message. */
  override readonly name = 'InputError';
}
