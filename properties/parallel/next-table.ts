/**
 * The visited table the search will grow into, made ahead: the coordinator allocates it when the
 * next level is expected to fill the current one (search.ts), and writes one word of each memory
 * page of it while the workers expand, so that its pages are mapped before the table is needed.
 *
 * Why: on this machine (a virtual machine) the first write to a fresh page costs 10–15 µs, so a
 * table of 2²⁴ slots (256 MiB) costs 0.65–0.95 s to touch, and growing the table — every worker
 * waits — was 0.97 s of the 1.4 s that one worker spent between levels of the 30 s duct-1.0 × pool
 * search with 3 children. The coordinator is idle while workers expand, so with one worker the
 * touching costs nothing; with more, it takes the time the workers would have taken in `grow`.
 *
 * Safe because the table is not the workers' until `take` hands it over: touching stops first
 * (the loop checks between chunks, and JavaScript runs one thing at a time on this thread), and it
 * writes only zeros, which is what a fresh table holds.
 */
import type { SharedTableData } from './shared-table.ts';
import { newTableData } from './shared-table.ts';

/** Words per memory page (4 KiB), and pages touched between two turns of the event loop (4 MiB, ≈ 10–15 ms). */
const PAGE_WORDS = 1024;
const CHUNK_PAGES = 1024;

export class NextTable {
  private data: SharedTableData | null = null;
  private log2 = 0;
  /** Set to stop the touching loop of `data`. */
  private stopped = { now: false };

  constructor(private readonly workers: number) {}

  /** Make the table of 2^log2 slots and touch its pages in the background (nothing when it is made already). */
  prepare(log2: number): void {
    if (this.data !== null && this.log2 === log2) return;
    this.cancel();
    this.data = newTableData(log2, this.workers);
    this.log2 = log2;
    const stop = (this.stopped = { now: false });
    void touch(new Int32Array(this.data.slots), stop);
  }

  /** The table of 2^log2 slots for the workers: the one made ahead if it has that size (its touching stopped), else a new one. */
  take(log2: number): SharedTableData {
    const ready = this.data !== null && this.log2 === log2 ? this.data : null;
    this.cancel();
    return ready ?? newTableData(log2, this.workers);
  }

  /** Stop touching and drop the table made ahead (the search grew past it, or ended). */
  cancel(): void {
    this.stopped.now = true;
    this.data = null;
  }
}

/** Write 0 to one word of each page of `t`, a chunk per turn of the event loop, until done or stopped. */
async function touch(t: Int32Array, stop: { now: boolean }): Promise<void> {
  for (let p = 0; p < t.length; ) {
    if (stop.now) return;
    const end = Math.min(t.length, p + CHUNK_PAGES * PAGE_WORDS);
    for (; p < end; p += PAGE_WORDS) t[p] = 0;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
