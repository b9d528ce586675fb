/**
 * A level of the sequential search (bfs.ts) that moves to disk when it outgrows its share of the
 * memory bound: rows are written in order and read back in order, so a level past `spillBytes`
 * goes to a file of its own, written and read a chunk of rows at a time, and only one chunk to
 * write and one to read stay in memory.
 *
 * Why only levels: the fingerprint table is read at random (every successor looks itself up), so
 * it must stay in memory; a level is read once, in order, after it is written. The rows are those
 * of packed-frontier.ts: indices into the search's part tables, which stay in memory (they are
 * small: ≈ 1,300 distinct parts over the first million worlds of duct-1.0 × pool).
 *
 * The file lives in a folder of the system's temporary folder made for the search; `close` removes
 * it (bfs.ts calls it in a `finally`, so a bound or an exception does not leave it behind).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RowSink } from './packed-frontier.ts';

/** Rows per chunk written or read at once, by default (with 20-word rows, 5 MiB). */
const CHUNK_ROWS = 65536;

/** The folder the levels of one search spill into, made when the first level spills. */
export class SpillFolder {
  private dir: string | null = null;
  /** Bytes written to disk, over the search. */
  written = 0;

  file(name: string): number {
    this.dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'reapcheck-spill-'));
    return fs.openSync(path.join(this.dir, name), 'w+');
  }

  /** Remove the folder and its files. */
  close(): void {
    if (this.dir !== null) fs.rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
  }
}

export class SpillLevel implements RowSink {
  /** Rows in memory: all of them until the level spills, then the chunk being written. */
  words: Int32Array;
  /** Rows in the level (on disk and in memory). */
  count = 0;
  /** Rows on disk: rows [0, onDisk) are in the file, [onDisk, count) in `words`. */
  private onDisk = 0;
  private fd = -1;
  /** The chunk read last: rows [readFrom, readFrom + readRows) in `readWords`. */
  private readWords: Int32Array;
  private readFrom = -1;
  private readRows = 0;

  constructor(
    readonly stride: number,
    /** Past this many bytes of rows in memory, the level moves to disk. */
    private readonly spillBytes: number,
    private readonly folder: SpillFolder,
    private readonly name: string,
    /** Rows per chunk written or read at once (tests make it small to read many chunks). */
    private readonly chunkRows = CHUNK_ROWS,
  ) {
    this.words = new Int32Array(stride * Math.min(1024, chunkRows));
    this.readWords = new Int32Array(0);
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
        const w = new Int32Array(this.words.length * 2);
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
    if (this.fd < 0) this.fd = this.folder.file(this.name);
    const bytes = words * 4;
    fs.writeSync(this.fd, new Uint8Array(this.words.buffer, this.words.byteOffset, bytes), 0, bytes, this.onDisk * this.stride * 4);
    this.folder.written += bytes;
    this.onDisk += words / this.stride;
  }

  /** The words holding the row `row` last returned the offset of. */
  rowWords: Int32Array;

  /** The offset of row `i` in `rowWords` (read the level in order: a chunk is read from disk once). */
  row(i: number): number {
    if (i >= this.onDisk) {
      this.rowWords = this.words;
      return (i - this.onDisk) * this.stride;
    }
    if (i < this.readFrom || i >= this.readFrom + this.readRows) {
      const rows = Math.min(this.chunkRows, this.onDisk - i);
      if (this.readWords.length < rows * this.stride) this.readWords = new Int32Array(this.chunkRows * this.stride);
      const bytes = rows * this.stride * 4;
      const got = fs.readSync(this.fd, new Uint8Array(this.readWords.buffer, 0, bytes), 0, bytes, i * this.stride * 4);
      if (got !== bytes) throw new Error(`[reapcheck internal bug] a spilled level read ${got} of ${bytes} bytes`);
      this.readFrom = i;
      this.readRows = rows;
    }
    this.rowWords = this.readWords;
    return (i - this.readFrom) * this.stride;
  }

  /** Empty it for the next level but one (levels take turns, as in bfs.ts); the file is truncated, kept open. */
  clear(): void {
    this.count = 0;
    this.onDisk = 0;
    this.readFrom = -1;
    this.readRows = 0;
    if (this.fd >= 0) fs.ftruncateSync(this.fd, 0);
  }

  /** Close its file (the folder removes it). */
  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }
}
