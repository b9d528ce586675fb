/**
 * A model instance: one strategy in one scenario under one scope, with names resolved to indices.
 * Immutable; every world of a search refers to one instance.
 */
import type { Program, Role, Strategy } from './strategy/types.ts';
import type { Scenario } from './scenario.ts';
import type { Scope } from './scope.ts';
import { pidsOf } from './scope.ts';
import { InputError } from './errors.ts';

export interface ThreadSpec {
  /** `waiter`, `killer`, `poller`; `waiter-2` for a second thread of one role. */
  readonly name: string;
  readonly role: Role;
  readonly program: Program;
}

export interface Instance {
  readonly strategy: Strategy;
  readonly scenario: Scenario;
  readonly scope: Scope;
  readonly pids: readonly number[];
  /** The managed child's number (`CHILD` in a strategy). */
  readonly childPid: number;
  readonly threads: readonly ThreadSpec[];
  readonly varIndex: ReadonlyMap<string, number>;
  readonly varNames: readonly string[];
  /** Mutexes and rwlocks share one index space (the world's `owners`). */
  readonly lockIndex: ReadonlyMap<string, number>;
  readonly lockNames: readonly string[];
  readonly rwlocks: ReadonlySet<string>;
  readonly conds: ReadonlySet<string>;
  /** Registers: one strategy-wide name space; each thread has its own copy. */
  readonly regIndex: ReadonlyMap<string, number>;
}

const ROLE_THREAD_NAME: Record<Role, string> = { wait: 'waiter', kill: 'killer', poll: 'poller' };

export function createInstance(strategy: Strategy, scenario: Scenario, scope: Scope): Instance {
  const varNames = Object.keys(strategy.shared.vars ?? {});
  const lockNames = [...(strategy.shared.mutexes ?? []), ...(strategy.shared.rwlocks ?? [])];
  const regNames = new Set<string>();
  const programs = [strategy.setup ?? [], strategy.roles.wait, strategy.roles.kill, strategy.roles.poll ?? []];
  for (const prog of programs) for (const ins of prog) for (const r of registersWritten(ins)) regNames.add(r);
  const seen = new Map<Role, number>();
  const threads: ThreadSpec[] = scenario.threads.map((role) => {
    const n = (seen.get(role) ?? 0) + 1;
    seen.set(role, n);
    const program = strategy.roles[role];
    if (!program) throw new InputError(`scenario ${scenario.name} needs a ${role} role, which strategy ${strategy.name} does not have`);
    return { name: n === 1 ? ROLE_THREAD_NAME[role] : `${ROLE_THREAD_NAME[role]}-${n}`, role, program };
  });
  const pids = pidsOf(scope);
  return {
    strategy,
    scenario,
    scope,
    pids,
    childPid: pids[0]!,
    threads,
    varIndex: new Map(varNames.map((n, i) => [n, i])),
    varNames,
    lockIndex: new Map(lockNames.map((n, i) => [n, i])),
    lockNames,
    rwlocks: new Set(strategy.shared.rwlocks ?? []),
    conds: new Set(strategy.shared.conds ?? []),
    regIndex: new Map([...regNames].map((n, i) => [n, i])),
  };
}

/** The registers an instruction writes. */
export function registersWritten(ins: Program[number]): string[] {
  if (ins.op === 'set') return [ins.reg];
  if ('into' in ins && ins.into !== undefined) return [ins.into];
  return [];
}
