/**
 * Partial-order reduction by ample sets (Peled; Clarke–Grumberg–Peled ch. 10): in a world where the
 * threads of one managed child can only touch that child's own shared memory (its variables, locks
 * and conds: instance.ts gives each child its own block), expanding just those threads' steps loses
 * no verdict. Such steps commute with every step of other children, of the environment and of the
 * adversaries, which never touch that memory.
 *
 * A child's cluster is ample in `w` when (C0–C3):
 * - C0: some thread of the cluster whose next action is a shared-memory or sync operation is enabled;
 * - C1: every other thread of the cluster (in a syscall, blocked in a wait, not yet started as a
 *   poller) can never, from its pc on, touch an object those next actions touch (a static
 *   over-approximation over the program's control flow, with a retrying killer's return leading
 *   back to its start), so nothing outside the ample set depends on it. Paths stop at a `lock` of
 *   a mutex that an ample thread holds: that thread's next step is in the ample set, so until an
 *   ample step runs it has not moved and still holds the mutex, and whatever the other thread
 *   would touch behind that `lock` cannot come first (`guardedFuture`);
 * - C2: no ample step is visible: none signals or reaps, and none is a return an invariant could
 *   judge differently after steps outside the set (`returnVisible`: a waiter's or poller's return
 *   while the child still runs; a killer's return is judged by no invariant);
 * - C3 (cycle proviso, static form): no ample step is a *loop step*, one after which its thread has
 *   not progressed (`progressed`: its round, pc and block phase did not increase). Every other
 *   step increases a measure that renaming preserves (threads' progress, process states, the
 *   adversaries' counters), so every cycle of the reduced graph — also of the symmetry quotient —
 *   contains a loop step, and the world it leaves was fully expanded. (The breadth-first form,
 *   "no ample step reaches a world seen at this depth or less", rejected most ample sets: a blocked
 *   wait that completes with ECHILD reaches in two steps what a call made later reaches in one.)
 *
 * A second kind of ample set, `kernel` (kernel-aware independence): *every* step of one child's
 * threads, with the child's own exit and the exit of a sibling that took its number, when nothing
 * outside that cluster can touch what the cluster touches before the cluster moves. Footprints:
 * when a strategy is child-local (`childLocal`: its roles name processes only as `CHILD` and fds
 * only through registers that setup filled, never open fds, no fd churner), child c's threads touch
 * only c's shared memory, the process holding c's number p_c (K1: one number, one holder) and the
 * incarnation behind c's setup pidfds (K8); another child's threads touch only theirs. Outside
 * actors that can touch p_c, checked in the world: the spawner while p_c is free (K1: a free number
 * can be taken), the `waitpid(-1)` reaper while p_c's holder or child c is a zombie of ours (K5),
 * the foreign reaper while idle (it may choose c) or blocked on c's incarnation (K2). When none
 * can, every step outside the cluster touches disjoint objects, so it commutes with the cluster's
 * steps and sees the same objects in either order. Every invariant judges a transition by what
 * that transition touches (who a kill reached, who a reap took, the thread's own return and its
 * child's status) or an end world, so trace-equivalent schedules violate the same invariants: no
 * visibility condition (C2) is needed for these steps. C3 as above.
 *
 * A third kind, tried first: the lone exit of a sibling on a number no child has
 * (`loneSiblingExit`). In a child-local strategy no thread can name that process, the
 * `waitpid(-1)` reaper can take it only after the exit, and nothing judges the exit: it commutes
 * with every other step, so it alone is ample (and it always progresses: C3).
 * Process-wide strategies (instance.ts `processWide`: a loop over the children, process-wide
 * memory, a thread that names another child) get no ample sets: each kind above rests on
 * threads that touch only their own child.
 * SIMPLIFICATION: with a depth bound that cuts schedules (`truncated`), the reduced search can cut
 * schedules the full one does not; no catalogue cell reaches the bound.
 */
import type { Instance } from '../model/instance.ts';
import type { World } from '../model/world.ts';
import type { Step, Transition } from '../model/transitions.ts';
import { applyStep } from '../model/transitions.ts';
import type { Operand, Program } from '../model/strategy/types.ts';
import { futureObjects, objectsOf } from './por-footprints.ts';
import { holderOf } from '../model/kernel/process-table.ts';
import { managedChild } from '../model/world.ts';
import { registersWritten } from '../model/strategy/instr-registers.ts';
import { restartsOf } from '../model/instance.ts';

/** An ample step: its index among the enabled steps, and the transition it makes. */
export interface AmpleStep {
  readonly index: number;
  readonly tr: Transition;
}

/** Per instance: shared-memory objects as bits, per thread what its next and future instructions touch. */
interface PorPlan {
  readonly inst: Instance;
  /** Per thread: its child; whether it is a poller; per pc the objects of the next step (-1: a syscall) and of every later one. */
  readonly childOf: Int32Array;
  /** Per child: its threads, in increasing order (the candidates are made child by child). */
  readonly threadsOf: Int32Array[];
  readonly poller: Uint8Array;
  readonly now: Int32Array[];
  readonly future: Int32Array[];
  /**
   * Per thread, per set of guard locks (bits of `inst.lockNames`): per pc the objects it may touch
   * before it acquires one of them (`futureObjects` with guards), made when first asked for.
   */
  readonly guarded: Map<number, Int32Array>[];
  readonly bits: (objs: readonly string[] | null) => number;
  readonly local: boolean;
  /** Scratch per child: its shared-memory candidate (threads as bits) and its size in steps (0: none). */
  masks: Int32Array;
  sizes: Int32Array;
}

let plan: PorPlan | null = null;

function porPlan(inst: Instance): PorPlan {
  if (plan !== null && plan.inst === inst) return plan;
  const ids = new Map<string, number>();
  const bits = (objs: readonly string[] | null): number => {
    if (objs === null) return -1;
    let m = 0;
    for (const o of objs) {
      if (!ids.has(o)) ids.set(o, ids.size);
      // More than 30 objects: they share bits, which only makes C1 stricter.
      m |= 1 << ids.get(o)! % 30;
    }
    return m;
  };
  const T = inst.threads.length;
  const childOf = new Int32Array(T);
  const poller = new Uint8Array(T);
  const now: Int32Array[] = [];
  const future: Int32Array[] = [];
  for (let t = 0; t < T; t++) {
    const spec = inst.threads[t]!;
    childOf[t] = spec.child ?? 0;
    poller[t] = spec.role === 'poll' ? 1 : 0;
    const prog = spec.program;
    now.push(Int32Array.from({ length: prog.length + 1 }, (_, pc) => bits(objectsOf(prog, pc))));
    future.push(Int32Array.from([...futureObjects(prog, restartsOf(inst, t) > 0), new Set<string>()], (set) => bits([...set])));
  }
  const guarded = inst.threads.map(() => new Map<number, Int32Array>());
  const threadsOf = Array.from({ length: inst.children }, (_, c) => Int32Array.from(inst.threads.flatMap((_, t) => (childOf[t] === c ? [t] : []))));
  return (plan = { inst, childOf, threadsOf, poller, now, future, guarded, bits, local: childLocal(inst), masks: new Int32Array(8), sizes: new Int32Array(8) });
}


/** Thread t's objects per pc before it acquires one of the locks in `held` (bits of `inst.lockNames`). */
function guardedFuture(P: PorPlan, t: number, held: number): Int32Array {
  const cache = P.guarded[t]!;
  let out = cache.get(held);
  if (!out) {
    const inst = P.inst;
    const guards = new Set(inst.lockNames.filter((_, i) => held & (1 << i)));
    const sets = futureObjects(inst.threads[t]!.program, restartsOf(inst, t) > 0, guards);
    out = Int32Array.from([...sets, new Set<string>()], (set) => P.bits([...set]));
    cache.set(held, out);
  }
  return out;
}

/**
 * The ample subset of `steps` (the enabled steps of `w`), or null to expand them all. Candidates
 * are sized before any step is applied, and tried smallest first: shared-memory sets, then kernel
 * clusters; the first that passes C2/C3 is taken.
 */
export function ampleSteps(inst: Instance, w: World, steps: readonly Step[]): AmpleStep[] | null {
  // Every ample set here is a child's cluster; a process-wide thread (a loop) belongs to every child's.
  if (inst.processWide) return null;
  const P = porPlan(inst);
  const n = inst.children;
  if (P.local) {
    const lone = loneSiblingExit(inst, steps);
    if (lone >= 0) return [{ index: lone, tr: applyStep(inst, w, steps[lone]!, true) }];
  }
  // Shared-memory candidates: per child, the threads whose next step touches shared memory only.
  if (P.masks.length < n) (P.masks = new Int32Array(2 * n)), (P.sizes = new Int32Array(2 * n));
  for (let c = 0; c < n; c++) {
    P.sizes[c] = 0;
    let members = 0;
    let objs = 0;
    // Child c's own threads only: T threads looked at per world, not children × T (no measurable gain alone, issue 16).
    const mine = P.threadsOf[c]!;
    for (let i = 0; i < mine.length; i++) {
      const t = mine[i]!;
      const th = w.threads[t]!;
      if (th.result !== null) continue;
      const k = th.block;
      const own = (k !== null && k.kind !== 'cond') || (P.poller[t] === 1 && !th.started) ? -1 : P.now[t]![th.pc]!;
      if (own === -1) continue;
      members |= 1 << t % 31;
      objs |= own;
    }
    if (members === 0) continue;
    // Locks held by a member whose step is enabled: it keeps them until an ample step runs, so
    // another thread's accesses behind a `lock` of one of them cannot come first.
    const held = heldByMovers(inst, w, steps, P, c, members);
    // C1: the cluster's other unfinished threads never touch these objects again (before they get one of those locks).
    let clash = false;
    for (let i = 0; i < mine.length && !clash; i++) {
      const t = mine[i]!;
      if (members & (1 << t % 31)) continue;
      const th = w.threads[t]!;
      if (th.result === null && (held === 0 ? P.future[t]! : guardedFuture(P, t, held))[th.pc]! & objs) clash = true;
    }
    if (clash) continue;
    let size = 0;
    for (const st of steps) if (st.kind === 'thread' && members & (1 << st.thread % 31) && P.childOf[st.thread] === c) size++;
    P.masks[c] = members;
    P.sizes[c] = size;
  }
  for (let c = smallest(P, n, steps.length); c >= 0; c = smallest(P, n, steps.length)) {
    const got = applyCandidate(inst, w, steps, P, c, P.masks[c]!, true);
    if (got !== null) return got;
  }
  if (!P.local) return null;
  // Kernel clusters, smallest first, among those nothing outside can touch.
  for (let c = 0; c < n; c++) P.sizes[c] = clusterBlocker(inst, w, c) === ISOLATED ? clusterSize(inst, steps, P, c) : 0;
  for (let c = smallest(P, n, steps.length); c >= 0; c = smallest(P, n, steps.length)) {
    const got = applyCandidate(inst, w, steps, P, c, 0, false);
    if (got !== null) return got;
  }
  return null;
}

/**
 * The locks of child c (bits of `inst.lockNames`) written-held by a member thread whose next step is
 * enabled. Until an ample step runs, that thread does not move (its step is in the ample set), so
 * it still holds them. At most 30 locks are tracked; others are never guards, which only makes C1 stricter.
 */
function heldByMovers(inst: Instance, w: World, steps: readonly Step[], P: PorPlan, c: number, members: number): number {
  const L = Math.min(inst.lockNames.length, 30);
  let held = 0;
  for (let i = 0; i < L; i++) {
    const o = w.owners[c * inst.lockNames.length + i]!;
    if (o < 0 || P.childOf[o] !== c || !(members & (1 << o % 31))) continue;
    for (const st of steps) {
      if (st.kind === 'thread' && st.thread === o) {
        held |= 1 << i;
        break;
      }
    }
  }
  return held;
}

/**
 * A sibling's exit that nothing else can depend on (an ample set of one step): the sibling holds a
 * number that is no child's, and in a child-local strategy threads name processes only by their
 * own child's number, so no thread can signal, wait for or open it; the `waitpid(-1)` reaper can
 * take it only after this exit, the foreign reaper waits only on children's numbers, and the
 * spawner needs a free number. Its exit is judged by no invariant, and it is no loop step (C3).
 * The index of that step, or -1.
 */
function loneSiblingExit(inst: Instance, steps: readonly Step[]): number {
  if (steps.length < 2) return -1;
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    if (s.kind === 'sibling-exit' && !inst.childPids.includes(s.pid)) return i;
  }
  return -1;
}

/** The child with the smallest candidate (in `P.sizes`, 0 for none) that is not every step, taken out of the running; -1 when none is left. */
function smallest(P: PorPlan, n: number, all: number): number {
  let best = -1;
  for (let c = 0; c < n; c++) if (P.sizes[c]! > 0 && P.sizes[c]! < all && (best < 0 || P.sizes[c]! < P.sizes[best]!)) best = c;
  if (best >= 0) P.sizes[best] = 0;
  return best;
}

/** Whether step `s` belongs to child c's kernel cluster: its threads, its own exit, the exit of a sibling on its number. */
function inCluster(inst: Instance, P: PorPlan, s: Step, c: number): boolean {
  if (s.kind === 'thread') return P.childOf[s.thread] === c;
  if (s.kind === 'child-exit') return (s.child ?? 0) === c;
  return s.kind === 'sibling-exit' && s.pid === inst.childPids[c];
}

/** How many of `steps` (the enabled steps of a world) belong to child c's kernel cluster. */
export function kernelClusterSize(inst: Instance, steps: readonly Step[], c: number): number {
  return clusterSize(inst, steps, porPlan(inst), c);
}

function clusterSize(inst: Instance, steps: readonly Step[], P: PorPlan, c: number): number {
  let size = 0;
  for (const s of steps) if (inCluster(inst, P, s, c)) size++;
  return size;
}

/**
 * Apply the candidate's steps: the shared-memory set of child c (`shm`: threads in `mask`) or its
 * kernel cluster. Null when a step breaks C2 (shared-memory sets only) or C3.
 */
function applyCandidate(inst: Instance, w: World, steps: readonly Step[], P: PorPlan, c: number, mask: number, shm: boolean): AmpleStep[] | null {
  const ample: AmpleStep[] = [];
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    if (shm ? s.kind !== 'thread' || P.childOf[s.thread] !== c || !(mask & (1 << s.thread % 31)) : !inCluster(inst, P, s, c)) continue;
    const tr = applyStep(inst, w, s, true);
    if (s.kind === 'thread' && !progressed(w, tr.after, s.thread)) return null;
    if (shm && s.kind === 'thread') {
      const ev = tr.events;
      // C2 for shared-memory sets (kernel clusters need none, see the header).
      if ((ev.returned !== null && returnVisible(inst, w, s.thread, c)) || ev.signals.length > 0 || ev.reaps.length > 0) return null;
    }
    ample.push({ index: i, tr });
  }
  return ample.length > 0 && ample.length < steps.length ? ample : null;
}

/**
 * C2 for a return: whether an invariant could judge thread t's return (t of child c) differently
 * once it is moved before steps outside its set. Only a waiter's or a poller's return is judged
 * (status-correct, no-wait-error, no-stale-poll), by its own value, the poller's ghost taken at its
 * first step, and child c's status and whether c runs. Once c has stopped running, its status is
 * fixed (K1: a zombie keeps it) and nothing makes it run again; while c runs, its own exit, outside
 * a shared-memory set, would change the judgement.
 */
function returnVisible(inst: Instance, w: World, t: number, c: number): boolean {
  const role = inst.threads[t]!.role;
  return (role === 'wait' || role === 'poll') && managedChild(w, c).state === 'running';
}

/** Whether thread t progressed from `before` to `after`: its (round, pc, block phase) increased. */
function progressed(before: World, after: World, t: number): boolean {
  const a = before.threads[t]!;
  const b = after.threads[t]!;
  const ra = a.round ?? 0;
  const rb = b.round ?? 0;
  if (ra !== rb) return rb > ra;
  if (a.pc !== b.pc) return b.pc > a.pc;
  return phase(b) > phase(a);
}

/** A thread's phase at one pc: running, blocked in a call, notified in a cond_wait (the order a call goes through). */
function phase(t: World['threads'][number]): number {
  const k = t.block;
  return k === null ? 0 : k.kind === 'cond' && k.notified ? 2 : 1;
}

/** What `clusterBlocker` found: nothing outside child c's cluster can touch it, or the first outside actor that can. */
export const ISOLATED = 0;
export const SPAWNER = 1;
export const WATCHER_CHILD = 2;
export const WATCHER_HOLDER = 3;
export const FOREIGN_REAPER = 4;

/**
 * Whether nothing outside child c's cluster can touch the process behind c's number or c's own
 * incarnation before the cluster moves (the actors of adversaries.ts; see the header): ISOLATED,
 * or the first actor that can — the spawner (c's number is free), the `waitpid(-1)` watcher (c is
 * a zombie of ours, or the process on c's number is), the foreign reaper (idle, or blocked on c).
 */
export function clusterBlocker(inst: Instance, w: World, c: number): number {
  const sc = inst.scenario;
  const holder = holderOf(w, inst.childPids[c]!);
  if (sc.spawner !== 'none' && w.spawnsUsed < inst.scope.spawns && holder === undefined) return SPAWNER;
  if (sc.reaperAny && w.reapsUsed < inst.scope.reaps) {
    if (managedChild(w, c).state === 'zombie') return WATCHER_CHILD;
    if (holder && holder.state === 'zombie' && holder.parent === 'self') return WATCHER_HOLDER;
  }
  if (sc.foreignReaper) {
    const fr = w.foreignReaper;
    if (fr.phase === 'idle') return FOREIGN_REAPER;
    if (fr.phase === 'blocked' && (fr.inc === c + 1 || fr.inc === holder?.inc || fr.inc === -1)) return FOREIGN_REAPER;
  }
  return ISOLATED;
}

const localCache = new WeakMap<Instance, boolean>();

/**
 * Whether each child's threads can only touch their own child's number and setup fds: role
 * programs name processes only as `CHILD`, fds only through registers no role writes (setup's
 * pidfds), open no fds, and no fd churner allocates fds under them.
 */
export function childLocal(inst: Instance): boolean {
  const hit = localCache.get(inst);
  if (hit !== undefined) return hit;
  const r = inst.strategy.roles;
  const roles: Program[] = [r.wait ?? [], r.kill ?? [], r.poll ?? [], r.loop ?? []];
  const written = new Set<string>();
  for (const prog of roles) for (const ins of prog) for (const r of registersWritten(ins)) written.add(r);
  const isChild = (o: Operand): boolean => 'child' in o;
  const setupReg = (o: Operand): boolean => 'reg' in o && !written.has(o.reg) && o.field === undefined;
  // Setup's pidfds must be of its own child, so that a setup register names only that child's fd.
  let ok = !inst.scenario.fdChurner && (inst.strategy.setup ?? []).every((ins) => ins.op !== 'pidfd_open' || isChild(ins.pid));
  for (const prog of roles) {
    for (const ins of prog) {
      if (!ok) break;
      if (ins.op === 'kill' || ins.op === 'waitpid') ok = isChild(ins.pid);
      else if (ins.op === 'waitid') ok = ins.idtype === 'P_PID' ? isChild(ins.id) : setupReg(ins.id);
      else if (ins.op === 'pidfd_send_signal' || ins.op === 'poll' || ins.op === 'close') ok = setupReg(ins.fd);
      else if (ins.op === 'pidfd_open') ok = false;
    }
  }
  localCache.set(inst, ok);
  return ok;
}
