/**
 * Validation of user-given scenarios (model-spec §6) and scopes (style.md §8), in the style of the
 * strategy validator: every problem found, reported as one line naming the key, thrown as an
 * InputError by the `validate*` functions.
 */
import type { Scenario } from '../scenario.ts';
import type { Scope } from '../scope.ts';
import { DEFAULT_SCOPE } from '../scope.ts';
import { ROLES } from './types.ts';
import { inputError, isIntIn, isRecord, kindOf, show, unknownKeys } from './validate-report.ts';

const BOOLEAN_KEYS = ['childExits', 'foreignReaper', 'reaperAny', 'fdChurner', 'sigchldIgnored'] as const;
const SCENARIO_KEYS = ['name', 'description', 'threads', 'spawner', ...BOOLEAN_KEYS, 'children'];
const SPAWNERS = ['none', 'unrelated', 'sibling'];
const NAME = /^[A-Za-z0-9._-]+$/;

/** Every problem with `value` as a scenario (every key of `Scenario` but `children` is required); empty when it is valid. */
export function scenarioProblems(value: unknown): string[] {
  if (!isRecord(value)) return [`a scenario must be an object with ${SCENARIO_KEYS.join(', ')}, got ${kindOf(value)}`];
  const out = unknownKeys(value, SCENARIO_KEYS, 'scenario');
  if (typeof value.name !== 'string' || !NAME.test(value.name)) {
    out.push(`name: must be a non-empty string of letters, digits, '.', '_' and '-', got ${show(value.name)}`);
  }
  if (typeof value.description !== 'string') out.push(`description: must be a string, got ${kindOf(value.description)}`);
  const threads = value.threads;
  // A process-wide scenario lists no per-child threads (the strategy's loop does the work) and says how many children.
  const processWide = Array.isArray(threads) && threads.length === 0 && value.children !== undefined;
  if (value.children !== undefined && !isIntIn(value.children, 1, 16)) out.push(`children: must be a whole number of children 1..16, got ${show(value.children)}`);
  if (!Array.isArray(threads) || (threads.length === 0 && !processWide)) {
    out.push(`threads: must be a non-empty array of roles (${ROLES.join(', ')}), or [] with children for a process-wide scenario, got ${show(threads)}`);
  } else if (!processWide) {
    threads.forEach((r, i) => {
      if (!(ROLES as readonly unknown[]).includes(r)) out.push(`threads[${i}]: ${show(r)} is not a role — use ${ROLES.join(', ')}`);
    });
    // Every invariant is about a child that is waited for and killed: without both there is nothing to check.
    for (const role of ['wait', 'kill']) {
      if (!threads.includes(role)) out.push(`threads: no ${role} thread — a scenario needs at least one wait and one kill thread`);
    }
  }
  if (!SPAWNERS.includes(value.spawner as string)) out.push(`spawner: must be one of ${SPAWNERS.join(', ')}, got ${show(value.spawner)}`);
  for (const key of BOOLEAN_KEYS) {
    if (typeof value[key] !== 'boolean') out.push(`${key}: must be true or false, got ${show(value[key])}`);
  }
  return out;
}

/** Check that `value` is a scenario and return it typed; throw a one-line InputError naming `origin` otherwise. */
export function validateScenario(value: unknown, origin: string): Scenario {
  const problems = scenarioProblems(value);
  if (problems.length > 0) throw inputError(origin, problems);
  return value as Scenario;
}

/** The highest pid number Linux can hand out (PID_MAX_LIMIT on 64-bit, proc(5) /proc/sys/kernel/pid_max). */
const PID_MAX_LIMIT = 4_194_304;

/**
 * The range of every scope bound, with why it stops there. Tiny on purpose: each bound multiplies
 * the state space, and small scopes already reach pid reuse (model-spec §1).
 */
const SCOPE_RANGES: Readonly<Record<keyof Scope, readonly [min: number, max: number, why: string]>> = {
  pidBase: [2, PID_MAX_LIMIT, 'pid 1 is init, and pids stop at pid_max'],
  pidCount: [1, 16, 'the managed child needs a pid; more than 16 only slows the search'],
  spawns: [0, 8, 'how many processes a spawner may start'],
  reaps: [0, 8, 'how many children a reaper may reap'],
  churns: [0, 8, 'how many actions an fd churner may take'],
  maxFd: [3, 64, 'fds start at 3'],
  maxSteps: [1, 10_000, 'the length of the longest schedule a search follows'],
  children: [1, 6, 'each child multiplies the state space; 6 is far past what an exhaustive search finishes'],
  killers: [1, 6, 'kill threads per child'],
  retries: [0, 6, 'how many times a killer runs its program again'],
};

/** Every problem with `value` as a partial scope (any subset of the keys of `Scope`); empty when it is valid. */
export function scopeProblems(value: unknown): string[] {
  const keys = Object.keys(SCOPE_RANGES) as (keyof Scope)[];
  if (!isRecord(value)) return [`a scope must be an object with some of ${keys.join(', ')}, got ${kindOf(value)}`];
  const out = unknownKeys(value, keys, 'scope');
  for (const key of keys) {
    const v = value[key];
    const [min, max, why] = SCOPE_RANGES[key];
    if (v !== undefined && !isIntIn(v, min, max)) out.push(`${key}: must be an integer from ${min} to ${max} (${why}), got ${show(v)}`);
  }
  const merged = mergeScope(value);
  if (out.length === 0 && merged.pidBase + merged.pidCount - 1 > PID_MAX_LIMIT) {
    out.push(`pidBase: the pids ${merged.pidBase}..${merged.pidBase + merged.pidCount - 1} go past pid_max ${PID_MAX_LIMIT} — lower pidBase`);
  }
  if (out.length === 0 && (merged.children ?? 1) > merged.pidCount) {
    out.push(`children: ${merged.children} children need at least ${merged.children} pid numbers, pidCount is ${merged.pidCount}`);
  }
  return out;
}

/**
 * The scope a user's partial scope stands for: `value` merged over DEFAULT_SCOPE. Throws a one-line
 * InputError naming `origin` when a key is unknown or a bound is out of its range.
 */
export function validateScope(value: unknown, origin: string): Scope {
  const problems = scopeProblems(value);
  if (problems.length > 0) throw inputError(origin, problems);
  return mergeScope(value as Record<string, unknown>);
}

/** `value` over DEFAULT_SCOPE, skipping keys set to undefined (a TypeScript `{ spawns: undefined }` means "the default"). */
function mergeScope(value: Record<string, unknown>): Scope {
  const set = Object.entries(value).filter(([, v]) => v !== undefined);
  return { ...DEFAULT_SCOPE, ...(Object.fromEntries(set) as Partial<Scope>) };
}
