/**
 * A replay session: everything that outlives one replay inside one sandbox — the worker pool, the
 * process maker and its helper, and the real pid base. Threads and the helper are created first
 * (each takes a pid), then the base is chosen above every pid in use, so that the model's pid
 * 100 + k is forced onto base + k on every replay.
 */
import { readdirSync } from 'node:fs';
import { constants } from 'node:os';
import type { Libc } from '../os/libc.ts';
import { loadLibc } from '../os/libc.ts';
import { WorkerPool } from '../workers/pool.ts';
import type { ProcessMaker } from '../processes/process-maker.ts';
import { startProcessMaker } from '../processes/process-maker.ts';
import { assertInSandbox } from '../sandbox/check.ts';
import { forceNextPid, openNsLastPid } from '../processes/ns-last-pid.ts';
import { C } from '../os/libc.ts';
import { HIGH_FD, toHighFd } from '../os/fdio.ts';

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
  /** Placeholders in the free numbers below the fd base, held for the whole session (see `fdBase`). */
  private plugs: number[] = [];
  private base = -1;
  /** /proc/sys/kernel/ns_last_pid, open for writing for the whole session (see `forceNextPid`). */
  private nsLastPid = -1;

  private constructor(
    readonly libc: Libc,
    readonly pool: WorkerPool,
    readonly maker: ProcessMaker,
    readonly strategyThreads: number,
    /** The real pid the model's first pid maps to. */
    readonly pidBase: number,
  ) {}

  static async open(opts: SessionOptions = {}): Promise<RealSession> {
    assertInSandbox();
    const libc = loadLibc();
    const n = opts.strategyThreads ?? 3;
    const pool = await WorkerPool.create(n + ADVERSARIES.length);
    let maker: ProcessMaker;
    try {
      maker = startProcessMaker(libc, pool);
    } catch (e) {
      await pool.close();
      throw e;
    }
    const session = new RealSession(libc, pool, maker, n, Math.max(1000, highestPidInUse() + 100));
    session.openNsLastPid();
    session.plugHoles();
    return session;
  }

  /**
   * The real fd base of the next replay: the lowest free fd, with every free number under it held
   * by a placeholder, so that the model's fd 3 is the real base (both tables hand out the lowest
   * free number). The placeholders are made once per session (there can be hundreds: an fd Node
   * inherited high up leaves a big hole) and checked before each replay with one open: it must
   * land on the base. A hole Node left meanwhile is plugged; a base Node took is planned afresh.
   */
  fdBase(): number {
    const libc = this.libc;
    for (let tries = 0; tries < 1000; tries++) {
      const fd = libc.open('/dev/null', C.O_RDONLY | C.O_CLOEXEC);
      if (fd < 0) throw new Error(`reapcheck: cannot open /dev/null to probe the fd base (errno ${libc.errno()})`);
      if (fd === this.base) {
        libc.close(fd);
        return fd;
      }
      if (fd < this.base) this.plugs.push(fd);
      else {
        libc.close(fd);
        this.plugHoles();
      }
    }
    throw new Error('reapcheck: the fd base keeps moving: Node opens and closes fds under the replay');
  }

  /**
   * Choose the fd base afresh: one above the highest fd Node holds below our own high fds, with
   * every free number under it plugged. Measured: without plugs, Node sometimes holds an fd above a
   * hole between replays, and the model's fd 3 would not be the real base.
   */
  private plugHoles(): void {
    const libc = this.libc;
    for (const fd of this.plugs) libc.close(fd);
    this.plugs = [];
    const held = readdirSync('/proc/self/fd').map(Number).filter((n) => n < HIGH_FD);
    this.base = Math.max(...held) + 1; // the listing's own fd is among them: harmless, it only raises the base
    for (;;) {
      const fd = libc.open('/dev/null', C.O_RDONLY | C.O_CLOEXEC);
      if (fd < 0 || fd >= this.base) {
        if (fd >= 0) libc.close(fd);
        break;
      }
      this.plugs.push(fd);
    }
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
    forceNextPid(this.libc, this.nsLastPid, pid);
  }

  /** Open ns_last_pid once (at a high fd, before the fd base is chosen): each forced pid is then one pwrite. */
  private openNsLastPid(): void {
    this.nsLastPid = openNsLastPid(this.libc);
  }

  /**
   * Why this session lost a part it cannot replay without — a worker thread or the process
   * maker's helper ended (killed from outside, or a bug of ours) — or null. Checked after every
   * replay: such a loss shows first as a call that does not return or a helper that does not
   * answer, which must not be reported as Linux diverging from the model.
   */
  lost(): string | null {
    const worker = this.pool.lost();
    if (worker) return worker;
    const pid = this.maker.helperPid;
    lostInfo.fill(0);
    // WNOWAIT: look without reaping; the helper is our child and nothing else waits for it.
    const r = this.libc.waitid(C.P_PID, pid, lostInfo, C.WEXITED | C.WNOHANG | C.WNOWAIT);
    if (r < 0) return `the process maker's helper (pid ${pid}) is gone (waitid: errno ${this.libc.errno()})`;
    if (lostInfo.readInt32LE(16) === 0) return null; // si_pid 0: still running
    const code = lostInfo.readInt32LE(8);
    const status = lostInfo.readInt32LE(24);
    const how = code === C.CLD_EXITED ? `exited with code ${status}` : `was killed by ${signalName(status)}`;
    return `the process maker's helper (pid ${pid}) ${how}`;
  }

  async close(): Promise<void> {
    // The helper and its children die with the namespace; the workers and our fds are ours to end.
    for (const fd of this.plugs) this.libc.close(fd);
    this.plugs = [];
    this.base = -1;
    if (this.nsLastPid >= 0) this.libc.close(this.nsLastPid);
    this.nsLastPid = -1;
    if (!this.broken) await this.pool.close();
  }
}

/** Scratch siginfo of `lost` (x86_64: si_code @8, si_pid @16, si_status @24). */
const lostInfo = Buffer.alloc(128);

function signalName(n: number): string {
  const name = Object.entries(constants.signals).find(([, v]) => v === n)?.[0];
  return name ?? `signal ${n}`;
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
