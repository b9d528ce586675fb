/**
 * A model instance: one strategy in one scenario under one scope, with names resolved to indices.
 * Immutable; every world of a search refers to one instance. With `children > 1` (scope.ts) the
 * strategy is instantiated once per managed child: child c has its own threads (bound to it), and
 * its own block of shared variables and locks at offset `c * varNames.length` / `c * lockNames.length`.
 */
import type { Instr, Operand, Program, Role, Strategy, ThreadRole } from './strategy/types.ts';
import type { Scenario } from './scenario.ts';
import type { Scope } from './scope.ts';
import { childrenOf, pidsOf } from './scope.ts';
import { InputError } from './errors.ts';
import { registersWritten } from './strategy/instr-registers.ts';

/**
 * One strategy thread of an instance: its name, role and program, and the child it belongs to (or
 * `loop`: the process-wide thread).
 */
export interface ThreadSpec {
  /** `waiter`, `killer`, `poller`; `waiter-2` for a second thread of one role; `loop`. */
  readonly name: string;
  /** The role whose program it runs. */
  readonly role: ThreadRole;
  /** That role's program (the strategy's). */
  readonly program: Program;
  /** The managed child this thread is bound to (index; absent means 0): its `CHILD` and its shared memory. */
  readonly child?: number;
  /** The process-wide loop: bound to no child (no `CHILD`; per-child memory only through `of`). */
  readonly loop?: true;
}

/**
 * One strategy in one scenario under one scope, with names resolved to indices: what every step
 * function takes. Made by `createInstance` (or the library's `instance`, which fills in scope defaults).
 */
export interface Instance {
  readonly strategy: Strategy;
  readonly scenario: Scenario;
  readonly scope: Scope;
  readonly pids: readonly number[];
  /** The first managed child's number (`CHILD` in a strategy of a one-child instance). */
  readonly childPid: number;
  /** How many managed children (scope `children`, default 1). */
  readonly children: number;
  /** Each managed child's number: child c is born on `pids[c]` as incarnation `c + 1`. */
  readonly childPids: readonly number[];
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
  /** Process-wide variables (`strategy.process`): name → slot, after every child's block. */
  readonly processVars: ReadonlyMap<string, number>;
  /** Process-wide mutexes and rwlocks: name → slot, after every child's block. */
  readonly processLocks: ReadonlyMap<string, number>;
  readonly processConds: ReadonlySet<string>;
  /**
   * Some thread can touch another child's memory or process, or memory that is no child's (a loop,
   * process-wide memory, `of`, `pidOf`): the per-child reductions (children symmetry, the
   * partial-order reduction's child clusters) assume the opposite and are not used.
   */
  readonly processWide: boolean;
}

const ROLE_THREAD_NAME: Record<Role, string> = { wait: 'waiter', kill: 'killer', poll: 'poller' };

/**
 * The instance of `strategy` in `scenario` under `scope`: for each managed child, one thread per role
 * the scenario lists (`waiter`, `killer`, …; `c2.waiter` with several children), then the loop if
 * the strategy has one. An InputError when the scenario needs a role the strategy lacks, or the
 * scope has fewer pid numbers than children.
 */
export function createInstance(strategy: Strategy, scenario: Scenario, scope: Scope): Instance {
  const varNames = Object.keys(strategy.shared.vars ?? {});
  const lockNames = [...(strategy.shared.mutexes ?? []), ...(strategy.shared.rwlocks ?? [])];
  const regNames = new Set<string>();
  const programs = strategyPrograms(strategy);
  for (const prog of programs) for (const ins of prog) for (const r of registersWritten(ins)) regNames.add(r);
  const children = childrenOf(scope);
  const pids = pidsOf(scope);
  if (children > pids.length) throw new InputError(`${children} children need at least ${children} pid numbers; the scope has ${pids.length}`);
  const roles = threadRoles(scenario.threads, scope.killers);
  const threads: ThreadSpec[] = [];
  const proc = strategy.process ?? {};
  const processVarNames = Object.keys(proc.vars ?? {});
  const processLockNames = [...(proc.mutexes ?? []), ...(proc.rwlocks ?? [])];
  for (let c = 0; c < children; c++) {
    const seen = new Map<Role, number>();
    for (const role of roles) {
      const n = (seen.get(role) ?? 0) + 1;
      seen.set(role, n);
      const program = strategy.roles[role];
      if (!program) throw new InputError(`scenario ${scenario.name} needs a ${role} role, which strategy ${strategy.name} does not have`);
      const name = n === 1 ? ROLE_THREAD_NAME[role] : `${ROLE_THREAD_NAME[role]}-${n}`;
      // One child keeps today's names (`waiter`, `killer`): traces and the real replayer use them.
      threads.push(children === 1 ? { name, role, program } : { name: `c${c + 1}.${name}`, role, program, child: c });
    }
  }
  // The process-wide loop runs whenever the strategy has one: it is part of the process, not of a scenario.
  if (strategy.roles.loop) threads.push({ name: 'loop', role: 'loop', program: strategy.roles.loop, loop: true });
  return {
    strategy,
    scenario,
    scope,
    pids,
    childPid: pids[0]!,
    children,
    childPids: pids.slice(0, children),
    threads,
    varIndex: new Map(varNames.map((n, i) => [n, i])),
    varNames,
    lockIndex: new Map(lockNames.map((n, i) => [n, i])),
    lockNames,
    rwlocks: new Set(strategy.shared.rwlocks ?? []),
    conds: new Set(strategy.shared.conds ?? []),
    regIndex: new Map([...regNames].map((n, i) => [n, i])),
    processVars: new Map(processVarNames.map((n, i) => [n, children * varNames.length + i])),
    processLocks: new Map(processLockNames.map((n, i) => [n, children * lockNames.length + i])),
    processConds: new Set(proc.conds ?? []),
    processWide: isProcessWide(strategy),
  };
}

/** Every program of a strategy: setup first, then the roles it has (per-child, then the loop). */
export function strategyPrograms(strategy: Strategy): Program[] {
  const r = strategy.roles;
  return [strategy.setup ?? [], r.wait ?? [], r.kill ?? [], r.poll ?? [], r.loop ?? []];
}

/** Does some operand or field of `ins` name another child (`of`, `pidOf`)? */
function namesAChild(ins: Instr): boolean {
  const visit = (v: unknown): boolean => {
    if (typeof v !== 'object' || v === null) return false;
    if (Array.isArray(v)) return v.some(visit);
    if ('pidOf' in (v as Operand)) return true;
    return Object.values(v).some(visit);
  };
  return ('of' in ins && ins.of !== undefined) || visit(ins);
}

/** A strategy with a loop, process-wide memory, or a thread that names another child (instance.ts `processWide`). */
export function isProcessWide(strategy: Strategy): boolean {
  const p = strategy.process;
  const memory = p !== undefined && [p.vars && Object.keys(p.vars).length, p.mutexes?.length, p.rwlocks?.length, p.conds?.length].some((n) => (n ?? 0) > 0);
  return strategy.roles.loop !== undefined || memory || strategyPrograms(strategy).some((prog) => prog.some(namesAChild));
}

/** The roles of one child's threads: the scenario's, with the kill threads replaced by `killers` of them when set. */
export function threadRoles(roles: readonly Role[], killers: number | undefined): Role[] {
  if (killers === undefined) return [...roles];
  const at = roles.indexOf('kill');
  const rest: Role[] = roles.filter((r) => r !== 'kill');
  rest.splice(at < 0 ? rest.length : at, 0, ...Array.from({ length: killers }, () => 'kill' as const));
  return rest;
}

/**
 * How many times thread t runs its program again after it returns: a killer as often as the scope's
 * `retries` says (keeping its registers), any other thread never.
 */
export function restartsOf(inst: Instance, t: number): number {
  return inst.threads[t]!.role === 'kill' ? (inst.scope.retries ?? 0) : 0;
}

/** The child a thread is bound to (the loop: none; callers that need one check `spec.loop` first). */
export function childOf(spec: ThreadSpec): number {
  return spec.child ?? 0;
}
