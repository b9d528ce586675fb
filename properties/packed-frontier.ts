/**
 * A level of the breadth-first search kept encoded: each world is one row of 32-bit words in a
 * typed array — its counters as themselves, each of its parts (the process table, the fd table,
 * shared memory, lock owners, readers, the foreign reaper, each thread) as the index of that part
 * in a table of distinct parts kept for the whole search (`WorldParts`), then the fingerprinter's
 * note on it, if any (state-fingerprint.ts). A world is decoded when it is expanded: a new World
 * object whose parts are the table's objects.
 *
 * Why: a World object with its arrays costs ≈ 1–2 KiB of heap, and a level of a large scope holds
 * millions of them, which survive long enough for the garbage collector to copy them into its old
 * generation (a third of the search's time went to collecting, issue 16). Distinct parts are few —
 * duct-1.0 × pool with 2 children has ≈ 1,200 process tables, 36 shared memories and 65 thread
 * states over its first million worlds — so a row is 4 · (11 + threads) bytes and the tables stay
 * small.
 *
 * Why it is exact: a decoded world has the content of the world encoded. Two parts share an index
 * only when they are equal field by field (part-table.ts). Sharing part objects between worlds is
 * what `stepCopy` (model/world.ts) already does: a part is never mutated once its world is built,
 * only replaced in a copy.
 */
import type { FdEntry, ForeignReaperState, Proc, ThreadState, World } from '../model/world.ts';
import type { Value } from '../model/values.ts';
import { PartTable, mix, sameData } from './part-table.ts';
import { PART_SHAPES } from './part-shapes.ts';
import type { RowSink } from './spill-level.ts';
import { SpillLevel } from './spill-level.ts';

/** The words before a row's threads: six part indices, the SIGCHLD disposition, then four counters. */
export const PROCS = 0;
export const FDS = 1;
export const VARS = 2;
export const OWNERS = 3;
export const READERS = 4;
export const REAPER = 5;
export const SIGCHLD = 6;
export const NEXT_INC = 7;
export const SPAWNS = 8;
export const REAPS = 9;
export const CHURNS = 10;
export const HEAD = 11;
/** Words of a row that index a part table other than the threads' (the threads' table comes after them). */
export const PART_WORDS = REAPER + 1;

/** The search's tables of distinct world parts; encodes worlds into rows of a level (spill-level.ts) and decodes them. */
export class WorldParts {
  private readonly procs = new PartTable<Proc[]>(procsHash, sameProcs);
  private readonly fds = new PartTable<(FdEntry | null)[]>();
  private readonly vars = new PartTable<Value[]>();
  private readonly owners = new PartTable<number[]>();
  private readonly readers = new PartTable<number[][]>();
  private readonly reaper = new PartTable<ForeignReaperState>();
  private readonly threads = new PartTable<ThreadState>(threadHash, sameThread);
  readonly stride: number;
  /** Where a row's note starts: after its threads (state-fingerprint.ts; `noteWords` words, copied as they are). */
  readonly noteAt: number;
  /** Where a row's thread part ids start (the fingerprinter hashes a thread part once, state-fingerprint.ts). */
  readonly threadsAt = HEAD;

  constructor(
    readonly threadCount: number,
    readonly noteWords = 0,
  ) {
    this.noteAt = HEAD + threadCount;
    this.stride = HEAD + threadCount + noteWords;
  }

  /** A level of rows of this stride that stays in memory (spill-level.ts, with no bound). */
  newLevel(): SpillLevel {
    return new SpillLevel(this.stride);
  }

  /**
   * Append `w` to `level`. The row of the world `w` was made from is at offset `po` of `from`
   * (a level's words), or `from` is null: a part `w` shares with its parent (world.ts `stepCopy`), or an array equal
   * element by element to its parent's, takes the parent's index without being looked up.
   */
  push(level: RowSink, w: World, from: Int32Array | null, po: number, note: Int32Array | null = null, no = 0): void {
    if (w.threads.length !== this.threadCount) throw new Error('[reapcheck internal bug] a world changed its number of threads');
    const o = level.append();
    const b = level.words;
    const p = from;
    b[o + PROCS] = p !== null && w.procs === this.procs.parts[p[po + PROCS]!] ? p[po + PROCS]! : this.procs.id(w.procs);
    b[o + FDS] = p !== null && w.fds === this.fds.parts[p[po + FDS]!] ? p[po + FDS]! : this.fds.id(w.fds);
    b[o + VARS] = p !== null && sameItems(w.vars, this.vars.parts[p[po + VARS]!]!) ? p[po + VARS]! : this.vars.id(w.vars);
    b[o + OWNERS] = p !== null && sameItems(w.owners, this.owners.parts[p[po + OWNERS]!]!) ? p[po + OWNERS]! : this.owners.id(w.owners);
    b[o + READERS] = p !== null && sameItems(w.readers, this.readers.parts[p[po + READERS]!]!) ? p[po + READERS]! : this.readers.id(w.readers);
    b[o + REAPER] = p !== null && w.foreignReaper === this.reaper.parts[p[po + REAPER]!] ? p[po + REAPER]! : this.reaper.id(w.foreignReaper);
    b[o + SIGCHLD] = w.sigchldIgnored ? 1 : 0;
    b[o + NEXT_INC] = int(w.nextInc);
    b[o + SPAWNS] = int(w.spawnsUsed);
    b[o + REAPS] = int(w.reapsUsed);
    b[o + CHURNS] = int(w.churnsUsed);
    const tt = this.threads.parts;
    for (let i = 0; i < this.threadCount; i++) {
      const t = w.threads[i]!;
      b[o + HEAD + i] = p !== null && t === tt[p[po + HEAD + i]!] ? p[po + HEAD + i]! : this.threads.id(t);
    }
    // The world's note (`noteWords` words at `no` of `note`); none: zeros, a note that knows nothing.
    const at = o + this.noteAt;
    if (note !== null) for (let k = 0; k < this.noteWords; k++) b[at + k] = note[no + k]!;
    else for (let k = 0; k < this.noteWords; k++) b[at + k] = 0;
  }

  /** The world of row `i` of `level` (a new World object; its parts are the tables' own). */
  decode(level: SpillLevel, i: number): World {
    const o = level.row(i);
    return this.decodeAt(level.rowWords, o);
  }

  /** The world of the row at offset `o` of `b`. */
  decodeAt(b: Int32Array, o: number): World {
    const threads: ThreadState[] = new Array(this.threadCount);
    const tt = this.threads.parts;
    for (let k = 0; k < this.threadCount; k++) threads[k] = tt[b[o + HEAD + k]!]!;
    // The fields in stepCopy's order (world.ts): one object shape for every world.
    return {
      procs: this.procs.parts[b[o + PROCS]!]!,
      nextInc: b[o + NEXT_INC]!,
      fds: this.fds.parts[b[o + FDS]!]!,
      vars: this.vars.parts[b[o + VARS]!]!,
      owners: this.owners.parts[b[o + OWNERS]!]!,
      readers: this.readers.parts[b[o + READERS]!]!,
      threads,
      spawnsUsed: b[o + SPAWNS]!,
      reapsUsed: b[o + REAPS]!,
      churnsUsed: b[o + CHURNS]!,
      foreignReaper: this.reaper.parts[b[o + REAPER]!]!,
      sigchldIgnored: b[o + SIGCHLD] === 1,
    };
  }

  /** The tables in the order of their words in a row (threads last, for every thread word). */
  private tables(): PartTable<unknown>[] {
    return [this.procs, this.fds, this.vars, this.owners, this.readers, this.reaper, this.threads] as PartTable<unknown>[];
  }

  /** The parts named by row word `k` (< PART_WORDS), or by a thread word (`PART_WORDS`): index → part, growing as parts are entered. */
  partsOf(k: number): readonly unknown[] {
    return this.tables()[k]!.parts;
  }

  /** The thread part with index `id`. */
  thread(id: number): ThreadState {
    return this.threads.parts[id]!;
  }

  /**
   * Moving rows to another search worker (parallel/level-worker.ts): the parts a peer has not been
   * sent yet — tables only grow, so per table the parts from `sent[t]` on — and `sent` moved on.
   * After the first levels few parts are new, so a moved world costs its row and little more (the
   * tuple-and-JSON form it replaced cost ≈ 13 µs a world, twice what expanding it costs).
   */
  partsSince(sent: number[]): unknown[][] {
    return this.tables().map((t, i) => {
      const from = sent[i] ?? 0;
      sent[i] = t.parts.length;
      return t.parts.slice(from);
    });
  }

  /**
   * Enter the parts a peer sent (`partsSince`), extending `map`: per table, the peer's index → this
   * worker's. Each is rebuilt in the model's shapes first (part-shapes.ts: a structured clone's
   * objects have hidden classes of their own, which slowed every function that met them).
   */
  importParts(parts: readonly unknown[][], map: number[][]): void {
    const tables = this.tables();
    for (let i = 0; i < tables.length; i++) {
      const m = (map[i] ??= []);
      const shape = PART_SHAPES[i]! as (part: unknown) => unknown;
      for (const part of parts[i]!) m.push(tables[i]!.id(shape(part)));
    }
  }

  /**
   * Append a peer's rows (spill-level.ts `rowsFrom`) to `level`, its part indices mapped by `map`
   * (`importParts`); `after` mends each row written (its words, its offset) before the next.
   */
  importRows(level: RowSink, rows: Int32Array, map: readonly number[][], after?: (b: Int32Array, o: number) => void): void {
    const n = rows.length / this.stride;
    for (let r = 0; r < n; r++) {
      const o = level.append();
      const b = level.words;
      const from = r * this.stride;
      for (let k = 0; k < PART_WORDS; k++) b[o + k] = map[k]![rows[from + k]!]!;
      for (let k = PART_WORDS; k < HEAD; k++) b[o + k] = rows[from + k]!;
      const tm = map[PART_WORDS]!;
      for (let k = HEAD; k < this.noteAt; k++) b[o + k] = tm[rows[from + k]!]!;
      for (let k = this.noteAt; k < this.stride; k++) b[o + k] = rows[from + k]!;
      after?.(b, o);
    }
  }

  /** How many distinct parts the tables hold (threads, process tables, the rest). */
  get partCount(): number {
    return this.procs.parts.length + this.fds.parts.length + this.vars.parts.length + this.owners.parts.length + this.readers.parts.length + this.reaper.parts.length + this.threads.parts.length;
  }
}

/**
 * Quick hashes of the parts made most often, a thread (each step of one) and a process table
 * (each exit, reap or spawn): they read the fields that tell parts apart in practice, and the
 * table compares candidates in full (part-table.ts), so a field left out costs nothing but time.
 */
function threadHash(t: ThreadState): number {
  let h = mix(mix(0x3c6ef372, t.pc), t.regs.length);
  const b = t.block;
  h = mix(h, (t.result === null ? 0 : 1) | (t.started ? 4 : 0) | (t.childDoneAtStart ? 8 : 0) | (t.round ?? 0) << 4);
  if (b !== null) h = mix(h, b.kind === 'cond' ? (b.notified ? -1 : -2) : b.kind.length + (b.inc << 4));
  if (t.result !== null) h = mix(h, valueHash(t.result));
  for (let i = 0; i < t.regs.length; i++) h = mix(h, valueHash(t.regs[i]!));
  return h;
}

/**
 * `sameData` for two threads, field by field: a thread has exactly these fields (world.ts
 * `ThreadState`; `round` is absent until a restart, so an absent and an absent one compare equal,
 * as their key sets do), registers and result compared as data (-0 is not 0).
 */
function sameThread(a: ThreadState, b: ThreadState): boolean {
  if (a === b) return true;
  if (a.pc !== b.pc || a.round !== b.round || a.started !== b.started || a.childDoneAtStart !== b.childDoneAtStart) return false;
  const x = a.block;
  const y = b.block;
  if (x !== y) {
    if (x === null || y === null || x.kind !== y.kind) return false;
    if (x.kind === 'cond' ? x.notified !== (y as typeof x).notified : x.inc !== (y as typeof x).inc) return false;
  }
  if (!sameData(a.result, b.result)) return false;
  const r = a.regs;
  const s = b.regs;
  if (r.length !== s.length) return false;
  for (let i = 0; i < r.length; i++) if (!sameData(r[i], s[i])) return false;
  return true;
}

/** `sameData` for two process tables, process by process (a `Proc` has exactly these fields). */
function sameProcs(a: Proc[], b: Proc[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const p = a[i]!;
    const q = b[i]!;
    if (p === q) continue;
    if (p.pid !== q.pid || p.inc !== q.inc || p.state !== q.state || p.parent !== q.parent || p.role !== q.role || !sameData(p.status, q.status)) return false;
  }
  return true;
}

function procsHash(procs: Proc[]): number {
  let h = mix(0x165667b1, procs.length);
  for (let i = 0; i < procs.length; i++) {
    const p = procs[i]!;
    h = mix(mix(mix(h, p.pid), p.inc), p.state.charCodeAt(0) | (p.parent.charCodeAt(0) << 8) | (p.role.length << 16));
    if (p.status !== null) h = mix(h, p.status.kind === 'exited' ? p.status.code : 256 + p.status.signal);
  }
  return h;
}

function valueHash(v: Value): number {
  if (v === null) return 1;
  switch (typeof v) {
    case 'boolean':
      return v ? 2 : 3;
    case 'number':
      return v | 0;
    case 'string':
      return 4 + v.length;
    default:
      switch (v.kind) {
        case 'call':
          return mix(mix(mix(5, v.ret), v.pid ?? -1), v.err === null ? 0 : v.err.length + (v.err.charCodeAt(1) << 4)) ^ (v.status === null ? 0 : valueHash(v.status));
        case 'exited':
          return mix(6, v.code);
        case 'signaled':
          return mix(7, v.signal);
        default:
          return 8 + v.kind.length;
      }
  }
}

/** Do two arrays hold the same items (by identity)? A step copies shared memory and lock tables even when it changes neither. */
function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A counter as a word: counters are small whole numbers; anything else is a bug. */
function int(x: number): number {
  if ((x | 0) !== x) throw new Error(`[reapcheck internal bug] a world counter is not a 32-bit integer: ${x}`);
  return x;
}
