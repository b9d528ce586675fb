/**
 * Top-level error handling of the command line: every failure becomes exactly one line on stderr
 * (`reapcheck: …`) and an exit code, never a stack trace. The user's mistakes (bad arguments, bad
 * files, bad strategies) exit 2; a bug of the checker itself exits 70 (EX_SOFTWARE of sysexits.h).
 */
import { InputError, InternalError, StrategyError } from '../model/errors.ts';

/** A mistake on the command line itself: unknown command or flag, a missing or extra argument. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Exit codes of `reapcheck`: the contract scripts and CI rely on. */
/**
 * `diverged`: a trace the model (or Linux) does not follow. `incomplete`: a bound (--max-states,
 * --max-seconds, --max-memory, or the heap's own limit) stopped a search before it decided every
 * invariant, and nothing was violated — not a pass, not a failure.
 */
export const EXIT = { ok: 0, violated: 1, input: 2, diverged: 3, incomplete: 4, internal: 70 } as const;

/** What the top level prints and returns for an exception. */
export interface Failure {
  readonly line: string;
  readonly code: number;
}

/** Collapse a message onto one line: the contract is ONE stderr line per failure. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** The first line of an error's message, for errors raised by code we do not control (a user module). */
export function firstLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const line = msg.split('\n').find((l) => l.trim() !== '') ?? '';
  const name = e instanceof Error && e.name !== 'Error' ? `${e.name}: ` : '';
  return `${name}${line.trim()}`;
}

/**
 * Classify an exception thrown anywhere below `main`. Usage, input and strategy errors are the
 * user's to fix; an InternalError is ours. Anything else (a TypeError deep in the model) is also
 * ours: the user's input was validated before the check started, so a crash after that is a bug.
 */
export function failureOf(e: unknown): Failure {
  if (e instanceof UsageError || e instanceof InputError || e instanceof StrategyError) {
    return { line: `reapcheck: ${oneLine(e.message)}`, code: EXIT.input };
  }
  const raw = e instanceof Error ? e.message : String(e);
  // InternalError already prefixes "[reapcheck internal bug]"; say it once, in our own words.
  const msg = oneLine(raw.replace(/^\[reapcheck internal bug\]\s*/, ''));
  const kind = e instanceof InternalError || !(e instanceof Error) ? '' : `${e.name}: `;
  return { line: `reapcheck: internal bug: ${kind}${msg} (please report it)`, code: EXIT.internal };
}
