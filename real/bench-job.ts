/**
 * The benchmark, inside the sandbox: replays per second and their steps per second (one session,
 * workers reused), the bare cost of sequencing one step through a worker (SharedArrayBuffer +
 * Atomics round trip), and raw posix_spawn + waitpid per second for scale.
 */
import { createInstance } from '../model/instance.ts';
import type { ReplayItem } from './jobs.ts';
import { RealSession } from './session.ts';
import { replayOnLinux } from './replay.ts';
import { spawnProcess } from './spawn.ts';
import { OP, SYNC } from './protocol.ts';

export interface BenchResult {
  readonly replaysPerSec: number;
  readonly replayStepsPerSec: number;
  readonly sequencedStepsPerSec: number;
  readonly spawnReapPerSec: number;
  readonly reproduced: number;
  readonly replays: number;
}

function perSecond(seconds: number, once: () => number): { n: number; units: number; rate: number } {
  const t0 = performance.now();
  let n = 0;
  let units = 0;
  while (performance.now() - t0 < seconds * 1000) {
    units += once();
    n++;
  }
  const s = (performance.now() - t0) / 1000;
  return { n, units, rate: units / s };
}

export async function benchInSandbox(item: ReplayItem, seconds: number): Promise<BenchResult> {
  const session = await RealSession.open({ strategyThreads: 3 });
  try {
    const inst = createInstance(item.strategy, item.scenario, item.scope);
    let reproduced = 0;
    const t0 = performance.now();
    let replays = 0;
    let steps = 0;
    while (performance.now() - t0 < seconds * 1000) {
      const r = await replayOnLinux(inst, item.steps, { session, invariant: item.invariant ?? null });
      if (r.reproduced) reproduced++;
      replays++;
      steps += item.steps.length;
    }
    const s = (performance.now() - t0) / 1000;
    const pool = session.pool;
    const seq = perSecond(seconds, () => {
      pool.post(0, OP.VAR_READ, SYNC.VARS);
      pool.waitDone(0, 1000);
      return 1;
    });
    const libc = session.libc;
    const st = Buffer.alloc(4);
    const spawn = perSecond(seconds, () => {
      const p = spawnProcess(libc, '/bin/true', ['true'], []);
      libc.waitpid(p.pid, st, 0);
      return 1;
    });
    return { replaysPerSec: replays / s, replayStepsPerSec: steps / s, sequencedStepsPerSec: seq.rate, spawnReapPerSec: spawn.rate, reproduced, replays };
  } finally {
    await session.close();
  }
}
