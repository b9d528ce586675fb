/**
 * What one step did, in the words a trace shows: who acted, what it called with which arguments
 * (resolved), and what it got back. The real replayer performs `call` and compares `result`.
 */
import type { Value, Result } from '../values.ts';

/** A call as a trace shows it: its name and its resolved arguments (`waitpid(100, WNOHANG)`). */
export interface StepCall {
  /** `waitpid`, `waitid`, `kill`, `pidfd_open`, `pidfd_send_signal`, `poll`, `close`, `lock`, `read`, ... */
  readonly name: string;
  /** Resolved arguments: numbers, flag names, variable and lock names. */
  readonly args: readonly (number | string)[];
}

/**
 * What one step did, as a trace row shows it: who acted, at which instruction, in which phase, the
 * call, what the caller saw, and the result if the thread returned.
 */
export interface StepInfo {
  /** A thread name (`waiter`, `killer`, ...) or an actor of the scenario (`env`, `spawner`, `reaper`, `churner`). */
  readonly actor: string;
  /** The instruction index of a strategy thread's step. */
  pc?: number;
  /** `enter` of a blocking call (the thread is now blocked), `complete` when it wakes, `call` otherwise. */
  phase: 'call' | 'enter' | 'complete' | 'event';
  call: StepCall;
  /** What the caller saw. */
  result: Value;
  /** Set when the thread returned in this step. */
  returned: Result | null;
  /** Further visible instructions run in the same step (atomic blocks). */
  more: { call: StepCall; result: Value }[];
}

/** A call as traces print it: `name(arg, …)` (`kill(100, SIGKILL)`). */
export function callText(c: StepCall): string {
  return `${c.name}(${c.args.join(', ')})`;
}

/**
 * What a quiet step (`applyStep(..., quiet)`, the exhaustive search's) describes: nothing. The
 * search never reads a step's description — a counterexample's is rebuilt by replaying its steps —
 * and building call names, argument strings and arrays on every step was a tenth of its time.
 */
export const QUIET_CALL: StepCall = Object.freeze({ name: '', args: Object.freeze([]) as readonly (number | string)[] });
export const QUIET_INFO: StepInfo = Object.freeze({ actor: '', phase: 'call', call: QUIET_CALL, result: null, returned: null, more: Object.freeze([]) as unknown as StepInfo['more'] }) as StepInfo;
