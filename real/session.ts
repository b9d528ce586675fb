/**
 * A replay session: everything that outlives one replay inside one sandbox — the worker pool, the
 * unrelated-process helper, and the real pid base. Threads and the helper are created first
 * (each takes a pid), then the base is chosen above every pid in use, so that the model's pid
 * 100 + k is forced onto base + k on every replay.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import type { Libc } from './libc.ts';
import { loadLibc } from './libc.ts';
import { WorkerPool } from './pool.ts';
import { UnrelatedHelper } from './helper.ts';
import { assertInSandbox } from './sandbox-check.ts';

/** The adversary workers, after the strategy threads' workers. */
export const ADVERSARIES = ['spawner', 'foreign-reaper', 'reap-any', 'churner'] as const;
export type Adversary = (typeof ADVERSARIES)[number];

export interface SessionOptions {
  /** The most strategy threads any replay of this session needs (the catalogue's scenarios need 3). */
  readonly strategyThreads?: number;
}

export class RealSession {
  /** Set when a cleanup could not bring every worker back: the session must not be reused. */
  broken: string | null = null;

  private constructor(
    readonly libc: Libc,
    readonly pool: WorkerPool,
    readonly helper: UnrelatedHelper,
    readonly strategyThreads: number,
    /** The real pid the model's first pid maps to. */
    readonly pidBase: number,
  ) {}

  static async open(opts: SessionOptions = {}): Promise<RealSession> {
    assertInSandbox();
    const libc = loadLibc();
    const n = opts.strategyThreads ?? 3;
    const pool = await WorkerPool.create(n + ADVERSARIES.length);
    const helper = UnrelatedHelper.start(libc);
    return new RealSession(libc, pool, helper, n, Math.max(1000, highestPidInUse() + 100));
  }

  /** The worker of strategy thread `t`, or of an adversary. */
  worker(who: number | Adversary): number {
    if (typeof who === 'number') {
      if (who >= this.strategyThreads) throw new Error(`reapcheck: this session has workers for ${this.strategyThreads} strategy threads, not ${who + 1}`);
      return who;
    }
    return this.strategyThreads + ADVERSARIES.indexOf(who);
  }

  /**
   * Make `pid` the next pid of our namespace (K15). Only ever inside the sandbox: on the host a
   * recycled number can belong to anyone.
   */
  forceNextPid(pid: number): void {
    if (process.pid !== 1) throw new Error('reapcheck: refusing to write ns_last_pid outside the sandbox');
    writeFileSync('/proc/sys/kernel/ns_last_pid', String(pid - 1));
  }

  async close(): Promise<void> {
    // The helper and its children die with the namespace; the workers are ours to stop.
    if (!this.broken) await this.pool.close();
  }
}

/** The highest pid or tid in our namespace right now. */
export function highestPidInUse(): number {
  let max = 1;
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    max = Math.max(max, Number(e));
    try {
      for (const t of readdirSync(`/proc/${e}/task`)) max = Math.max(max, Number(t));
    } catch {
      /* gone meanwhile */
    }
  }
  return max;
}
