/**
 * A level of the breadth-first search (bfs.ts, and each share of the parallel workers,
 * parallel/level-worker.ts), kept encoded as rows of 32-bit words (packed-frontier.ts), that moves
 * to disk when it outgrows its share of the memory bound: past `spillBytes`, the rows in memory go
 * to a file of the level's own, written a chunk of rows at a time, and later rows follow them
 * there; rows are read back through a small cache of blocks. Under its bound (and with no folder,
 * `spillBytes` Infinity) a level is one typed array that doubles when full.
 *
 * Why only levels: the fingerprint table is read at random (every successor looks itself up), so
 * it must stay in memory; a level is read in order, after it is written. The parallel workers also
 * read a level out of order once per level — sorting a share whose states came from other workers
 * by key, a merge of a few runs each in order — and cut states off its tail to hand them over:
 * hence the blocks (several runs read at once each keep theirs) and `rowsFrom`/`truncate`.
 *
 * The file lives in a folder made for the search (`SpillFolder`); it is removed when the search
 * ends (bfs.ts in a `finally`; the parallel coordinator removes the folder its workers write in).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { InputError } from '../model/errors.ts';
import { huge } from './huge-pages.ts';

/** Where rows are written: `append` gives the offset of a new row in `words` (read after it: it may change). */
export interface RowSink {
  append(): number;
  readonly words: Int32Array;
}

/** Rows per chunk written at once, by default (with 20-word rows, 5 MiB). */
const CHUNK_ROWS = 65536;
/** Blocks of rows read back and kept at once: a chunk's worth in all. */
const BLOCKS = 16;

/**
 * The folder the levels of one search spill into, made when the first level spills. Without
 * `dir`, it is a new folder in the system's temporary folder, removed by `close`; with `dir` (a
 * parallel worker's: the coordinator named it, `spillFolderName`, and removes it), it is made
 * there if no other worker made it yet, and `close` leaves it.
 */
export class SpillFolder {
  private dir: string | null;
  private made = false;
  private readonly owned: boolean;
  /** A parallel worker's: the word it shares with its coordinator about the folder (`SpillWord`). */
  private readonly word: Int32Array | null;
  /** Removes the folder if the process exits first (`removedAtExit`). */
  private atExit: (() => void) | null = null;
  /** Bytes written to disk, over the search. */
  written = 0;

  constructor(dir: string | null = null, word: SharedArrayBuffer | null = null) {
    this.dir = dir;
    this.owned = dir === null;
    this.word = word === null ? null : new Int32Array(word);
  }

  file(name: string): number {
    if (this.word === null) return this.make(name);
    takeWord(this.word);
    try {
      return this.make(name);
    } finally {
      Atomics.compareExchange(this.word, 0, SpillWord.Making, SpillWord.Free);
      Atomics.notify(this.word, 0);
    }
  }

  private make(name: string): number {
    return onDisk(this.where, () => {
      if (this.dir === null) {
        this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reapcheck-spill-'));
        this.atExit = removedAtExit(this.dir);
      } else if (!this.made) fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      this.made = true;
      return fs.openSync(path.join(this.dir, name), 'w+');
    });
  }

  /** The folder, or where it will be made (for messages). */
  get where(): string {
    return this.dir ?? os.tmpdir();
  }

  /** Remove the folder and its files, if this folder made it. */
  close(): void {
    if (this.owned && this.dir !== null) removeSpillFolder(this.dir);
    if (this.owned) this.dir = null;
    this.atExit?.();
    this.atExit = null;
  }
}

/**
 * The word (one Int32 in a SharedArrayBuffer, `SearchSetup.spillWord`) a parallel search's
 * workers and coordinator share about the spill folder. `process.exit` runs the coordinator's
 * 'exit' listener while the workers still run (the process ends them after its listeners): a
 * worker that made its first file just after the listener removed the folder made the folder
 * again, and a Ctrl-C left it behind (1 run in 10 of the test, 1 in 50 of a loop). So a worker
 * makes a file (the folder, the file) only while it holds the word, and the listener waits for the
 * word to be free and closes it for good before it removes the folder.
 */
export const SpillWord = {
  Free: 0,
  /** A worker is making a file in the folder. */
  Making: 1,
  /** The coordinator's process is exiting: nothing more is made there. */
  Closed: 2,
} as const;

/** A worker takes the word to make a file; throws when the coordinator's process is exiting. */
function takeWord(word: Int32Array): void {
  for (;;) {
    const was = Atomics.compareExchange(word, 0, SpillWord.Free, SpillWord.Making);
    if (was === SpillWord.Free) return;
    if (was === SpillWord.Closed) throw new Error('the search ended: its process is exiting');
    Atomics.wait(word, 0, SpillWord.Making, 10);
  }
}

/** How long the exit listener waits for a worker making a file (a file is made in well under a millisecond; a hung disk must not hang the exit). */
const CLOSE_WAIT_MS = 2_000;

/** The coordinator closes the word: waits while a worker holds it, then no worker can take it. */
function closeWord(word: Int32Array): void {
  const until = Date.now() + CLOSE_WAIT_MS;
  while (Atomics.compareExchange(word, 0, SpillWord.Free, SpillWord.Closed) === SpillWord.Making && Date.now() < until) Atomics.wait(word, 0, SpillWord.Making, 10);
  Atomics.store(word, 0, SpillWord.Closed);
}

/**
 * Remove `dir` if the process exits before the search does (returns the function that cancels
 * this): levels on disk can be gigabytes, and a run interrupted by Ctrl-C exits through
 * `process.exit` (cli/signals.ts), which runs 'exit' listeners but no `finally`. With a parallel
 * search's `word`, the listener first waits for the worker making a file, if any, and closes the
 * word (`SpillWord`).
 */
export function removedAtExit(dir: string, word: SharedArrayBuffer | null = null): () => void {
  const remove = (): void => {
    if (word !== null) closeWord(new Int32Array(word));
    removeSpillFolder(dir);
  };
  process.on('exit', remove);
  return () => void process.off('exit', remove);
}

/**
 * Remove a spill folder and what is in it. Quietly when it cannot be: it is removed in a
 * `finally`, where a second error would hide the one that ended the search (a folder that could
 * not be made — TMPDIR naming a file — cannot be removed either).
 */
export function removeSpillFolder(dir: string): void {
  try {
    fs.rmSync(dir, { recursive: true, force: true });
  } catch {
    // Nothing was written there, or the disk refuses: nothing more to do.
  }
}

/**
 * Run a file operation of a level going to disk; a refusal of the system (the disk full, a
 * read-only or missing folder, TMPDIR naming a file) becomes one line saying what to do about it:
 * it is the machine's state, not a bug of the checker, and the search cannot go on without the
 * level.
 */
function onDisk<T>(where: string, op: () => T): T {
  try {
    return op();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException | null)?.code;
    if (typeof code !== 'string') throw e;
    const why = (e as Error).message.split(',')[0]!.replace(`${code}: `, '');
    throw new InputError(
      `a level of the search that outgrew its share of the memory bound could not be kept on disk in ${where} (${code}: ${why}): ` +
        'free space there, point TMPDIR at a folder with room, or raise --max-memory so that levels stay in memory',
    );
  }
}

/**
 * A name for the folder a parallel search's workers spill into: not made until a level spills (a
 * search that never spills leaves nothing to remove when its process is killed), unguessable (a
 * random UUID) as mkdtemp's names are.
 */
export function spillFolderName(): string {
  return path.join(os.tmpdir(), `reapcheck-spill-${randomUUID()}`);
}

export class SpillLevel implements RowSink {
  /** Rows in memory: all of them until the level spills, then the rows [onDisk, count) not written yet. */
  words: Int32Array;
  /** Rows in the level (on disk and in memory). */
  count = 0;
  /** Rows on disk: rows [0, onDisk) are in the file, [onDisk, count) in `words`. */
  private onDisk = 0;
  private fd = -1;
  /** Rows per block read back; the blocks in memory, which block each holds (-1: none), and when it was last read. */
  private readonly blockRows: number;
  private readonly blocks: (Int32Array | null)[] = new Array<Int32Array | null>(BLOCKS).fill(null);
  private readonly held = new Int32Array(BLOCKS).fill(-1);
  private readonly used = new Float64Array(BLOCKS);
  private clock = 0;
  private last = 0;

  constructor(
    readonly stride: number,
    /** Past this many bytes of rows in memory, the level moves to disk (Infinity: never). */
    private readonly spillBytes: number = Infinity,
    private readonly folder: SpillFolder | null = null,
    private readonly name: string = '',
    /** Rows per chunk written at once (tests make it small to write and read many). */
    private readonly chunkRows = CHUNK_ROWS,
  ) {
    this.words = new Int32Array(stride * Math.min(1024, chunkRows));
    this.blockRows = Math.max(1, Math.floor(chunkRows / BLOCKS));
    this.rowWords = this.words;
  }

  /** Whether some of the level is on disk. */
  get spilled(): boolean {
    return this.fd >= 0 && this.onDisk > 0;
  }

  append(): number {
    let at = (this.count - this.onDisk) * this.stride;
    if (at + this.stride > this.words.length) {
      if (this.fd < 0 && this.words.byteLength * 2 <= this.spillBytes) {
        // Each doubling writes every page of the new array: on huge pages, 512 times fewer first writes.
        const w = huge(new Int32Array(this.words.length * 2));
        w.set(this.words);
        this.words = w;
      } else {
        // Too large for memory, or already spilling: the rows in memory go to the file.
        this.flush(at);
        if (this.words.length !== this.chunkRows * this.stride) this.words = new Int32Array(this.chunkRows * this.stride);
        at = 0;
      }
    }
    this.count++;
    return at;
  }

  private flush(words: number): void {
    if (this.folder === null) throw new Error('[reapcheck internal bug] a level without a spill folder outgrew its bound');
    if (this.fd < 0) this.fd = this.folder.file(this.name);
    const bytes = words * 4;
    const data = new Uint8Array(this.words.buffer, this.words.byteOffset, bytes);
    const at = this.onDisk * this.stride * 4;
    // A write may take fewer bytes than given (a disk filling up): write the rest after them.
    onDisk(this.folder.where, () => {
      for (let done = 0; done < bytes; ) done += fs.writeSync(this.fd, data, done, bytes - done, at + done);
    });
    this.folder.written += bytes;
    this.onDisk += words / this.stride;
    // A block read before may hold the end of the file as it was then: read again.
    this.held.fill(-1);
  }

  /** The words holding the row `row` last returned the offset of (valid until the next call on this level). */
  rowWords: Int32Array;

  /** The offset of row `i` in `rowWords`. */
  row(i: number): number {
    if (i >= this.onDisk) {
      this.rowWords = this.words;
      return (i - this.onDisk) * this.stride;
    }
    const b = Math.floor(i / this.blockRows);
    let s = this.last;
    if (this.held[s] !== b) s = this.load(b);
    this.rowWords = this.blocks[s]!;
    return (i - b * this.blockRows) * this.stride;
  }

  /** The slot holding block `b`, read from the file into the slot read longest ago if no slot has it. */
  private load(b: number): number {
    let s = -1;
    for (let k = 0; k < BLOCKS; k++) if (this.held[k] === b) s = k;
    if (s < 0) {
      s = 0;
      for (let k = 1; k < BLOCKS; k++) if (this.used[k]! < this.used[s]!) s = k;
      const from = b * this.blockRows;
      const rows = Math.min(this.blockRows, this.onDisk - from);
      const buf = (this.blocks[s] ??= new Int32Array(this.blockRows * this.stride));
      this.read(buf, 0, from, rows);
      this.held[s] = b;
    }
    this.used[s] = ++this.clock;
    this.last = s;
    return s;
  }

  /** Read rows [from, from + rows) of the file into `buf` at word `at`. */
  private read(buf: Int32Array, at: number, from: number, rows: number): void {
    const bytes = rows * this.stride * 4;
    // Only a level that spilled reads: it has its folder.
    const got = onDisk(this.folder!.where, () => fs.readSync(this.fd, new Uint8Array(buf.buffer, buf.byteOffset + at * 4, bytes), 0, bytes, from * this.stride * 4));
    if (got !== bytes) throw new Error(`[reapcheck internal bug] a spilled level read ${got} of ${bytes} bytes`);
  }

  /** Append a copy of row `i` of `from` (a level of the same stride). */
  copyRow(from: SpillLevel, i: number): void {
    const o = this.append();
    const f = from.row(i);
    const src = from.rowWords;
    // Word by word: a row is 12–40 words, and a subarray view per row cost more than the copy.
    const w = this.words;
    for (let k = 0; k < this.stride; k++) w[o + k] = src[f + k]!;
  }

  /** Move row `from` to row `to` (to ≤ from) of a level in memory: compacting it in place. */
  moveRow(from: number, to: number): void {
    if (this.onDisk > 0) throw new Error('[reapcheck internal bug] a spilled level is compacted in place');
    this.words.copyWithin(to * this.stride, from * this.stride, (from + 1) * this.stride);
  }

  /** Rows [at, count), copied (a worker hands them to another). */
  rowsFrom(at: number): Int32Array {
    const out = new Int32Array((this.count - at) * this.stride);
    const disk = Math.max(0, this.onDisk - at);
    if (disk > 0) this.read(out, 0, at, disk);
    const m0 = Math.max(at, this.onDisk) - this.onDisk;
    out.set(this.words.subarray(m0 * this.stride, (this.count - this.onDisk) * this.stride), disk * this.stride);
    return out;
  }

  /** Drop rows [at, count): the level ends at `at`; later rows are appended from there. */
  truncate(at: number): void {
    if (at < this.onDisk) {
      this.onDisk = at;
      this.held.fill(-1);
    }
    this.count = at;
  }

  /** Empty it for another level (levels take turns); the file is truncated, kept open. */
  clear(): void {
    this.count = 0;
    this.onDisk = 0;
    this.held.fill(-1);
    if (this.fd >= 0) fs.ftruncateSync(this.fd, 0);
  }

  /** Close its file (the folder removes it). */
  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }
}
