/**
 * The first pass of a batch (batch.ts) through the step memo (step-memo.ts): a state's successors
 * as rows patched from remembered entries, fingerprinted from their rows (row-fingerprint.ts);
 * the interpreter runs only for a (thread, part, head) or (environment, head) key met for the
 * first time, and for a thread about to notify, the one step that reads other threads (its
 * waiters' blocks). The second pass (bfs.ts, parallel/level-worker.ts) then judges each successor
 * by its entry's bit mask of violated step invariants and writes the rows it keeps into the next
 * level: no World is made for a successor, and one is decoded for a state only when a key of it
 * is new, it is an end state, or one of its steps violates an invariant (the message).
 *
 * The rows of a search through the memo hold their head's index in their note word (the parts
 * are made with `noteWords` 1): a row's head is entered into the head table once, when the row
 * is made (`pushFirst`, `compute`, `direct`, `noteHead` for a row another worker handed over).
 *
 * Used by the search without reductions and without a user's invariants (a user's invariant may
 * read any part of a world, which a key does not hold); what it finds is what `SuccessorBatch`
 * finds, state for state and in the same order (test/properties/step-memo.test.ts).
 */
import type { Instance } from '../model/instance.ts';
import type { World } from '../model/world.ts';
import type { Step } from '../model/transitions.ts';
import { applyStep, enabledSteps, threadSteps } from '../model/transitions.ts';
import { envSteps } from '../model/adversaries.ts';
import type { Instr } from '../model/strategy/types.ts';
import type { StepInvariant } from './invariants.ts';
import type { WorldParts } from './packed-frontier.ts';
import { HEAD } from './packed-frontier.ts';
import type { RowSink, SpillLevel } from './spill-level.ts';
import { RowFingerprints } from './row-fingerprint.ts';
import { StepMemo, SUCC_WORDS } from './step-memo.ts';
import { HeadTable } from './head-table.ts';
import { BATCH, copyRow, END, EXPANDED, TRUNCATED } from './batch.ts';

/** One batch between its two passes, its successors kept as rows (as `SuccessorBatch`, without transitions). */
export class MemoBatch {
  /** Per state j: its world when it is an end state (the end invariants judge it), else null. */
  readonly worlds: (World | null)[] = [];
  /** Per state j: its row at `j · stride` (the parent of its successors). */
  readonly rows: Int32Array;
  readonly kind = new Uint8Array(BATCH);
  readonly first = new Int32Array(BATCH + 1);
  /**
   * Per successor x: the index of its step among the enabled steps, its violated step invariants
   * (bit i: `stepInvs[i]`), its fingerprint, and where its row comes from (`writeRow`): its
   * entry's successor in the memo (`from[x]` ≥ 0, the actor in `actor[x]`), or row -1 - from[x]
   * of `direct` (a notify's). A row is written only for a successor the search keeps: most are
   * worlds seen before, dropped at once.
   */
  step = new Int32Array(64);
  masks = new Int32Array(64);
  fps = new Uint32Array(128);
  from = new Int32Array(64);
  actor = new Int32Array(64);
  private directRows: Int32Array;
  private directN = 0;
  n = 0;
  readonly memo: StepMemo;
  readonly heads = new HeadTable();
  private readonly rowFp: RowFingerprints;
  /** An entry being computed: its successors, `SUCC_WORDS` each. */
  private succ = new Int32Array(8 * SUCC_WORDS);
  /** One row, where a successor World is entered into the part tables. */
  private readonly scratch: RowSink & { words: Int32Array };
  /** Per thread and pc: does the step there read other threads (a notify, or an atomic block with one)? */
  private readonly notifies: boolean[][];

  constructor(
    private readonly inst: Instance,
    private readonly parts: WorldParts,
    /** The step invariants judged, in the order of the masks' bits (at most 31). */
    readonly stepInvs: readonly StepInvariant[],
    /** The memo's bound in words (step-memo.ts; default there). */
    memoWords?: number,
  ) {
    this.memo = new StepMemo(memoWords);
    if (parts.noteWords !== 1) throw new Error('[reapcheck internal bug] the step memo keeps a row\'s head in its note word');
    if (stepInvs.length > 31) throw new Error('[reapcheck internal bug] more step invariants than mask bits');
    this.rows = new Int32Array(BATCH * parts.stride);
    this.directRows = new Int32Array(8 * parts.stride);
    this.rowFp = new RowFingerprints(parts, this.heads);
    const words = new Int32Array(parts.stride);
    this.scratch = { words, append: () => 0 };
    this.notifies = inst.threads.map((spec) => spec.program.map((ins, pc) => readsOtherThreads(spec.program, ins, pc)));
  }

  /** Start a batch (the memo may forget its entries here, never inside a batch). */
  clear(): void {
    this.n = 0;
    this.directN = 0;
    this.memo.room();
  }

  /**
   * Append the search's first world to `level` and write its fingerprint into `out` (its
   * successors' rows and fingerprints are made here). A row's note word holds its head's index
   * (the search makes its parts with `noteWords` 1): each row's head is entered once, when the
   * row is made, not again when it is expanded.
   */
  pushFirst(level: RowSink, w: World, out: Uint32Array): void {
    const s = this.scratch.words;
    this.parts.push(this.scratch, w, null, 0);
    s[this.parts.noteAt] = this.heads.id(s, 0);
    this.rowFp.of(s, 0, out, 0);
    const at = level.append();
    for (let k = 0; k < this.parts.stride; k++) level.words[at + k] = s[k]!;
  }

  /** The mask of the invariants of `list` (bit i: `stepInvs[i]`): those still looked for. */
  maskOf(list: readonly StepInvariant[]): number {
    let m = 0;
    for (let b = 0; b < this.stepInvs.length; b++) if (list.includes(this.stepInvs[b]!)) m |= 1 << b;
    return m;
  }

  /** The invariants whose bits `mask` has, in `stepInvs`' order. */
  invariantsIn(mask: number): StepInvariant[] {
    return this.stepInvs.filter((_, b) => mask & (1 << b));
  }

  /**
   * The message of step invariant `inv`, which step `k` of state j of the batch violates (its
   * entry's mask says so): the step applied again, as a transition. Only for a violation found.
   */
  message(j: number, k: number, inv: StepInvariant): string {
    const w = this.parts.decodeAt(this.rows, j * this.parts.stride);
    const msg = inv.check(this.inst, applyStep(this.inst, w, enabledSteps(this.inst, w)[k]!, true));
    if (msg === null) throw new Error('[reapcheck internal bug] the step memo remembered a violation the step does not make');
    return msg;
  }

  /** Write the head index of the row at `o` of `b` into its note word (a row another search worker handed over holds its own). */
  noteHead(b: Int32Array, o: number): void {
    b[o + this.parts.noteAt] = this.heads.id(b, o);
  }

  /** Bytes held by the memo and the head table. */
  get bytes(): number {
    return this.memo.bytes + this.heads.bytes;
  }

  /**
   * Before rows [b0, b1) of `level` are expanded: read the memo's slots of their keys, then the
   * entries those slots name, each loop's reads independent of one another, so that their waits
   * for memory overlap (the memo is far larger than the processor's caches; the fingerprint table
   * is touched so too, batch.ts). Reads only: what `expand` finds is unchanged.
   */
  touch(level: SpillLevel, b0: number, b1: number): void {
    const { memo, parts } = this;
    const T = parts.threadCount;
    if (this.touched.length < (b1 - b0) * (T + 1)) this.touched = new Int32Array(BATCH * (T + 1));
    const at = this.touched;
    let n = 0;
    for (let i = b0; i < b1; i++) {
      const o = level.row(i);
      const r = level.rowWords;
      const head = r[o + parts.noteAt]!;
      for (let t = 0; t < T; t++) at[n++] = memo.firstEntry(memo.hash(t, r[o + HEAD + t]!, head));
      at[n++] = memo.firstEntry(memo.hash(T, -1, head));
    }
    const w = memo.words;
    let x = 0;
    for (let q = 0; q < n; q++) if (at[q]! >= 0) x ^= w[at[q]!]!;
    this.sink = x;
  }

  /** Scratch for `touch`: the entry each key's home slot names (-1: none). */
  private touched = new Int32Array(0);
  /** What `touch` read, kept so that its reads are not dropped as unused. */
  sink = 0;

  /** First pass for state j of the batch, row `i` of `level` at `depth` (as `SuccessorBatch.expand`). */
  expand(j: number, level: SpillLevel, i: number, depth: number): void {
    const { inst, parts, rows, memo } = this;
    const o = copyRow(rows, j, level, i);
    this.first[j] = this.n;
    this.first[j + 1] = this.n;
    this.worlds[j] = null;
    if (depth >= inst.scope.maxSteps) {
      const w = parts.decodeAt(rows, o);
      if (enabledSteps(inst, w).length === 0) (this.kind[j] = END), (this.worlds[j] = w);
      else this.kind[j] = TRUNCATED;
      return;
    }
    const head = rows[o + parts.noteAt]!;
    const x = this.rowFp.threadsOf(rows, o);
    const x0 = x[0]!;
    const x1 = x[1]!;
    let w: World | null = null;
    let k = 0;
    const T = parts.threadCount;
    // t = T: the environment's steps (after every thread's, as `enabledSteps` gives them).
    for (let t = 0; t <= T; t++) {
      const env = t === T;
      const tid = env ? -1 : rows[o + HEAD + t]!;
      if (!env) {
        const th = parts.thread(tid);
        if (th.result !== null) continue;
        if (th.block === null && this.notifies[t]![th.pc]) {
          w ??= parts.decodeAt(rows, o);
          k = this.direct(j, w, t, k);
          continue;
        }
      }
      const h = memo.hash(t, tid, head);
      let c = memo.find(t, tid, head, h);
      if (c < 0) {
        w ??= parts.decodeAt(rows, o);
        c = this.compute(w, env ? -1 : t, o, tid, head, h);
      }
      k = this.emit(j, c, env ? -1 : t, tid, k, x0, x1);
    }
    if (this.n === this.first[j]) {
      this.kind[j] = END;
      this.worlds[j] = w ?? parts.decodeAt(rows, o);
    } else this.kind[j] = EXPANDED;
    this.first[j + 1] = this.n;
  }

  /** The steps of thread `t` (-1: the environment) enabled in `w`, as `enabledSteps` lists them. */
  private stepsOf(w: World, t: number): Step[] {
    return t < 0 ? (envSteps(this.inst, w, []) as Step[]) : threadSteps(this.inst, w, t, []);
  }

  /** Apply `step` to `w` (the row at `o`), enter the world after it into `scratch`; returns the step invariants it violates. */
  private stepRow(w: World, step: Step, o: number): number {
    const tr = applyStep(this.inst, w, step, true);
    this.parts.push(this.scratch, tr.after, this.rows, o);
    let mask = 0;
    for (let b = 0; b < this.stepInvs.length; b++) if (this.stepInvs[b]!.check(this.inst, tr) !== null) mask |= 1 << b;
    return mask;
  }

  /** Compute and remember the entry of actor `t` (-1: the environment) in part `tid` with head `head`, from `w` (the row at `o`); returns its count's offset. */
  private compute(w: World, t: number, o: number, tid: number, head: number, h: number): number {
    const steps = this.stepsOf(w, t);
    if (this.succ.length < steps.length * SUCC_WORDS) this.succ = new Int32Array(2 * steps.length * SUCC_WORDS);
    const s = this.scratch.words;
    const T = this.parts.threadCount;
    for (let q = 0; q < steps.length; q++) {
      const mask = this.stepRow(w, steps[q]!, o);
      // The key holds no other thread: a step that changed one would make the memo wrong.
      for (let u = 0; u < T; u++) {
        if (u !== t && s[HEAD + u] !== this.rows[o + HEAD + u]) throw new Error(`[reapcheck internal bug] a remembered step of ${t < 0 ? 'the environment' : `thread ${t}`} changed thread ${u}`);
      }
      const e = q * SUCC_WORDS;
      this.succ[e] = this.heads.id(s, 0);
      this.succ[e + 1] = t < 0 ? -1 : s[HEAD + t]!;
      this.succ[e + 2] = mask;
    }
    return this.memo.put(t < 0 ? T : t, tid, head, h, this.succ, steps.length);
  }

  /**
   * Append the successors of the entry at `c` for actor `t` (-1: the environment; its part `tid`)
   * to state j's; `k` is the index of the first one's step, (x0, x1) the parent's thread words.
   */
  private emit(j: number, c: number, t: number, tid: number, k: number, x0: number, x1: number): number {
    const W = this.memo.words;
    const count = W[c]!;
    this.room(this.n + count);
    const { rowFp, fps } = this;
    // The parent's thread words without the actor's: the successor's are these and its new part's.
    let y0 = x0;
    let y1 = x1;
    if (t >= 0) (y0 ^= rowFp.zob(t, tid, 0)), (y1 ^= rowFp.zob(t, tid, 1));
    for (let q = 0; q < count; q++) {
      const e = c + 1 + q * SUCC_WORDS;
      const sh = W[e]!;
      const x = this.n++;
      this.from[x] = e;
      this.actor[x] = t;
      let a = rowFp.head(sh, 0) ^ y0;
      let b = rowFp.head(sh, 1) ^ y1;
      if (t >= 0) {
        const nt = W[e + 1]!;
        a ^= rowFp.zob(t, nt, 0);
        b ^= rowFp.zob(t, nt, 1);
      }
      this.masks[x] = W[e + 2]!;
      this.step[x] = k++;
      fps[2 * x] = a >>> 0;
      fps[2 * x + 1] = b >>> 0 || 1;
    }
    return k;
  }

  /** Thread `t`'s successors computed without the memo (a notify): whole rows. */
  private direct(j: number, w: World, t: number, k: number): number {
    const steps = this.stepsOf(w, t);
    this.room(this.n + steps.length);
    const stride = this.parts.stride;
    const s = this.scratch.words;
    for (const step of steps) {
      const mask = this.stepRow(w, step, j * stride);
      const x = this.n++;
      const d = this.directN++;
      if (this.directRows.length < this.directN * stride) {
        const g = new Int32Array(2 * this.directN * stride);
        g.set(this.directRows);
        this.directRows = g;
      }
      const so = d * stride;
      for (let h = 0; h < stride; h++) this.directRows[so + h] = s[h]!;
      this.directRows[so + this.parts.noteAt] = this.heads.id(s, 0);
      this.from[x] = -1 - d;
      this.masks[x] = mask;
      this.step[x] = k++;
      this.rowFp.of(this.directRows, so, this.fps, 2 * x);
    }
    return k;
  }

  /** Write the row of successor x of state j of the batch at `at` of `to` (a level's words, after its `append`). */
  writeRow(j: number, x: number, to: Int32Array, at: number): void {
    const stride = this.parts.stride;
    const f = this.from[x]!;
    if (f < 0) {
      const so = (-1 - f) * stride;
      for (let h = 0; h < stride; h++) to[at + h] = this.directRows[so + h]!;
      return;
    }
    const W = this.memo.words;
    const sh = W[f]!;
    const hw = this.heads.words;
    const o = j * stride;
    for (let h = 0; h < HEAD; h++) to[at + h] = hw[HEAD * sh + h]!;
    for (let h = HEAD; h < stride; h++) to[at + h] = this.rows[o + h]!;
    to[at + this.parts.noteAt] = sh;
    const t = this.actor[x]!;
    if (t >= 0) to[at + HEAD + t] = W[f + 1]!;
  }

  /** Room for `n` successors. */
  private room(n: number): void {
    if (this.step.length >= n) return;
    const len = 2 * n;
    const grow = <A extends Int32Array | Uint32Array>(a: A, per: number, make: (n: number) => A): A => {
      const g = make(len * per);
      g.set(a);
      return g;
    };
    this.step = grow(this.step, 1, (m) => new Int32Array(m));
    this.masks = grow(this.masks, 1, (m) => new Int32Array(m));
    this.fps = grow(this.fps, 2, (m) => new Uint32Array(m));
    this.from = grow(this.from, 1, (m) => new Int32Array(m));
    this.actor = grow(this.actor, 1, (m) => new Int32Array(m));
  }
}

/**
 * Whether a search steps through the memo: not switched off (`memo` false), no reduction (symmetry
 * and POR need whole worlds: canonical forms, ample sets), and nothing else that reads a whole
 * world — a user's invariant, the well-formedness check (a key holds only a thread and the head).
 */
export function memoApplies(o: { readonly memo?: boolean; readonly symmetry: boolean; readonly por?: boolean; readonly wholeWorlds: boolean }): boolean {
  return (o.memo ?? true) && !o.symmetry && !o.por && !o.wholeWorlds;
}

/**
 * The step memo's bound in words for a search within `memoryBudget` bytes (bounds.ts): a
 * sixteenth of it, at most 64 MiB of entries (16 M words; duct-1.0 × pool with 2 children, whole,
 * needs less) and at least 256 KiB. Past it the memo forgets and fills again (step-memo.ts).
 */
export function memoWordsFor(memoryBudget: number): number {
  return Math.max(1 << 16, Math.min(1 << 24, Math.floor(memoryBudget / 64)));
}

/** Does the step of a thread at `pc` (not inside a blocking call) read other threads: a notify (its waiters), or an atomic block holding one? */
function readsOtherThreads(program: readonly Instr[], ins: Instr, pc: number): boolean {
  const notify = (x: Instr | undefined): boolean => x?.op === 'notify_one' || x?.op === 'notify_all';
  if (notify(ins)) return true;
  if (ins.op !== 'atomic') return false;
  for (let q = pc + 1; q <= pc + ins.len; q++) if (notify(program[q])) return true;
  return false;
}
