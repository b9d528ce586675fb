/**
 * The strategy language: a strategy is data (JSON), interpreted by the model and by the real
 * replayer alike (style.md §1). No closures: it can be printed, validated, hashed and embedded in a
 * trace. The builder (`builder.ts`) is one way to write it; the value is what travels.
 */
import type { Value } from '../values.ts';

/** Where a value comes from. */
export type Operand =
  | { readonly lit: Value }
  /** A thread-local register; `field` reads one part of a syscall result (`r.err`, `r.pid`, ...). */
  | { readonly reg: string; readonly field?: CallField }
  /** The managed child's pid number, known to every thread from the start. */
  | { readonly child: true }
  /** `error(x)`: the error result built from an errno operand. */
  | { readonly error: Operand }
  /** The pid of managed child number `pidOf` (0 for the first): how a process-wide program names a child. */
  | { readonly pidOf: Operand }
  /** How many managed children the process has (where a loop over them ends). */
  | { readonly children: true }
  /** The sum of two integers (a loop counter's next value). */
  | { readonly sum: readonly [Operand, Operand] };

/**
 * The parts of a syscall result a register holds, read as `r.ret` (the return value), `r.err` (the
 * errno, or none), `r.pid` and `r.status` (what a wait reported): see `Reg`.
 */
export type CallField = 'ret' | 'err' | 'pid' | 'status';

/**
 * Conditions of jumps and conditional returns. They read registers and literals only, so
 * evaluating one is never a step of its own. `and` and `or` stop at the first operand that decides
 * them, as the pseudo-code's `and`/`or` do (conditions.ts).
 */
export type Cond =
  | { readonly eq: readonly [Operand, Operand] }
  | { readonly ne: readonly [Operand, Operand] }
  /** Integer comparisons: both operands must be numbers. */
  | { readonly lt: readonly [Operand, Operand] }
  | { readonly le: readonly [Operand, Operand] }
  | { readonly gt: readonly [Operand, Operand] }
  | { readonly ge: readonly [Operand, Operand] }
  /** neither none nor false */
  | { readonly set: Operand }
  /** none or false */
  | { readonly unset: Operand }
  | { readonly and: readonly Cond[] }
  | { readonly or: readonly Cond[] }
  | { readonly not: Cond };

/**
 * The wait flags the model has: `WNOHANG` (return at once: 0 while the child runs, K2), `WNOWAIT`
 * (read a zombie's status and leave it waitable, K3) and `WEXITED` (wait for exits: `waitid` needs
 * it). `waitpid` takes only `WNOHANG`, as the real one does.
 */
export const WAIT_FLAGS = ['WNOHANG', 'WNOWAIT', 'WEXITED'] as const;
/** One of `WAIT_FLAGS`; `p.waitid` takes a list of them (`['WEXITED', 'WNOWAIT']` is `WEXITED|WNOWAIT`). */
export type WaitFlag = (typeof WAIT_FLAGS)[number];

/**
 * One instruction. Local instructions (`jump`, `set`, `return`) touch only the thread's own
 * registers; all others touch shared state (variables, locks, the kernel) and are steps of their own.
 */
export type Instr =
  // local
  | { readonly op: 'jump'; readonly to: number; readonly if?: Cond }
  | { readonly op: 'set'; readonly reg: string; readonly value: Operand }
  | { readonly op: 'return'; readonly value: Operand; readonly orElse?: Operand; readonly if?: Cond }
  // shared variables; `of` names the child whose copy of a per-child variable is meant (default:
  // the thread's own child; the loop, which belongs to no child, must say)
  | { readonly op: 'read'; readonly var: string; readonly into: string; readonly of?: Operand }
  | { readonly op: 'write'; readonly var: string; readonly value: Operand; readonly of?: Operand }
  | { readonly op: 'cas'; readonly var: string; readonly expect: Operand; readonly value: Operand; readonly into?: string; readonly of?: Operand }
  | { readonly op: 'add'; readonly var: string; readonly value: Operand; readonly into?: string; readonly of?: Operand }
  // synchronisation
  | { readonly op: 'lock'; readonly lock: string }
  | { readonly op: 'trylock'; readonly lock: string; readonly into: string }
  | { readonly op: 'unlock'; readonly lock: string }
  | { readonly op: 'rlock'; readonly lock: string }
  | { readonly op: 'runlock'; readonly lock: string }
  | { readonly op: 'cond_wait'; readonly cond: string; readonly mutex: string }
  | { readonly op: 'notify_all'; readonly cond: string }
  | { readonly op: 'notify_one'; readonly cond: string }
  // syscalls
  | { readonly op: 'waitpid'; readonly pid: Operand; readonly flags: readonly WaitFlag[]; readonly into?: string }
  | {
      readonly op: 'waitid';
      readonly idtype: 'P_PID' | 'P_PIDFD';
      readonly id: Operand;
      readonly flags: readonly WaitFlag[];
      readonly into?: string;
    }
  | { readonly op: 'kill'; readonly pid: Operand; readonly sig: number; readonly into?: string }
  | { readonly op: 'pidfd_open'; readonly pid: Operand; readonly into?: string }
  | { readonly op: 'pidfd_send_signal'; readonly fd: Operand; readonly sig: number; readonly into?: string }
  | { readonly op: 'poll'; readonly fd: Operand; readonly into?: string }
  | { readonly op: 'close'; readonly fd: Operand; readonly into?: string }
  // the next `len` instructions run as one step (model-spec §2); none of them may block
  | { readonly op: 'atomic'; readonly len: number }
  // blocks forever: the thread never takes another step (a hang, as a strategy that waits on
  // something that never comes). It counts as blocked for no-deadlock, as a thread stuck in a lock does.
  | { readonly op: 'block_forever' };

/** An instruction's name (`waitpid`, `lock`, `jump`, …), as messages and traces print it. */
export type Op = Instr['op'];
/**
 * One program (a role's, or setup's): instructions run from index 0, jumps naming indices. What
 * `program()` and the builder's `build()` produce.
 */
export type Program = readonly Instr[];

/** The per-child roles: each managed child gets its own thread of each role a scenario lists. */
export const ROLES = ['wait', 'kill', 'poll'] as const;
/** A per-child role, `wait`, `kill` or `poll` (model-spec §5): a scenario lists the ones it runs. */
export type Role = (typeof ROLES)[number];

/**
 * The process-wide role: one thread for the whole process, whatever the number of children (an
 * event loop that reaps every child and runs their exit callbacks, a reaper thread).
 */
export const PROCESS_ROLES = ['loop'] as const;
/** The process-wide role, `loop`: one thread for the whole process. */
export type ProcessRole = (typeof PROCESS_ROLES)[number];

/** The role of a thread of an instance. */
export type ThreadRole = Role | ProcessRole;

/** Shared memory of our process, with initial values. */
export interface SharedDecl {
  readonly vars?: Readonly<Record<string, Value>>;
  readonly mutexes?: readonly string[];
  readonly rwlocks?: readonly string[];
  readonly conds?: readonly string[];
}

/** A way to wait for and kill a child, as data. */
export interface Strategy {
  readonly name: string;
  readonly description: string;
  /** Library versions the encoding covers. */
  readonly versions?: string;
  /** Where the behaviour was read from (code, bug reports). */
  readonly sources?: readonly string[];
  /** Per-child memory: one copy for each managed child (its threads' own). */
  readonly shared: SharedDecl;
  /**
   * Process-wide memory: one copy for the whole process, shared by every child's threads and the
   * loop (a table of handles is per-child memory read through `of`; a loop's lock is here).
   */
  readonly process?: SharedDecl;
  /**
   * Runs in the spawning thread before any other thread and before the environment. Registers it
   * sets are the initial registers of every role thread (each a copy).
   */
  readonly setup?: Program;
  /**
   * One program per role. `wait` and `kill` are required unless the strategy has a `loop`: a
   * process-wide strategy may leave every per-child role out (an event loop does all the work).
   */
  readonly roles: { readonly wait?: Program; readonly kill?: Program; readonly poll?: Program; readonly loop?: Program };
  /**
   * The labels the builder's programs were written with, per program (`setup` or a role): label
   * name → instruction index. Only messages read them ("role wait, instruction 5 (unlock; label
   * retry + 2)"), so that a problem is found where it was written; the interpreter never does.
   */
  readonly labels?: Readonly<Partial<Record<string, Readonly<Record<string, number>>>>>;
}

/**
 * The local instructions, `jump`, `set` and `return`: they touch only the thread's own registers, so
 * none is a step of its own; each runs as part of the thread's step before it (thread-step.ts `runLocals`).
 */
export const LOCAL_OPS: ReadonlySet<Op> = new Set(['jump', 'set', 'return']);
