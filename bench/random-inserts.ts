/**
 * The machine's own ceiling for memory-bound work on two cores: threads inserting random 64-bit
 * keys into open-addressing tables of 16-byte slots (parallel/shared-table.ts's layout and insert,
 * 2²³ slots, 128 MiB each, far larger than the caches), alone, two threads each with its own
 * table, two threads into one shared table, and two processes at once (run the command twice in
 * parallel with `alone`). It separates what the machine does to concurrent random memory access
 * from what the parallel search adds (bench/README.md, issue 16).
 * Rerun: `npx tsx bench/random-inserts.ts [alone|separate|shared ...]` (default: all three, twice).
 */
import { Worker } from 'node:worker_threads';

const LOG2 = 23;
const WORDS = 4;
const INSERTS = 3_000_000;

// The thread's code, plain JavaScript (a worker cannot load a .ts file, parallel/worker.mjs).
const THREAD = `
const { workerData, parentPort } = require('node:worker_threads');
const t = new Int32Array(workerData.table);
const gate = new Int32Array(workerData.gate);
const mask = (1 << ${LOG2}) - 1;
let x = (workerData.seed * 0x9e3779b9) | 0;
const rnd = () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), x | 0);
// Start together: each thread waits until every thread is ready.
Atomics.add(gate, 0, 1);
while (Atomics.load(gate, 0) < workerData.threads);
const t0 = performance.now();
for (let n = 0; n < ${INSERTS}; n++) {
  const h = rnd();
  const l = rnd() | 1;
  for (let i = h & mask; ; i = (i + 1) & mask) {
    const b = i * ${WORDS};
    let y = t[b];
    if (y === 0) {
      y = Atomics.compareExchange(t, b, 0, l);
      if (y === 0) { t[b + 1] = h; t[b + 3] = n; Atomics.store(t, b + 2, 1); break; }
    }
    if (y === l && t[b + 1] === h) break;
  }
}
parentPort.postMessage((performance.now() - t0) * 1e6 / ${INSERTS});
`;

type Mode = 'alone' | 'separate' | 'shared';

/** Nanoseconds per insert of each thread in `mode`. */
async function run(mode: Mode): Promise<number[]> {
  const threads = mode === 'alone' ? 1 : 2;
  const tables = Array.from({ length: mode === 'separate' ? 2 : 1 }, () => {
    const sab = new SharedArrayBuffer(4 * WORDS * (1 << LOG2));
    // Touched before the threads start, so that no thread pays the others' page faults.
    const a = new Int32Array(sab);
    for (let i = 0; i < a.length; i += 1024) a[i] = 0;
    return sab;
  });
  const gate = new SharedArrayBuffer(4);
  return Promise.all(
    Array.from(
      { length: threads },
      (_, i) =>
        new Promise<number>((resolve, reject) => {
          const w = new Worker(THREAD, { eval: true, workerData: { table: tables[mode === 'separate' ? i : 0], gate, threads, seed: i + 1 } });
          w.on('message', resolve);
          w.on('error', reject);
        }),
    ),
  );
}

const modes = process.argv.slice(2) as Mode[];
for (const mode of modes.length > 0 ? modes : (['alone', 'separate', 'shared', 'alone', 'separate', 'shared'] as Mode[])) {
  if (!['alone', 'separate', 'shared'].includes(mode)) throw new Error(`unknown mode ${mode}: alone, separate or shared`);
  const ns = await run(mode);
  console.log(`${mode.padEnd(8)} ${ns.map((n) => `${n.toFixed(0)} ns/insert`).join(', ')}`);
}
