/**
 * The world: one state of the kernel model plus our process's threads and shared memory
 * (model-spec §1). Worlds are copied on every step (`stepCopy`: the parts the step may change) and
 * mutated only while a step is being built, so a world reached by the search is never changed again.
 */
import type { Status, Value, Result } from './values.ts';

export type ProcState = 'running' | 'zombie' | 'reaped';

/** What a process is to the scenario. Ghost: the kernel cannot tell. */
export type ProcRole = 'child' | 'sibling' | 'unrelated';

/**
 * A process of the kernel model (model-spec §1): its pid number, its ghost incarnation, its state
 * (running, zombie, reaped: K1), whose child it is, and its status once it stopped running.
 */
export interface Proc {
  pid: number;
  /** Ghost: unique, never reused (the kernel's `struct pid`, K1). */
  inc: number;
  state: ProcState;
  /** `self` is a child of our process; `other` belongs to someone else on the machine. */
  parent: 'self' | 'other';
  /** Set when it stops running. */
  status: Status | null;
  role: ProcRole;
}

/** An open fd of our process: a pidfd bound to one incarnation (K8), or a plain file. */
export type FdEntry =
  | { kind: 'pidfd'; inc: number; byChurner: boolean }
  | { kind: 'file'; byChurner: boolean };

/** A thread inside a blocking call: entered, not yet completed (model-spec §2). */
export type Block =
  /** A wait bound at entry to one incarnation, or to "any child" (inc = -1) (K2). */
  | { kind: 'wait'; inc: number }
  /** `poll` on a pidfd bound to an incarnation (K11). */
  | { kind: 'poll'; inc: number }
  /** `cond_wait`: released the mutex, waiting to be notified, then to re-acquire it. */
  | { kind: 'cond'; notified: boolean };

/**
 * A strategy thread in a world: its next instruction, its registers, the blocking call it is inside
 * (if any), and its result once it returned.
 */
export interface ThreadState {
  /** Index of the next instruction; the program's length once the thread returned. */
  pc: number;
  /** Its registers, by the instance's `regIndex` (a register never written reads as none). */
  regs: Value[];
  /** The blocking call it entered and has not completed, if any (model-spec §2). */
  block: Block | null;
  /** What it returned; null while it runs. */
  result: Result | null;
  /** Ghost (for no-stale-poll): has the thread taken its first step, and was the child done just before it? */
  started: boolean;
  childDoneAtStart: boolean;
  /** How many times a kill thread has restarted its program (scope `retries`); absent while it never has. */
  round?: number;
}

/** The foreign reaper's one blocking `waitpid(CHILD, 0)`: not yet called, blocked on an incarnation, or done. */
export type ForeignReaperState = { phase: 'idle' } | { phase: 'blocked'; inc: number } | { phase: 'done' };

/**
 * One state of the model (model-spec §1): the processes, our fd table, shared memory and locks, the
 * strategy threads, what the adversaries have used of their bounds, and the SIGCHLD disposition.
 * `initialWorld` gives the first, `applyStep` the next.
 */
export interface World {
  /** Every process ever started, reaped ones included. */
  procs: Proc[];
  /** The ghost incarnation the next process gets (never reused, K1). */
  nextInc: number;
  /** fds[i] is fd i + 3 (fds start at 3; the lowest free number is taken, POSIX). */
  fds: (FdEntry | null)[];
  /** Shared variables, by the instance's `varIndex` (each child's block, then the process-wide ones). */
  vars: Value[];
  /** Owner thread of each mutex and of each rwlock's write side; -1 when free. */
  owners: number[];
  /** Readers holding each rwlock (thread indices, sorted). */
  readers: number[][];
  /** The strategy threads, in the instance's order. */
  threads: ThreadState[];
  /** Processes the spawner has started (at most the scope's `spawns`). */
  spawnsUsed: number;
  /** Children the `waitpid(-1)` reaper has reaped (at most the scope's `reaps`). */
  reapsUsed: number;
  /** Actions the fd churner has taken (at most the scope's `churns`). */
  churnsUsed: number;
  /** The foreign reaper's one blocking `waitpid(CHILD, 0)`. */
  foreignReaper: ForeignReaperState;
  /** SIGCHLD disposition of our process (K13). */
  sigchldIgnored: boolean;
}

/** The (first) managed child is always incarnation 1; child c of a many-children scope is incarnation c + 1. */
export const CHILD_INC = 1;

/** The incarnation of managed child `c`. */
export function childInc(c: number): number {
  return c + 1;
}

/**
 * A deep copy of `w`, sharing nothing with it. The search itself uses `stepCopy`, which shares what
 * a step does not change.
 */
export function cloneWorld(w: World): World {
  // Written out field by field (not spread): one object shape per type keeps the copy fast.
  return {
    procs: w.procs.map(cloneProc),
    nextInc: w.nextInc,
    fds: w.fds.map((f) => (f ? { ...f } : null)),
    vars: w.vars.slice(),
    owners: w.owners.slice(),
    readers: w.readers.map((r) => r.slice()),
    threads: w.threads.map(cloneThread),
    spawnsUsed: w.spawnsUsed,
    reapsUsed: w.reapsUsed,
    churnsUsed: w.churnsUsed,
    foreignReaper: { ...w.foreignReaper },
    sigchldIgnored: w.sigchldIgnored,
  };
}

/**
 * The copy of `w` that one step mutates (transitions.ts): what the step may change is copied, the
 * rest is shared with `w`. Why: most successors of a search are already-seen worlds thrown away at
 * once, and copying every thread, register array and lock table for each of them was most of the
 * search's garbage; kept worlds also share their unchanged threads with their parent.
 *
 * `thread` is the strategy thread taking the step, or -1 for an environment or adversary step
 * (adversaries.ts), which touches only processes, fds, counters and the foreign reaper. Shared parts
 * are never mutated, only replaced: the process table and its processes (exits, reaps and spawns,
 * kernel/process-table.ts), the fd table (kernel/fds.ts), blocks (a notify gives a waiter a new
 * thread object with a new block, exec-instr.ts), a rwlock's readers (sync.ts), the foreign
 * reaper's state. Shared memory and the lock tables are copied on the step's first write to them
 * (`writableVars`, `writableOwners`, `writableReaders`): most steps write neither, and a copy
 * that is never written was a slice per table per successor, and made the search compare it item
 * by item with its parent's (issue 16).
 */
export function stepCopy(w: World, thread: number): World {
  let threads = w.threads;
  if (thread >= 0) {
    threads = w.threads.slice();
    const t = w.threads[thread]!;
    threads[thread] = threadOf(t.pc, t.regs.slice(), t.block, t.result, t.started, t.childDoneAtStart, t.round);
  }
  const copy: World = {
    procs: w.procs,
    nextInc: w.nextInc,
    fds: w.fds,
    vars: w.vars,
    owners: w.owners,
    readers: w.readers,
    threads,
    spawnsUsed: w.spawnsUsed,
    reapsUsed: w.reapsUsed,
    churnsUsed: w.churnsUsed,
    foreignReaper: w.foreignReaper,
    sigchldIgnored: w.sigchldIgnored,
  };
  building = copy;
  sharedTables = VARS | OWNERS | READERS;
  return copy;
}

/**
 * The world the latest `stepCopy` made, and which of its tables are still its parent's. A step is
 * built to the end before the next `stepCopy` (transitions.ts `applyStep`), so one marker is
 * enough; any other world (`initialWorld`, `cloneWorld`) owns its tables and is written in place.
 */
let building: World | null = null;
let sharedTables = 0;
const VARS = 1;
const OWNERS = 2;
const READERS = 4;

/** `w`'s shared variables, to write: copied first if `w` is a step's copy still sharing its parent's. */
export function writableVars(w: World): Value[] {
  if (w === building && sharedTables & VARS) (w.vars = w.vars.slice()), (sharedTables &= ~VARS);
  return w.vars;
}

/** `w`'s lock owners, to write (as `writableVars`). */
export function writableOwners(w: World): number[] {
  if (w === building && sharedTables & OWNERS) (w.owners = w.owners.slice()), (sharedTables &= ~OWNERS);
  return w.owners;
}

/** `w`'s rwlock readers, to replace an entry of (as `writableVars`; the entries themselves are never changed). */
export function writableReaders(w: World): number[][] {
  if (w === building && sharedTables & READERS) (w.readers = w.readers.slice()), (sharedTables &= ~READERS);
  return w.readers;
}

function cloneProc(p: Proc): Proc {
  return procOf(p.pid, p.inc, p.state, p.parent, p.status, p.role);
}

/**
 * A process record. Every one is made here, by one literal: V8 gives objects made by a spread
 * (`{ ...p, state }`) maps of their own, and a duct-1.0 search held processes of five maps, which
 * made every read of a process's fields megamorphic — `Builtins_LoadIC_Megamorphic` was about 6%
 * of a reduced search's CPU (`perf`), under names no V8 profile shows (issue 16).
 */
export function procOf(pid: number, inc: number, state: Proc['state'], parent: Proc['parent'], status: Proc['status'], role: Proc['role']): Proc {
  return { pid, inc, state, parent, status, role };
}

function cloneThread(t: ThreadState): ThreadState {
  return threadOf(t.pc, t.regs.slice(), t.block ? { ...t.block } : null, t.result, t.started, t.childDoneAtStart, t.round);
}

/**
 * A thread state, made here by one literal as `procOf` makes processes (a spread copy gets a map of
 * its own): six properties, then `round` once a kill thread has restarted.
 */
export function threadOf(
  pc: number,
  regs: ThreadState['regs'],
  block: ThreadState['block'],
  result: ThreadState['result'],
  started: boolean,
  childDoneAtStart: boolean,
  round: number | undefined,
): ThreadState {
  const c: ThreadState = { pc, regs, block, result, started, childDoneAtStart };
  if (round !== undefined) c.round = round;
  return c;
}

/**
 * The canonical key of a world: two worlds with the same key behave the same. Registers of a
 * thread that returned are dropped (nothing reads them again).
 */
export function worldKey(w: World): string {
  let s = '';
  for (const p of w.procs) s += `${p.pid}.${p.inc}.${p.state[0]}.${p.parent[0]}.${statusKey(p.status)}|`;
  s += `#${w.nextInc}#`;
  for (const f of w.fds) s += f === null ? '-,' : f.kind === 'pidfd' ? `p${f.inc}${f.byChurner ? 'c' : ''},` : `f${f.byChurner ? 'c' : ''},`;
  s += '#';
  for (const v of w.vars) s += valueKey(v) + ',';
  s += '#' + w.owners.join(',') + '#' + w.readers.map((r) => r.join('.')).join(',') + '#';
  for (const t of w.threads) {
    // A returned thread is only "returned": its value was judged at its return, and nothing reads it (or its ghost) after.
    if (t.result) s += 'R';
    else {
      s += `${t.pc}:${t.started ? 1 : 0}${t.childDoneAtStart ? 1 : 0}${t.round ? `r${t.round}` : ''}:`;
      for (const r of t.regs) s += valueKey(r) + ',';
      const b = t.block;
      if (b) s += b.kind === 'cond' ? `c${b.notified ? 1 : 0}` : `${b.kind[0]}${b.inc}`;
    }
    s += ';';
  }
  const fr = w.foreignReaper;
  s += `#${w.spawnsUsed}.${w.reapsUsed}.${w.churnsUsed}.${fr.phase}${fr.phase === 'blocked' ? fr.inc : ''}`;
  return s;
}

/**
 * A value's part of a key: short, and distinct for distinct values (JSON.stringify was the search's
 * hot spot). Symmetry passes renamings of pid and fd numbers (model/symmetry.ts).
 */
export function valueKey(v: Value, pidMap: (x: number) => number = same, fdMap: (x: number) => number = same): string {
  if (v === null) return 'n';
  if (typeof v === 'boolean') return v ? 'T' : 'F';
  if (typeof v === 'number') return `${fdMap(pidMap(v))}`;
  if (typeof v === 'string') return v;
  switch (v.kind) {
    case 'exited':
      return `e${v.code}`;
    case 'signaled':
      return `s${v.signal}`;
    case 'running':
      return 'r';
    case 'already-exited':
      return 'a';
    case 'error':
      return `E${v.errno}`;
    case 'call':
      return `{${fdMap(pidMap(v.ret))} ${v.err ?? ''} ${v.pid === null ? '' : pidMap(v.pid)} ${v.status ? valueKey(v.status, pidMap, fdMap) : ''}}`;
  }
}

/** The identity renaming: a world's own key names pids and fds as they are. */
function same(x: number): number {
  return x;
}

function statusKey(s: Status | null): string {
  if (!s) return '';
  return s.kind === 'exited' ? `e${s.code}` : `s${s.signal}`;
}

/** The managed child (incarnation 1), or child `c` of a many-children scope: it is in the table for the whole run. */
export function managedChild(w: World, c = 0): Proc {
  const inc = childInc(c);
  for (const p of w.procs) if (p.inc === inc) return p;
  throw new Error('[reapcheck internal bug] the managed child is missing from the process table');
}
