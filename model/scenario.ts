/**
 * Scenarios: who else is there besides the strategy's threads (model-spec §6). A scenario is a
 * plain value; users compose their own in a strategy file (`export const scenarios = [...]`).
 */
import type { Role } from './strategy/types.ts';

/**
 * Who else is there besides the strategy's threads (model-spec §6): which role threads run, whether
 * the child exits on its own, and which adversaries act. A plain value: `SCENARIOS` are the
 * catalogue's, and a strategy file may export its own.
 */
export interface Scenario {
  /** What the matrix, traces and `findScenario` call it (`foreign-reaper`). */
  readonly name: string;
  /** One line: who else is there. */
  readonly description: string;
  /** The strategy threads, by role, in order (a role may appear twice: two waiters). */
  readonly threads: readonly Role[];
  /** The managed child may exit on its own (with exited(3)) at any time. */
  readonly childExits: boolean;
  /** A spawner starts processes on free numbers (adversarial choice, K15): unrelated ones or our own siblings. */
  readonly spawner: 'none' | 'unrelated' | 'sibling';
  /** Another thread of ours calls a blocking `waitpid(CHILD, 0)` once, at any time (bpo-42558). */
  readonly foreignReaper: boolean;
  /** Another thread of ours calls `waitpid(-1, WNOHANG)` at any time (asyncio's FastChildWatcher). */
  readonly reaperAny: boolean;
  /** Another thread opens files, `pidfd_open`s any number, or closes its own fds. */
  readonly fdChurner: boolean;
  /** SIGCHLD is ignored: children are reaped by the kernel as they exit (K13). */
  readonly sigchldIgnored: boolean;
  /**
   * How many managed children the process has in this scenario when the scope does not say
   * (`--children`): a process-wide scenario needs several (one child's exit handler stops the others).
   */
  readonly children?: number;
}

const base = {
  threads: ['wait', 'kill'] as const,
  childExits: true,
  spawner: 'unrelated' as const,
  foreignReaper: false,
  reaperAny: false,
  fdChurner: false,
  sigchldIgnored: false,
};

/** The catalogue of scenarios, in the order of model-spec §6. */
export const SCENARIOS: readonly Scenario[] = [
  {
    ...base,
    name: 'reuse',
    description: 'the child may exit at any time; unrelated processes may be spawned on any free number',
  },
  {
    ...base,
    name: 'sibling-reuse',
    spawner: 'sibling',
    description: 'as reuse, but the recycled number goes to another child of ours (siblings may exit)',
  },
  {
    ...base,
    name: 'two-waiters',
    spawner: 'sibling',
    threads: ['wait', 'wait', 'kill'],
    description: 'two waiting threads and a killer, with sibling reuse',
  },
  {
    ...base,
    name: 'kill-to-exit',
    childExits: false,
    spawner: 'none',
    description: 'the child never exits on its own: only a signal ends it; no spawner',
  },
  {
    ...base,
    name: 'foreign-reaper',
    foreignReaper: true,
    description: 'as reuse, plus another thread that calls a blocking waitpid(child, 0) once (bpo-42558)',
  },
  {
    ...base,
    name: 'reaper-any',
    spawner: 'sibling',
    reaperAny: true,
    description: 'as sibling-reuse, plus a thread that calls waitpid(-1, WNOHANG) at any time (at most `reaps` reaps)',
  },
  {
    ...base,
    name: 'fd-reuse',
    fdChurner: true,
    description: 'as reuse, plus a thread that opens files, pidfd_opens any number or closes its own fds (at most `churns` times)',
  },
  {
    ...base,
    name: 'sigchld-ignored',
    sigchldIgnored: true,
    description: 'as reuse, with SIGCHLD ignored: the kernel reaps children as they exit (K13)',
  },
  {
    ...base,
    name: 'poll-race',
    threads: ['wait', 'poll', 'kill'],
    description: 'a waiter, a poller and a killer, as reuse (only for strategies with a poll role)',
  },
];

/**
 * A pool of subprocesses (scale-anchors.md): each managed child has a waiter and two killers (a
 * timeout and a shutdown path); one asyncio-style `waitpid(-1, WNOHANG)` watcher sees every child
 * (at most `reaps` reaps); a sibling spawner recycles freed numbers. Meant for `children > 1`
 * (scope.ts); with one child it is `reaper-any` with a second killer. Kept out of `SCENARIOS` so
 * that the catalogue matrix stays the table of expected-verdicts.md.
 */
export const POOL: Scenario = {
  ...base,
  name: 'pool',
  threads: ['wait', 'kill', 'kill'],
  spawner: 'sibling',
  reaperAny: true,
  description: 'a pool: per child a waiter and two killers; one waitpid(-1, WNOHANG) watcher for all children; sibling reuse',
};

/** Scenarios for scaled scopes (`children`, `killers`, `retries`), found by name like the catalogue's. */
export const SCALE_SCENARIOS: readonly Scenario[] = [POOL];

const stopOthers = { ...base, threads: [] as const, children: 2 };

/**
 * Scenarios for process-wide strategies (a `loop` role that manages every child): the process
 * manager's pattern, where one child's exit handler stops the others, with each adversary of the
 * per-child scenarios. No per-child threads: the loop does the work. Two children by default.
 */
export const PROCESS_SCENARIOS: readonly Scenario[] = [
  {
    ...stopOthers,
    name: 'stop-others',
    description: "two children; each one's exit handler stops the others; the children may exit at any time; unrelated processes may take any free number",
  },
  {
    ...stopOthers,
    name: 'stop-others-sibling',
    spawner: 'sibling',
    description: 'as stop-others, but the recycled number goes to another child of ours (siblings may exit)',
  },
  {
    ...stopOthers,
    name: 'stop-others-foreign-reaper',
    foreignReaper: true,
    description: 'as stop-others, plus another thread that calls a blocking waitpid(child, 0) once',
  },
  {
    ...stopOthers,
    name: 'stop-others-reaper-any',
    spawner: 'sibling',
    reaperAny: true,
    description: 'as stop-others-sibling, plus a thread that calls waitpid(-1, WNOHANG) at any time (at most `reaps` reaps)',
  },
];

/** Every scenario the catalogue matrix runs: the per-child ones, then the process-wide ones. */
export const MATRIX_SCENARIOS: readonly Scenario[] = [...SCENARIOS, ...PROCESS_SCENARIOS];

/** The scenario named `name`, among the matrix's and the scale ones (`reuse`, `pool`, …), or undefined. */
export function findScenario(name: string): Scenario | undefined {
  return MATRIX_SCENARIOS.find((s) => s.name === name) ?? SCALE_SCENARIOS.find((s) => s.name === name);
}

/**
 * A scenario applies to a strategy when the strategy has every role the scenario instantiates; a
 * scenario without per-child threads applies only to a strategy with a loop (else nothing would run).
 */
export function scenarioApplies(scenario: Scenario, roles: StrategyRoles): boolean {
  return scenarioMismatch(scenario, roles) === null;
}

type StrategyRoles = { readonly wait?: unknown; readonly kill?: unknown; readonly poll?: unknown; readonly loop?: unknown };

/** Why a scenario does not apply to a strategy with these roles ("it needs a poll role"), or null when it does. */
export function scenarioMismatch(scenario: Scenario, roles: StrategyRoles): string | null {
  if (scenario.threads.length === 0 && roles.loop === undefined) return 'it runs no per-child thread, only a process-wide loop role, which the strategy does not have';
  const missing = [...new Set(scenario.threads.filter((r) => roles[r] === undefined))];
  return missing.length === 0 ? null : `it needs a ${missing.join(' and a ')} role, which the strategy does not have`;
}
