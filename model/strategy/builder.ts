/**
 * A TypeScript builder for strategies, so that a strategy reads like the pseudo-code of
 * `strategies.md`. It only produces data (`Strategy`); the catalogue is written with it, and so
 * can any user's strategy file.
 *
 *     const r = reg('r');
 *     wait(p) { p.waitpid(CHILD, 0, r); p.returnIf(r.err, errorOf(r.err)); p.return(r.status); }
 */
import type { CallField, Cond, Instr, Operand, Program, SharedDecl, Strategy, WaitFlag } from './types.ts';
import type { Value } from '../values.ts';
import { isCondObject, negate } from './conditions.ts';
import { InputError } from '../errors.ts';

/** A named register. `r.err`, `r.pid`, `r.status`, `r.ret` read the parts of a syscall result it holds. */
export class Reg {
  constructor(
    /** The register's name (`r`): its key among the thread's registers, as messages and traces print it. */
    readonly name: string,
  ) {}
  /**
   * `r.ret`: the raw return value of the syscall result `r` holds: `waitpid`'s pid (0 with
   * `WNOHANG` on a running child), the new fd of `pidfd_open`, 1 for a readable `poll`, 0 for `waitid`,
   * `kill`, `pidfd_send_signal` and `close`; -1 when the call failed. None while `r` was never written.
   */
  get ret(): Operand {
    return this.part('ret');
  }
  /**
   * `r.err`: the errno of the call `r` holds (`ECHILD`, `ESRCH`, `EBADF`, `EINVAL`, `EAGAIN`), none
   * when it succeeded: `if r.err:` is `p.if(r.err, …)`, `r.err == ESRCH` is `eq(r.err, 'ESRCH')`.
   */
  get err(): Operand {
    return this.part('err');
  }
  /**
   * `r.pid`: the pid a wait reported (`waitpid`'s return value, `waitid`'s `si_pid`); 0 when
   * `WNOHANG` found the child running (K2), none for a failed call and for calls that are not waits.
   */
  get pid(): Operand {
    return this.part('pid');
  }
  /**
   * `r.status`: the status a wait reported, `exited(n)` or `signaled(sig)` (K1); none when the wait
   * failed or `WNOHANG` found the child running, and for calls that are not waits.
   */
  get status(): Operand {
    return this.part('status');
  }
  private part(field: CallField): Operand {
    return { reg: this.name, field };
  }
}

/**
 * `const r = reg('r')`: the register `name`. Registers are thread-local (each thread has its own copy,
 * starting with what `setup` left in it, else none); a call's `into` (`p.waitpid(CHILD, 0, r)` is
 * `r = waitpid(CHILD, 0)`), `p.set`, `p.read`, `p.trylock`, `p.cas` and `p.add` write them.
 */
export const reg = (name: string): Reg => new Reg(name);

/** The managed child's pid number. */
export const CHILD: Operand = { child: true };

/** How many managed children the process has: where a loop over them ends. */
export const CHILDREN: Operand = { children: true };

/** The pid of managed child number `i` (0 for the first): how the loop, or a callback, names a child. */
export const pidOf = (i: OperandLike): Operand => ({ pidOf: operand(i) });

/** `a + b` (a loop counter's next value: `p.set(i, plus(i, 1))`). */
export const plus = (a: OperandLike, b: OperandLike): Operand => ({ sum: [operand(a), operand(b)] });

/** Anything the builder accepts where an operand goes: a register, an operand, or a literal value. */
export type OperandLike = Reg | Operand | Value;

/** `error(x)`: an error result from an errno operand (`errorOf(r.err)`). */
export const errorOf = (errno: OperandLike): Operand => ({ error: operand(errno) });

/**
 * The operand `x` stands for: a register reads its value (`{reg: 'r'}`), an operand is itself, and
 * anything else is a literal (`operand(3)`, `operand('ECHILD')`, `operand(null)` for none). Every
 * builder call passes its `OperandLike` arguments through it.
 */
export function operand(x: OperandLike): Operand {
  if (x instanceof Reg) return { reg: x.name };
  if (x !== null && typeof x === 'object' && ['lit', 'reg', 'child', 'error', 'pidOf', 'children', 'sum'].some((k) => k in x)) return x as Operand;
  return { lit: x as Value };
}

/**
 * Anything the builder accepts where a condition goes: a condition (`eq(…)`, `and(…)`, `not(…)`, …), or
 * an operand read as `if x:` (neither none nor false), so `p.if(r.err, …)` is `if r.err: …`.
 */
export type CondLike = Cond | OperandLike;

/**
 * `a == b`: the two values are equal, structurally (statuses compare exactly, so `exited(0)` is not
 * `exited(3)`, model-spec §7): `eq(r.err, 'ECHILD')` is `r.err == ECHILD`, `eq(r.pid, CHILD)` is `r.pid == CHILD`.
 */
export const eq = (a: OperandLike, b: OperandLike): Cond => ({ eq: [operand(a), operand(b)] });
/** `a != b`: the negation of `eq` (`ne(r.pid, CHILD)` is `r.pid != CHILD`). */
export const ne = (a: OperandLike, b: OperandLike): Cond => ({ ne: [operand(a), operand(b)] });
/** `a < b` on numbers (a counter, a pid); `le`, `gt`, `ge` likewise. */
export const lt = (a: OperandLike, b: OperandLike): Cond => ({ lt: [operand(a), operand(b)] });
/** `a <= b` on numbers; a side that is not a number is the strategy's mistake, as for `lt`. */
export const le = (a: OperandLike, b: OperandLike): Cond => ({ le: [operand(a), operand(b)] });
/** `a > b` on numbers (`gt(r.pid, 0)`: a wait reported a pid, not WNOHANG's 0). */
export const gt = (a: OperandLike, b: OperandLike): Cond => ({ gt: [operand(a), operand(b)] });
/** `a >= b` on numbers. */
export const ge = (a: OperandLike, b: OperandLike): Cond => ({ ge: [operand(a), operand(b)] });
/** Neither none nor false: the `if x:` of the pseudo-code. */
export const isSet = (a: OperandLike): Cond => ({ set: operand(a) });
/** None or false. */
export const isNone = (a: OperandLike): Cond => ({ unset: operand(a) });
/**
 * `a and b and …`: holds when every one does, and stops at the first that does not, so
 * `and(not(r.err), eq(r.pid, CHILD))` is the pseudo-code's `if not r.err and r.pid == CHILD`.
 */
export const and = (...cs: CondLike[]): Cond => ({ and: cs.map(cond) });
/** `a or b or …`: holds when one does, and stops at the first that does. */
export const or = (...cs: CondLike[]): Cond => ({ or: cs.map(cond) });
/** `not c`. On a register or an operand it is `isNone` (`not(r.err)`: the call did not fail). */
export const not = (c: CondLike): Cond => (isCondObject(c) ? { not: c } : isNone(c as OperandLike));

/** A condition, or an operand read as `if x:` (neither none nor false). */
export function cond(c: CondLike): Cond {
  if (!(c instanceof Reg) && isCondObject(c)) return c;
  return isSet(c as OperandLike);
}

const regName = (r: Reg | string | undefined): string | undefined => (r instanceof Reg ? r.name : r);
const flagList = (f: WaitFlag[] | 0): WaitFlag[] => (f === 0 ? [] : f);

type Pending = Instr | { op: 'jump-to-label'; label: string; if?: Cond };

/**
 * Builds one program; labels are resolved to instruction indices by `build()`. Mistakes with labels
 * (one defined twice, a jump to one never defined) are collected, not thrown one at a time, so that
 * `strategy()` can list every one of them with its strategy and role.
 */
export class ProgramBuilder {
  private readonly code: Pending[] = [];
  private readonly labels = new Map<string, number>();
  private readonly twice = new Set<string>();
  private fresh_ = 0;

  private emit(i: Pending): this {
    this.code.push(i);
    return this;
  }
  private into(r: Reg | string | undefined): { into?: string } {
    const n = regName(r);
    return n === undefined ? {} : { into: n };
  }

  /** A label name no other part of this program uses (for inlined fragments). */
  fresh(hint: string): string {
    return `${hint}#${++this.fresh_}`;
  }
  /**
   * `name:` in the pseudo-code (`loop:`): the next instruction is where `p.jump(name)` and
   * `p.jumpIf(c, name)` go. It adds no instruction. A name is defined once per program (`strategy()`
   * lists a second one as a mistake; `p.fresh` makes a name of its own for a fragment).
   */
  label(name: string): this {
    if (this.labels.has(name)) this.twice.add(name);
    else this.labels.set(name, this.code.length);
    return this;
  }
  /**
   * `goto label`: an unconditional jump, resolved to an instruction index by `build()`. A local
   * instruction: it touches only the thread, so it is never a step of its own (`LOCAL_OPS`).
   */
  jump(label: string): this {
    return this.emit({ op: 'jump-to-label', label });
  }
  /**
   * `if c: goto label`: jump when `c` holds, else go on. Conditions read registers and literals only,
   * so this is local, never a step of its own; `while c: body` is `label(top)`, `jumpIf(not(c), done)`,
   * body, `jump(top)`, `label(done)`.
   */
  jumpIf(c: CondLike, label: string): this {
    return this.emit({ op: 'jump-to-label', label, if: cond(c) });
  }
  /**
   * `r = value` for a register: local, never a step of its own (`p.set(fd, opened.ret)` is
   * `fd = opened.ret`, `p.set(i, plus(i, 1))` is `i = i + 1`).
   */
  set(r: Reg | string, value: OperandLike): this {
    return this.emit({ op: 'set', reg: regName(r)!, value: operand(value) });
  }
  /**
   * `return value`: the thread ends with `value`, which must be a result: a status (`exited(n)`,
   * `signaled(sig)`, a register's `r.status`), `RUNNING`, `ALREADY_EXITED` or `errorOf(errno)`. With
   * `orElse` it is `return value, or orElse if none` (`p.return(rc, RUNNING)`). A return of none is
   * refused at load time when it is none on every way there, else it is the cell's strategy error.
   */
  return(value: OperandLike, orElse?: OperandLike): this {
    return this.emit(orElse === undefined ? { op: 'return', value: operand(value) } : { op: 'return', value: operand(value), orElse: operand(orElse) });
  }
  /**
   * `if c: return value`, as one local instruction: `p.returnIf(r.err, errorOf(r.err))` is
   * `if r.err: return error(r.err)`.
   */
  returnIf(c: CondLike, value: OperandLike): this {
    return this.emit({ op: 'return', value: operand(value), if: cond(c) });
  }

  /**
   * `if c: then… else: otherwise…`, as the pseudo-code writes it. It compiles to a jump over
   * `then` on the negated condition (`if isSet(x)` jumps on `unset x`), and to no jump past
   * `otherwise` when `then` ends with an unconditional return or jump: the same instructions a
   * program written with labels has.
   */
  if(c: CondLike, then: (p: this) => void, otherwise?: (p: this) => void): this {
    const skip = this.fresh('else');
    this.jumpIf(negate(cond(c)), skip);
    then(this);
    if (otherwise === undefined) return this.label(skip);
    const end = this.fresh('end-if');
    if (!this.endsUnconditionally()) this.jump(end);
    this.label(skip);
    otherwise(this);
    return this.label(end);
  }

  /** Does the code so far end with an unconditional return or jump (so nothing falls through it)? */
  private endsUnconditionally(): boolean {
    const last = this.code[this.code.length - 1];
    return last !== undefined && (last.op === 'return' || last.op === 'jump-to-label' || last.op === 'jump') && !('if' in last && last.if);
  }

  private of(child: OperandLike | undefined): { of?: Operand } {
    return child === undefined ? {} : { of: operand(child) };
  }

  /** Read a variable; `of`: child number `of`'s copy of a per-child variable (the loop must say). */
  read(v: string, into: Reg | string, of?: OperandLike): this {
    return this.emit({ op: 'read', var: v, into: regName(into)!, ...this.of(of) });
  }
  /**
   * `v = value` for the shared variable `v` (declared in `shared.vars` or `process.vars`): one step
   * (model-spec §4). `of`: child number `of`'s copy of a per-child variable (the loop must say).
   */
  write(v: string, value: OperandLike, of?: OperandLike): this {
    return this.emit({ op: 'write', var: v, value: operand(value), ...this.of(of) });
  }
  /**
   * `into = compare_and_swap(v, expect, value)`: if shared variable `v` equals `expect` (as `eq`),
   * it becomes `value`; `into` gets true when it swapped, false when not. One step (model-spec §4).
   */
  cas(v: string, expect: OperandLike, value: OperandLike, into?: Reg | string, of?: OperandLike): this {
    return this.emit({ op: 'cas', var: v, expect: operand(expect), value: operand(value), ...this.into(into), ...this.of(of) });
  }
  /**
   * `v += value` on a shared variable holding a number, as one step (a fetch-and-add, model-spec §4);
   * `into` gets the new value. Anything but numbers is the strategy's mistake.
   */
  add(v: string, value: OperandLike, into?: Reg | string, of?: OperandLike): this {
    return this.emit({ op: 'add', var: v, value: operand(value), ...this.into(into), ...this.of(of) });
  }

  /**
   * `for i in 0 .. CHILDREN − 1: body(i)`, with register `i` as the counter (the loop over the
   * managed children). `body` may `continue` by jumping to the label it is given.
   */
  forEachChild(i: Reg, body: (p: this, next: string) => void): this {
    const top = this.fresh('each');
    const next = this.fresh('next');
    const done = this.fresh('done');
    this.set(i, 0).label(top).jumpIf(eq(i, CHILDREN), done);
    body(this, next);
    return this.label(next).set(i, plus(i, 1)).jump(top).label(done);
  }

  /**
   * `lock m`: take mutex `m` (or rwlock `m` exclusively); blocks while another thread holds it (an
   * rwlock: or any reader does). SIMPLIFICATION (sync.ts): one step, enabled once the lock is free.
   */
  lock(m: string): this {
    return this.emit({ op: 'lock', lock: m });
  }
  /**
   * `into = trylock m`: take mutex `m` if it is free and write true, else write false without
   * blocking: `if not trylock m: return running` is `p.trylock('m', t)`, `p.returnIf(not(t), RUNNING)`.
   */
  trylock(m: string, into: Reg | string): this {
    return this.emit({ op: 'trylock', lock: m, into: regName(into)! });
  }
  /**
   * `unlock m`: release mutex `m` (or rwlock `m`'s exclusive hold), which this thread must hold: an
   * unlock of a lock held by another thread, or by nobody, is a strategy error, never a finding (model-spec §4).
   */
  unlock(m: string): this {
    return this.emit({ op: 'unlock', lock: m });
  }
  /**
   * `read-lock m`: take rwlock `m` shared; blocks only while a writer holds it (writers are not
   * preferred, model-spec §4). Release it with `runlock`, never `unlock`.
   */
  rlock(m: string): this {
    return this.emit({ op: 'rlock', lock: m });
  }
  /** `read-unlock m`: release this thread's shared hold of rwlock `m` (taken with `rlock`). */
  runlock(m: string): this {
    return this.emit({ op: 'runlock', lock: m });
  }
  /**
   * `cond_wait(c, m)`, two steps (model-spec §4): release mutex `m` (held by this thread) and wait on
   * condition variable `c`; then, once notified and `m` is free, take `m` again. Spurious wake-ups are
   * not modelled, so only a notify after the first step wakes it.
   */
  condWait(c: string, m: string): this {
    return this.emit({ op: 'cond_wait', cond: c, mutex: m });
  }
  /**
   * `notify_all c`: wake every thread waiting on `c` at this moment (each then takes its mutex
   * again); a notify with no waiter is lost (model-spec §4). One step.
   */
  notifyAll(c: string): this {
    return this.emit({ op: 'notify_all', cond: c });
  }
  /**
   * `notify_one c`: wake one thread waiting on `c`; which one is a choice of the search (every waiter
   * is a branch). A notify with no waiter is lost (model-spec §4).
   */
  notifyOne(c: string): this {
    return this.emit({ op: 'notify_one', cond: c });
  }

  /**
   * `into = waitpid(pid, flags)`: `p.waitpid(CHILD, 0, r)` is `r = waitpid(CHILD, 0)`, `flags`
   * `['WNOHANG']` is `WNOHANG` (the only flag waitpid takes). The number is looked up when the call
   * starts (K2): a zombie child is reaped, `r.pid` and `r.ret` its pid, `r.status` its status (K1); a
   * running one gives 0 with WNOHANG, else the thread blocks, bound to that incarnation, and on
   * wake-up rescans: it reaps the child, or gets ECHILD if another thread reaped it first (K4). A free
   * number, or one that is not our child, gives ECHILD; a number recycled to another child of ours
   * waits on that one (K2). `pid` -1 is any child of ours (K5: which zombie is reaped is a choice).
   */
  waitpid(pid: OperandLike, flags: WaitFlag[] | 0, into?: Reg | string): this {
    return this.emit({ op: 'waitpid', pid: operand(pid), flags: flagList(flags), ...this.into(into) });
  }
  /**
   * `into = waitid(idtype, id, flags)`: `p.waitid('P_PID', CHILD, ['WEXITED', 'WNOWAIT'], r)` is
   * `r = waitid(P_PID, CHILD, WEXITED|WNOWAIT)`. As `waitpid`, but `r.ret` is 0 and the pid is in
   * `r.pid` (`si_pid`: 0 with WNOHANG on a running child, K2); `WNOWAIT` reads a zombie's status and
   * leaves it waitable (K3); `flags` must contain `WEXITED`. `P_PIDFD`: `id` is a pidfd, bound to its
   * incarnation, never to a later owner of the number (K10): EBADF for a closed fd, EINVAL for an fd
   * that is not a pidfd, ECHILD once the process was reaped.
   */
  waitid(idtype: 'P_PID' | 'P_PIDFD', id: OperandLike, flags: WaitFlag[], into?: Reg | string): this {
    return this.emit({ op: 'waitid', idtype, id: operand(id), flags, ...this.into(into) });
  }
  /**
   * `into = kill(pid, sig)`: `p.kill(CHILD, SIGNALS.SIGKILL, r)` is `r = kill(CHILD, SIGKILL)`. The
   * number is resolved now, and the call never blocks: a running process gets the signal (it becomes a
   * zombie with `signaled(sig)`); a zombie ignores it and the call returns 0 (K6); a free number gives
   * ESRCH, and a recycled one signals its new owner (K7: what `no-stray-signal` catches). `sig` 0
   * only tests that the number is held.
   */
  kill(pid: OperandLike, sig: number, into?: Reg | string): this {
    return this.emit({ op: 'kill', pid: operand(pid), sig, ...this.into(into) });
  }
  /**
   * `into = pidfd_open(pid)`: a new fd (the lowest free number, from 3; `r.ret`) bound to the
   * incarnation holding `pid`, running or zombie; ESRCH once it was reaped (K8). In `setup` it is
   * `clone(CLONE_PIDFD)`: no other thread can reap the child before it (K8).
   */
  pidfdOpen(pid: OperandLike, into?: Reg | string): this {
    return this.emit({ op: 'pidfd_open', pid: operand(pid), ...this.into(into) });
  }
  /**
   * `into = pidfd_send_signal(fd, sig)`: signal the incarnation pidfd `fd` is bound to: a running
   * process gets it, a zombie ignores it (0), a reaped one gives ESRCH, and an fd that is not a pidfd
   * EBADF; it never reaches a process that reused the number (K9).
   */
  pidfdSendSignal(fd: OperandLike, sig: number, into?: Reg | string): this {
    return this.emit({ op: 'pidfd_send_signal', fd: operand(fd), sig, ...this.into(into) });
  }
  /**
   * `into = poll(fd)` on a pidfd: returns 1 (readable) once its incarnation is no longer running
   * (zombie or reaped), and blocks until then (K11); it never reaps. EBADF for a closed fd;
   * SIMPLIFICATION (kernel/pidfd.ts): a plain file is always readable.
   */
  poll(fd: OperandLike, into?: Reg | string): this {
    return this.emit({ op: 'poll', fd: operand(fd), ...this.into(into) });
  }
  /**
   * `into = close(fd)`: free the fd number, so the next `pidfd_open` or open gets it (lowest free
   * number, POSIX: how pid reuse becomes fd reuse); EBADF when `fd` is not open.
   */
  close(fd: OperandLike, into?: Reg | string): this {
    return this.emit({ op: 'close', fd: operand(fd), ...this.into(into) });
  }

  /**
   * Block forever: the thread never takes another step, as a program that waits on something that
   * never comes. It counts as blocked for no-deadlock, exactly as a thread stuck in a lock does; it
   * may end a program (nothing runs past it).
   */
  blockForever(): this {
    return this.emit({ op: 'block_forever' });
  }

  /** The instructions `body` adds run as one step (model-spec §2). */
  atomic(body: (p: this) => void): this {
    const at = this.code.length;
    this.emit({ op: 'atomic', len: 0 });
    body(this);
    this.code[at] = { op: 'atomic', len: this.code.length - at - 1 };
    return this;
  }

  /** Add a fragment (an inlined program such as "the poll program above"). */
  inline(fragment: (p: this) => void): this {
    fragment(this);
    return this;
  }

  /** Every mistake with the labels of this program: each label defined twice, each jump to a label never defined. */
  labelProblems(): string[] {
    const out = [...this.twice].map((l) => `label ${l} defined twice — give each place its own name (p.fresh('${l}') makes one)`);
    this.code.forEach((i, pc) => {
      if (i.op === 'jump-to-label' && !this.labels.has(i.label)) out.push(`instruction ${pc} (jump): jump to undefined label ${i.label} — define it with p.label('${i.label}')`);
    });
    return out;
  }

  /** The labels, name → instruction index (what `Strategy.labels` holds for messages). */
  labelMap(): Record<string, number> {
    return Object.fromEntries(this.labels);
  }

  /**
   * The program: the instructions in order, each jump to a label turned into a jump to its index.
   * Throws one InputError listing every label mistake. `strategy()` and `program()` call it.
   */
  build(): Program {
    const problems = this.labelProblems();
    if (problems.length > 0) throw new InputError(problems.join('; '));
    return this.code.map((i): Instr => {
      if (i.op !== 'jump-to-label') return i;
      const to = this.labels.get(i.label)!;
      return i.if ? { op: 'jump', to, if: i.if } : { op: 'jump', to };
    });
  }
}

/**
 * A program written with the builder, `(p) => { … }`: a role of `strategy({ wait(p) { … } })`, a
 * fragment for `p.inline`, or the argument of `program`.
 */
export type ProgramFn = (p: ProgramBuilder) => void;

/**
 * The `Program` value `fn` writes, outside any strategy (a fragment compiled on its own, a test of
 * one program); a mistake with its labels throws an InputError.
 */
export function program(fn: ProgramFn): Program {
  const p = new ProgramBuilder();
  fn(p);
  return p.build();
}

/**
 * What `strategy()` takes: the header, the memory (`shared` per child, `process` for the whole
 * process) and each program as a `ProgramFn`: `setup`, the per-child roles `wait`, `kill`, `poll`,
 * and the process-wide `loop`.
 */
export interface StrategyDef {
  /** The strategy's name (`cpython-3.9`): what the matrix, traces and `findStrategy` call it. */
  readonly name: string;
  /** One paragraph: what the strategy does and why it is safe or not, with its kernel facts. */
  readonly description: string;
  /** Library versions the encoding covers. */
  readonly versions?: string;
  /** Where the behaviour was read from (code, bug reports). */
  readonly sources?: readonly string[];
  /** Per-child memory: one copy per managed child. */
  readonly shared?: SharedDecl;
  /** Process-wide memory: one copy for the process. */
  readonly process?: SharedDecl;
  /** Runs before every thread and before the environment; the registers it sets start every role (model-spec §2). */
  readonly setup?: ProgramFn;
  /** Required unless there is a `loop`. */
  readonly wait?: ProgramFn;
  /** Send SIGKILL to the child; end with `signaled`, `already-exited` or an error. Required unless there is a `loop`. */
  readonly kill?: ProgramFn;
  /** The non-blocking "has it exited?" (`try_wait`): end with a status, `running` or an error. Optional. */
  readonly poll?: ProgramFn;
  /** The process-wide role: one thread for the whole process (an event loop, a reaper thread). */
  readonly loop?: ProgramFn;
}

const PROGRAMS = ['setup', 'wait', 'kill', 'poll', 'loop'] as const;
type ProgramName = (typeof PROGRAMS)[number];
type Built = { readonly program: Program; readonly labels: Readonly<Record<string, number>> };

/** Build each program `def` gives; mistakes with labels in any of them are thrown together, naming strategy and role. */
function buildPrograms(name: string, def: Partial<Record<ProgramName, ProgramFn | null>>): Partial<Record<ProgramName, Built>> {
  const built: Partial<Record<ProgramName, Built>> = {};
  const problems: string[] = [];
  for (const role of PROGRAMS) {
    const fn = def[role];
    if (!fn) continue;
    const p = new ProgramBuilder();
    fn(p);
    const bad = p.labelProblems();
    problems.push(...bad.map((m) => `strategy ${name}, ${role === 'setup' ? 'setup' : `role ${role}`}: ${m}`));
    if (bad.length === 0) built[role] = { program: p.build(), labels: p.labelMap() };
  }
  if (problems.length > 0) throw new InputError(problems.join('; '));
  return built;
}

/** The strategy value: header and memory from `head`, the programs from `built`. Plain data (a JSON round trip). */
function assemble(head: Omit<StrategyDef, ProgramName>, built: Partial<Record<ProgramName, Built>>): Strategy {
  const labels = Object.fromEntries(PROGRAMS.flatMap((r) => (built[r] && Object.keys(built[r].labels).length > 0 ? [[r, built[r].labels]] : [])));
  const s: Strategy = {
    name: head.name,
    description: head.description,
    ...(head.versions ? { versions: head.versions } : {}),
    ...(head.sources ? { sources: head.sources } : {}),
    shared: head.shared ?? {},
    ...(head.process ? { process: head.process } : {}),
    ...(built.setup ? { setup: built.setup.program } : {}),
    roles: {
      ...(built.wait ? { wait: built.wait.program } : {}),
      ...(built.kill ? { kill: built.kill.program } : {}),
      ...(built.poll ? { poll: built.poll.program } : {}),
      ...(built.loop ? { loop: built.loop.program } : {}),
    },
    ...(Object.keys(labels).length > 0 ? { labels } : {}),
  };
  // Round-trip through JSON: what travels is plain data, never a closure or a class instance.
  return JSON.parse(JSON.stringify(s)) as Strategy;
}

/**
 * Build a strategy value from programs written with the builder. Mistakes with labels in any of
 * its programs are thrown together, as one InputError naming the strategy and the role of each.
 */
export function strategy(def: StrategyDef): Strategy {
  return assemble(def, buildPrograms(def.name, def));
}

/**
 * What `extend` changes: a new name and description (required: it is another strategy), and any
 * of the header, the memory and the programs. A program given replaces the base's; `null` removes
 * it (a poll role the new strategy does not have); one left out is kept as the base has it.
 */
export interface Extension extends Omit<StrategyDef, ProgramName> {
  readonly setup?: ProgramFn | null;
  readonly wait?: ProgramFn | null;
  readonly kill?: ProgramFn | null;
  readonly poll?: ProgramFn | null;
  readonly loop?: ProgramFn | null;
}

/**
 * A new strategy from `base` (a catalogue strategy, or any strategy value) with some programs,
 * memory or header replaced: "as cpython-3.8, except the kill" is
 * `extend(cpython38, { name, description, kill(p) { … } })`. What is not given is the base's,
 * as it is (versions and sources too: say them again when they changed).
 */
export function extend(base: Strategy, ext: Extension): Strategy {
  const fresh = buildPrograms(ext.name, ext);
  const kept = (r: ProgramName): Built | undefined => {
    const program = r === 'setup' ? base.setup : base.roles[r];
    return program === undefined ? undefined : { program, labels: base.labels?.[r] ?? {} };
  };
  const built = Object.fromEntries(PROGRAMS.flatMap((r) => {
    const b = ext[r] === null ? undefined : ext[r] === undefined ? kept(r) : fresh[r];
    return b ? [[r, b]] : [];
  })) as Partial<Record<ProgramName, Built>>;
  const pick = <K extends keyof Extension & keyof Strategy>(k: K) => (k in ext ? ext[k] : base[k]);
  return assemble(
    {
      name: ext.name,
      description: ext.description,
      versions: pick('versions') as string | undefined,
      sources: pick('sources') as readonly string[] | undefined,
      shared: pick('shared') as SharedDecl | undefined,
      process: pick('process') as SharedDecl | undefined,
    },
    built,
  );
}
