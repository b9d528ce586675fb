/**
 * The shared words of work stealing inside a level (level-worker.ts): a worker that has expanded
 * its share asks the worker with the most states left for half of them, so no worker waits out
 * another's longer share. Before stealing, the shares were evened out between levels by expected
 * work, from the cost per state of the last level: it moved 5–15% of a level every level, and the
 * shares still ended 5–10% apart (costs per state drift within a level).
 *
 * Per worker w, one cache line: `req` — -1 while w is not expanding (closed), 0 while it is and
 * nobody asked, t + 1 while worker t waits for its answer — and `left`, the states w has not
 * expanded yet (published every few states; a hint, read to choose a victim).
 */

const STRIDE = 16;
const REQ = 0;
const LEFT = 1;
/** No smaller half is worth a message: a victim keeps its last 2 · MIN_STEAL states. */
export const MIN_STEAL = 32;

export function newStealWords(workers: number): SharedArrayBuffer {
  const buf = new SharedArrayBuffer(4 * STRIDE * workers);
  const w = new Int32Array(buf);
  for (let i = 0; i < workers; i++) w[i * STRIDE + REQ] = -1;
  return buf;
}

export class StealWords {
  private readonly w: Int32Array;
  readonly workers: number;

  constructor(buf: SharedArrayBuffer) {
    this.w = new Int32Array(buf);
    this.workers = this.w.length / STRIDE;
  }

  /** Worker `id` expands: it may be asked. */
  open(id: number, left: number): void {
    Atomics.store(this.w, id * STRIDE + LEFT, left);
    Atomics.store(this.w, id * STRIDE + REQ, 0);
  }

  /** The worker waiting for an answer from `id` (-1: none). */
  asker(id: number): number {
    return Atomics.load(this.w, id * STRIDE + REQ) - 1;
  }

  /** Worker `id` answered its asker and may be asked again. */
  answered(id: number, left: number): void {
    Atomics.store(this.w, id * STRIDE + LEFT, left);
    Atomics.store(this.w, id * STRIDE + REQ, 0);
  }

  publish(id: number, left: number): void {
    Atomics.store(this.w, id * STRIDE + LEFT, left);
  }

  /** Worker `id` stops expanding; returns the worker that asked meanwhile (it must be answered), or -1. */
  close(id: number): number {
    Atomics.store(this.w, id * STRIDE + LEFT, 0);
    const v = Atomics.compareExchange(this.w, id * STRIDE + REQ, 0, -1);
    if (v <= 0) return -1;
    Atomics.store(this.w, id * STRIDE + REQ, -1);
    return v - 1;
  }

  /** The open worker other than `id` with the most states left (at least 2 · MIN_STEAL), or -1. */
  victim(id: number): number {
    let best = -1;
    let most = 2 * MIN_STEAL - 1;
    for (let v = 0; v < this.workers; v++) {
      if (v === id || Atomics.load(this.w, v * STRIDE + REQ) !== 0) continue;
      const left = Atomics.load(this.w, v * STRIDE + LEFT);
      if (left > most) (best = v), (most = left);
    }
    return best;
  }

  /** Ask `victim` on behalf of `id`; false when it closed or someone else asked first. */
  ask(id: number, victim: number): boolean {
    return Atomics.compareExchange(this.w, victim * STRIDE + REQ, 0, id + 1) === 0;
  }
}
