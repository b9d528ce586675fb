/**
 * Shared pieces of the input validators (strategies, scenarios, scopes): describing what the user
 * wrote in a few words, spotting unknown keys, and turning a list of problems into the one-line
 * `InputError` the command line prints (errors.ts).
 */
import { InputError } from '../errors.ts';

/** A plain JSON object (not null, not an array). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** What kind of JSON value `v` is, with its article: "a string", "an array", "nothing" (missing). */
export function kindOf(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'number') return Number.isInteger(v) ? 'an integer' : 'a number';
  return typeof v === 'string' ? 'a string' : `a ${typeof v}`;
}

/** `v` as the user wrote it, on one line and short: messages quote user input, which may be anything. */
export function show(v: unknown): string {
  let s: string;
  try {
    s = v === undefined ? 'nothing' : (JSON.stringify(v) ?? String(v));
  } catch {
    s = String(v); // a cycle or a BigInt: only possible from a TypeScript caller, never from JSON
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** One problem per key of `obj` that is not in `allowed`; `where` prefixes each ("shared"). */
export function unknownKeys(obj: Record<string, unknown>, allowed: readonly string[], where: string): string[] {
  return Object.keys(obj)
    .filter((k) => !allowed.includes(k))
    .map((k) => `${where}: unknown key ${show(k)} — the keys are ${allowed.join(', ')}`);
}

/** Is `v` an integer in [min, max]? */
export function isIntIn(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

/**
 * The error for a non-empty list of problems: `origin: problem; problem; …`, every one of them
 * (a user fixes them all in one go, issue 14), on one line whatever the problems contain, because
 * the command line prints it as is (errors.ts).
 */
export function inputError(origin: string, problems: readonly string[]): InputError {
  return new InputError(`${origin}: ${problems.join('; ')}`.replace(/\s*[\r\n]+\s*/g, ' '));
}
