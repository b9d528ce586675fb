/**
 * The benchmark, inside the sandbox: replays per second and their steps per second (one session,
 * workers reused), the bare cost of sequencing one step through a worker (SharedArrayBuffer +
 * Atomics round trip), and raw posix_spawn of /bin/true + waitpid per second for scale. Replays
 * and raw spawns run in alternating slices, so that their ratio is measured under the same load
 * (on a shared machine the load changes from one second to the next).
 */
import { createInstance } from '../../model/instance.ts';
import type { ReplayItem } from './replay-item.ts';
import { RealSession } from '../replay/session.ts';
import { replayOnLinux } from '../replay/replay.ts';
import { spawnProcess } from '../os/spawn.ts';
import { OP, SYNC } from '../workers/protocol.ts';

export interface BenchResult {
  readonly replaysPerSec: number;
  readonly replayStepsPerSec: number;
  readonly sequencedStepsPerSec: number;
  readonly spawnReapPerSec: number;
  readonly reproduced: number;
  readonly replays: number;
  /** Who made the replay's processes (the C helper, or the fallback and why). */
  readonly maker: string;
  /** Length of one slice of replays or raw spawns (they alternate). */
  readonly sliceMs: number;
}

/** How long one slice of replays or of raw spawns runs before the other takes over. */
const SLICE_MS = 250;

/** Run `once` for `ms`; returns how many units it did and the time it took. */
function slice(ms: number, once: () => number): { units: number; ms: number } {
  const t0 = performance.now();
  let units = 0;
  while (performance.now() - t0 < ms) units += once();
  return { units, ms: performance.now() - t0 };
}

export async function benchInSandbox(item: ReplayItem, seconds: number): Promise<BenchResult> {
  const session = await RealSession.open({ strategyThreads: 3 });
  try {
    const inst = createInstance(item.strategy, item.scenario, item.scope);
    const libc = session.libc;
    const st = Buffer.alloc(4);
    let reproduced = 0;
    let replays = 0;
    let replayMs = 0;
    let spawns = 0;
    let spawnMs = 0;
    // Replays are synchronous inside (replayOnLinux only awaits at its edges): time them one by one.
    const replayOnce = async () => {
      const r = await replayOnLinux(inst, item.steps, { session, invariant: item.invariant ?? null });
      if (r.reproduced) reproduced++;
      replays++;
    };
    await replayOnce(); // warm-up, not counted
    replays = reproduced = 0;
    while (replayMs < seconds * 1000 || spawnMs < seconds * 1000) {
      const t0 = performance.now();
      while (performance.now() - t0 < SLICE_MS) await replayOnce();
      replayMs += performance.now() - t0;
      const s = slice(SLICE_MS, () => {
        const p = spawnProcess(libc, '/bin/true', ['true'], []);
        libc.waitpid(p.pid, st, 0);
        return 1;
      });
      spawns += s.units;
      spawnMs += s.ms;
    }
    const pool = session.pool;
    const seq = slice(seconds * 1000, () => {
      pool.post(0, OP.VAR_READ, SYNC.VARS);
      pool.waitDone(0, 1000);
      return 1;
    });
    return {
      replaysPerSec: replays / (replayMs / 1000),
      replayStepsPerSec: (replays * item.steps.length) / (replayMs / 1000),
      sequencedStepsPerSec: seq.units / (seq.ms / 1000),
      spawnReapPerSec: spawns / (spawnMs / 1000),
      reproduced,
      replays,
      maker: session.maker.description,
      sliceMs: SLICE_MS,
    };
  } finally {
    await session.close();
  }
}
