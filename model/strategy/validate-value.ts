/**
 * Validation of literal values (model/values.ts): what a `{lit}` operand or a shared variable's
 * initial value may be. Result objects must have exactly the shapes the model builds, because
 * values compare structurally (`valueEquals`): an extra key would make `exited(3)` never equal the
 * child's true status, and the strategy would be judged on a typo.
 */
import { ERRNOS } from '../values.ts';
import { isIntIn, isRecord, show } from './validate-report.ts';

type FieldCheck = readonly [test: (x: unknown) => boolean, what: string];

/** Is `x` one of the errno names the model produces? */
export const isErrno = (x: unknown): boolean => typeof x === 'string' && (ERRNOS as readonly string[]).includes(x);
const isInt = (x: unknown): boolean => typeof x === 'number' && Number.isInteger(x);
const isStatusValue = (x: unknown): boolean => valueProblem(x) === undefined && isRecord(x) && (x.kind === 'exited' || x.kind === 'signaled');

/** Every object kind a value may have, with its fields besides `kind`. */
const SHAPES: ReadonlyMap<string, Readonly<Record<string, FieldCheck>>> = new Map<string, Readonly<Record<string, FieldCheck>>>([
  ['exited', { code: [isInt, 'an integer'] }],
  ['signaled', { signal: [(x: unknown) => isIntIn(x, 0, 64), 'a signal number 0..64'] }],
  ['running', {}],
  ['already-exited', {}],
  ['error', { errno: [isErrno, `an errno name (${ERRNOS.join(', ')})`] }],
  [
    'call',
    {
      ret: [isInt, 'an integer'],
      err: [(x: unknown) => x === null || isErrno(x), 'null or an errno name'],
      pid: [(x: unknown) => x === null || isInt(x), 'null or an integer'],
      status: [(x: unknown) => x === null || isStatusValue(x), 'null or an exited/signaled status'],
    },
  ],
]);

/** The kinds of object that are results a thread may end with (model-spec §5). */
const RESULT_KINDS = ['exited', 'signaled', 'running', 'already-exited', 'error'];

function shapeText(kind: string, fields: Readonly<Record<string, FieldCheck>>): string {
  const parts = [`kind: "${kind}"`, ...Object.entries(fields).map(([k, [, what]]) => `${k}: ${what}`)];
  return `{${parts.join(', ')}}`;
}

/**
 * The problem with `v` as a value, or undefined when it is one: none (null), a boolean, an
 * integer, an errno name, a result (`{kind: "exited", code}` ...) or a call result.
 */
export function valueProblem(v: unknown): string | undefined {
  if (v === null || typeof v === 'boolean') return undefined;
  if (typeof v === 'number') return Number.isInteger(v) ? undefined : `${show(v)} is not a value: numbers must be integers`;
  if (typeof v === 'string') {
    return isErrno(v) ? undefined : `${show(v)} is not a value: the only strings are errno names (${ERRNOS.join(', ')})`;
  }
  if (!isRecord(v)) return `${show(v)} is not a value: expected null, a boolean, an integer, an errno name or a result object`;
  const kind = v.kind;
  const fields = typeof kind === 'string' ? SHAPES.get(kind) : undefined;
  if (fields === undefined) {
    return `${show(v)} is not a value: an object needs a kind, one of ${[...SHAPES.keys()].join(', ')}`;
  }
  const keys = Object.keys(v).filter((k) => k !== 'kind');
  const ok =
    keys.length === Object.keys(fields).length &&
    keys.every((k) => Object.hasOwn(fields, k) && fields[k]![0](v[k]));
  return ok ? undefined : `${show(v)} is not a value: a value of kind ${kind} is exactly ${shapeText(kind as string, fields)}`;
}

/** Is `v` (already a valid value) a result a thread can return: a status, running, already-exited or an error? */
export function isResultValue(v: unknown): boolean {
  return isRecord(v) && typeof v.kind === 'string' && RESULT_KINDS.includes(v.kind);
}
