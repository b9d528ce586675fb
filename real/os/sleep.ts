/** A pause of the calling thread that does not yield to the event loop (the replay is synchronous on purpose). */
const tick = new Int32Array(new SharedArrayBuffer(4));

/** Sleep `ms` milliseconds (fractions too) without yielding to the event loop. */
export function sleepMs(ms: number): void {
  Atomics.wait(tick, 0, 0, ms);
}
