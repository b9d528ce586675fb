/**
 * Symmetry reduction: a canonical key under the permutations that map the model onto itself
 * (model-spec §1–§6), so that a search visits one world per class of symmetric worlds.
 *
 * Two symmetries are used:
 * - **threads of one role of one child** (two killers, two waiters) run the same program from the
 *   same registers: swapping them (and the lock owners that name them) changes nothing;
 * - **managed children** are interchangeable up to renaming their pid numbers, incarnations, the
 *   fds their setup opened, their shared-memory blocks and their threads: every adversary treats
 *   pids alike (any free pid, any zombie, any child) and every invariant is per thread about its
 *   own child.
 *
 * The key of a world is the least key over the children permutations (killers sorted inside each),
 * so symmetric worlds get the same key. The search does not build it: it uses the canonical
 * fingerprint of symmetry-fingerprint.ts, which merges exactly the worlds this key merges (a test)
 * without N! strings per world; the key stays as its reference and for worlds where a thread names
 * another child. A search keeps a concrete world per class, so traces stay
 * concrete and BFS depths (counterexample lengths) are those of the unreduced search.
 */
import type { Instance } from './instance.ts';
import { strategyPrograms } from './instance.ts';
import type { World, ThreadState } from './world.ts';
import { valueKey } from './world.ts';
import type { Value } from './values.ts';
import type { Operand, Program } from './strategy/types.ts';

/** The precomputed group of one instance. */
export interface Symmetry {
  readonly inst: Instance;
  /** Children permutations to try (old child → new child); [identity] when children are not permuted. */
  readonly perms: readonly (readonly number[])[];
  /** Per child, its threads (indices), in local order. */
  readonly threadsOf: readonly (readonly number[])[];
  /** Per child, the fds its setup opened, in order. */
  readonly setupFds: readonly (readonly number[])[];
  /** The largest of them (2 when there are none). */
  readonly maxSetupFd: number;
}

/**
 * Why children cannot be permuted in this instance, or null when they can. Register values are
 * renamed by range (a number among the children's pids is a pid, one among their setup fds an
 * fd), which is exact only when nothing else puts such numbers in a register.
 * SIMPLIFICATION: instances outside these conditions get thread symmetry only (still sound).
 */
export function childSymmetryBlocker(inst: Instance, setupFds: readonly (readonly number[])[]): string | null {
  if (inst.children < 2) return 'one child';
  if (inst.processWide) return 'a process-wide strategy: a thread names other children (a loop visits them in order) or memory that is no child\'s';
  if (inst.scenario.fdChurner) return 'the fd churner takes the lowest free fd, which renaming fds does not preserve';
  if (inst.scope.pidBase <= inst.scope.maxFd) return 'pid numbers and fd numbers overlap';
  const lens = new Set(setupFds.map((f) => f.length));
  if (lens.size > 1) return 'children setups open different numbers of fds';
  const progs: Program[] = strategyPrograms(inst.strategy);
  for (const prog of progs) {
    for (const ins of prog) {
      if (ins.op === 'add') return 'a strategy adds numbers (a counter could equal a pid or an fd)';
      if (ins.op === 'pidfd_open' && prog !== progs[0]) return 'a role opens fds after setup (lowest-free allocation is not renamed)';
      for (const v of Object.values(ins)) if (numericLiteral(v)) return 'a strategy uses a numeric literal (it could name a pid or an fd)';
    }
  }
  for (const v of Object.values(inst.strategy.shared.vars ?? {})) if (typeof v === 'number') return 'a shared variable holds a number';
  return null;
}

function numericLiteral(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Operand;
  if ('lit' in o) return typeof o.lit === 'number' && o.lit > 2;
  if (Array.isArray(v)) return v.some(numericLiteral);
  return Object.values(v).some(numericLiteral);
}

function permutations(n: number): number[][] {
  if (n <= 1) return [[0]];
  const out: number[][] = [];
  for (const rest of permutations(n - 1)) for (let i = 0; i <= rest.length; i++) out.push([...rest.slice(0, i), n - 1, ...rest.slice(i)]);
  return out;
}

/**
 * Whether a search of `inst` may use symmetry at all. The symmetric fingerprint
 * (symmetry-fingerprint.ts) reads memory and threads as per-child blocks; a process-wide strategy
 * has memory and a loop thread that belong to no child, so it is searched without symmetry.
 */
export function symmetryUsable(inst: Instance): boolean {
  return !inst.processWide;
}

/** The symmetry group of `inst`, given its initial world (whose fd table says which fd each setup opened). */
export function symmetryOf(inst: Instance, init: World): Symmetry {
  const threadsOf: number[][] = Array.from({ length: inst.children }, () => []);
  inst.threads.forEach((spec, t) => threadsOf[spec.child ?? 0]!.push(t));
  const setupFds: number[][] = Array.from({ length: inst.children }, () => []);
  init.fds.forEach((f, i) => {
    if (f?.kind === 'pidfd' && f.inc >= 1 && f.inc <= inst.children) setupFds[f.inc - 1]!.push(i + 3);
  });
  const perms = childSymmetryBlocker(inst, setupFds) === null ? permutations(inst.children) : [Array.from({ length: inst.children }, (_, i) => i)];
  return { inst, perms, threadsOf, setupFds, maxSetupFd: Math.max(2, ...setupFds.flat()) };
}

/** The number fd `fd` gets when old child c becomes child to[c]: a setup fd moves with its child, any other stays. */
export function movedSetupFd(sym: Symmetry, fd: number, to: ArrayLike<number>): number {
  for (let c = 0; c < sym.setupFds.length; c++) {
    const k = sym.setupFds[c]!.indexOf(fd);
    if (k >= 0) return sym.setupFds[to[c]!]![k] ?? fd;
  }
  return fd;
}

/** The canonical key of `w` under `sym`: equal for symmetric worlds. */
export function canonicalKey(sym: Symmetry, w: World): string {
  let best: string | null = null;
  for (let i = 0; i < sym.perms.length; i++) {
    const k = keyUnder(sym, w, sym.perms[i]!, i);
    if (best === null || k < best) best = k;
  }
  return best!;
}

/** The key of `w` with child c renamed to child p[c], and same-role threads of a child sorted. */
/**
 * Thread keys under each permutation, per thread object. Worlds are never changed once the search
 * has keyed them, and a step shares every thread but the stepping one with its parent
 * (world.ts `stepCopy`), so most thread keys of a successor were computed for its parent.
 */
const threadKeyCache = new WeakMap<ThreadState, string[]>();

function cachedThreadKey(t: ThreadState, perm: number, val: (v: Value) => string, incMap: (x: number) => number): string {
  let keys = threadKeyCache.get(t);
  if (!keys) threadKeyCache.set(t, (keys = []));
  return (keys[perm] ??= threadKey(t, val, incMap));
}

/** The renamings of one permutation, made once per permutation (not once per world: closures cost). */
interface PermMaps {
  readonly inv: number[];
  readonly pidMap: (x: number) => number;
  readonly incMap: (x: number) => number;
  readonly fdMap: (x: number) => number;
  readonly val: (v: Value) => string;
}

const permMapsCache = new WeakMap<Symmetry, PermMaps[]>();

function permMaps(sym: Symmetry, p: readonly number[], permIndex: number): PermMaps {
  let all = permMapsCache.get(sym);
  if (!all) permMapsCache.set(sym, (all = []));
  const hit = all[permIndex];
  if (hit) return hit;
  const inst = sym.inst;
  const n = inst.children;
  const inv = new Array<number>(n);
  for (let c = 0; c < n; c++) inv[p[c]!] = c;
  const pids = inst.childPids;
  const pidMap = (x: number): number => {
    const c = x - inst.scope.pidBase;
    return c >= 0 && c < n ? pids[p[c]!]! : x;
  };
  const incMap = (x: number): number => (x >= 1 && x <= n ? p[x - 1]! + 1 : x);
  const fdMap = (x: number): number => movedSetupFd(sym, x, p);
  const made: PermMaps = { inv, pidMap, incMap, fdMap, val: (v: Value): string => valueKey(v, pidMap, fdMap) };
  all[permIndex] = made;
  return made;
}

function keyUnder(sym: Symmetry, w: World, p: readonly number[], permIndex: number): string {
  const inst = sym.inst;
  const n = inst.children;
  const { inv, pidMap, incMap, fdMap, val } = permMaps(sym, p, permIndex);

  // Threads: new child c' takes old child inv[c']'s threads; same-role threads sorted by their key.
  const order: number[] = [];
  const tkeys: string[] = [];
  for (let c2 = 0; c2 < n; c2++) {
    const local = sym.threadsOf[inv[c2]!]!;
    const keyed = local.map((t) => ({ t, role: inst.threads[t]!.role, k: cachedThreadKey(w.threads[t]!, permIndex, val, incMap) }));
    // Each role's positions are filled with that role's threads sorted by key (their programs are equal).
    const byRole = new Map<string, { t: number; k: string }[]>();
    for (const x of keyed) (byRole.get(x.role) ?? byRole.set(x.role, []).get(x.role)!).push(x);
    for (const g of byRole.values()) if (g.length > 1) g.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
    const next = new Map<string, number>();
    for (const x of keyed) {
      const i = next.get(x.role) ?? 0;
      next.set(x.role, i + 1);
      const y = byRole.get(x.role)![i]!;
      order.push(y.t);
      tkeys.push(y.k);
    }
  }
  const tmap = new Array<number>(order.length);
  order.forEach((old, nw) => (tmap[old] = nw));

  let s = '';
  for (let c2 = 0; c2 < n; c2++) s += procKey(w.procs.find((x) => x.inc === inv[c2]! + 1)!, pidMap, incMap);
  for (const x of w.procs) if (x.inc > n) s += procKey(x, pidMap, incMap);
  s += `#${w.nextInc}#`;
  const fds: string[] = [];
  w.fds.forEach((f, i) => {
    if (f) fds[fdMap(i + 3) - 3] = f.kind === 'pidfd' ? `p${incMap(f.inc)}${f.byChurner ? 'c' : ''}` : `f${f.byChurner ? 'c' : ''}`;
  });
  for (let i = 0; i < fds.length; i++) s += (fds[i] ?? '-') + ',';
  const V = inst.varNames.length;
  const L = inst.lockNames.length;
  s += '#';
  for (let c2 = 0; c2 < n; c2++) for (let i = 0; i < V; i++) s += val(w.vars[inv[c2]! * V + i]!) + ',';
  s += '#';
  for (let c2 = 0; c2 < n; c2++) {
    for (let i = 0; i < L; i++) {
      const o = w.owners[inv[c2]! * L + i]!;
      const r = w.readers[inv[c2]! * L + i]!;
      s += `${o === -1 ? -1 : tmap[o]}/${r.map((x) => tmap[x]!).sort((a, b) => a - b).join('.')},`;
    }
  }
  s += '#' + tkeys.join(';');
  const fr = w.foreignReaper;
  s += `#${w.spawnsUsed}.${w.reapsUsed}.${w.churnsUsed}.${fr.phase}${fr.phase === 'blocked' ? incMap(fr.inc) : ''}`;
  return s;
}

function procKey(x: World['procs'][number], pidMap: (x: number) => number, incMap: (x: number) => number): string {
  const st = x.status ? (x.status.kind === 'exited' ? `e${x.status.code}` : `s${x.status.signal}`) : '';
  return `${pidMap(x.pid)}.${incMap(x.inc)}.${x.state[0]}.${x.parent[0]}.${st}|`;
}

function threadKey(t: ThreadState, val: (v: Value) => string, incMap: (x: number) => number): string {
  // A returned thread is only "returned" (world.ts `worldKey`).
  if (t.result) return 'R';
  let s = `${t.pc}:${t.started ? 1 : 0}${t.childDoneAtStart ? 1 : 0}${t.round ? `r${t.round}` : ''}:`;
  for (const r of t.regs) s += val(r) + ',';
  const b = t.block;
  if (b) s += b.kind === 'cond' ? `c${b.notified ? 1 : 0}` : `${b.kind[0]}${incMap(b.inc)}`;
  return s;
}

