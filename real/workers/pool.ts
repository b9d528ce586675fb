/**
 * The worker pool: long-lived threads, one per model thread, created before anything is spawned
 * (creating a thread consumes a pid, and forced pids are chosen after every thread exists).
 * The coordinator posts one command at a time and waits for it with a bound; a blocking call is
 * known to have entered the kernel from /proc/self/task/<tid>/{syscall,stat} (model-spec §9).
 */
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { loadLibc } from '../os/libc.ts';
import { readProcFile } from '../os/proc-files.ts';
import { sleepMs } from '../os/sleep.ts';
import { OP, S, STATE, SYNC } from './protocol.ts';
import { processLimitReached } from '../os/limits.ts';

/** What a finished command left in its slots. */
export interface CallOutcome {
  readonly ret: number;
  readonly err: number;
  readonly x1: number;
  readonly x2: number;
  readonly x3: number;
}

/** How a call that should block went: it entered the kernel (asleep in `nr`), or returned, or neither in time. */
export type EnterOutcome = 'entered' | 'returned' | 'timeout';

/** How long `waitDone` spins before it sleeps. */
const SPIN_MS = 0.03;


export class WorkerPool {
  readonly sync = new Int32Array(new SharedArrayBuffer(SYNC.SIZE * 4));
  private readonly ctls: Int32Array[] = [];
  private readonly workers: Worker[] = [];
  readonly tids: number[] = [];
  /** The first error a worker thread raised (it failed to start, or threw): the pool is unusable. */
  private failure: Error | null = null;

  private constructor() {}

  /** Start `n` workers and wait until each knows its tid. */
  static async create(n: number): Promise<WorkerPool> {
    const pool = new WorkerPool();
    // Compiled (bundle.ts): the worker bundle sits next to us; from TypeScript: the tsx entry.
    const entry = new URL(import.meta.url.endsWith('.ts') ? './worker-entry.mjs' : './worker-main.mjs', import.meta.url);
    for (let i = 0; i < n; i++) {
      const ctl = new Int32Array(new SharedArrayBuffer(S.SIZE * 4));
      pool.ctls.push(ctl);
      const wk = new Worker(entry, { workerData: { ctl: ctl.buffer, sync: pool.sync.buffer, index: i } });
      // Without a listener, a worker that cannot start (no thread left: EAGAIN) or that dies
      // throwing would end the whole sandbox with Node's stack trace instead of one line.
      wk.on('error', (e) => (pool.failure ??= e instanceof Error ? e : new Error(String(e))));
      pool.workers.push(wk);
    }
    const t0 = Date.now();
    for (const ctl of pool.ctls) {
      while (Atomics.load(ctl, S.TID) === 0) {
        if (pool.failure) {
          await pool.close();
          const m = pool.failure.message;
          throw (/EAGAIN|Resource temporarily unavailable/.test(m) ? processLimitReached('starting a replay worker thread', 11) : null) ?? new Error(`reapcheck: a replay worker failed to start: ${m}`);
        }
        if (Date.now() - t0 > 20_000) throw new Error('reapcheck: a replay worker did not start within 20 s');
        await new Promise((r) => setTimeout(r, 5));
      }
      pool.tids.push(Atomics.load(ctl, S.TID));
    }
    return pool;
  }

  /**
   * Why a worker is gone, or null when every worker's thread still exists. A thread that ended
   * (terminated, or its isolate died) leaves its commands unanswered, which a replay would read as
   * a call that blocks: a false divergence. Read from /proc/self/task, so it holds even while the
   * event loop (where the Worker's 'exit' event would arrive) is not turning.
   */
  lost(): string | null {
    for (let w = 0; w < this.tids.length; w++) if (!existsSync(`/proc/self/task/${this.tids[w]}`)) return `replay worker ${w} (thread ${this.tids[w]}) has ended`;
    return this.failure ? `a replay worker failed: ${this.failure.message}` : null;
  }

  get size(): number {
    return this.ctls.length;
  }

  /** Post a command to worker `w`; returns its sequence number. The worker must be idle. */
  post(w: number, op: number, a0 = 0, a1 = 0, a2 = 0): number {
    const ctl = this.ctls[w]!;
    if (!this.idle(w)) throw new Error(`[reapcheck internal bug] worker ${w} is busy`);
    ctl[S.OP] = op;
    ctl[S.A0] = a0;
    ctl[S.A1] = a1;
    ctl[S.A2] = a2;
    Atomics.store(ctl, S.STATE, STATE.WORKING);
    const seq = Atomics.add(ctl, S.CMD_SEQ, 1) + 1;
    Atomics.notify(ctl, S.CMD_SEQ);
    return seq;
  }

  /** Has worker `w` finished every command posted to it? */
  idle(w: number): boolean {
    const ctl = this.ctls[w]!;
    return Atomics.load(ctl, S.DONE_SEQ) === Atomics.load(ctl, S.CMD_SEQ);
  }

  /** Wait at most `ms` for worker `w` to finish; true when it did. */
  waitDone(w: number, ms: number): boolean {
    const ctl = this.ctls[w]!;
    const now = performance.now();
    const deadline = now + ms;
    // Spin a moment first: most commands finish within microseconds, and going to sleep and
    // being woken costs more than that (the worker still has a core of its own on two).
    const spinUntil = now + Math.min(ms, SPIN_MS);
    while (performance.now() < spinUntil) if (Atomics.load(ctl, S.DONE_SEQ) === Atomics.load(ctl, S.CMD_SEQ)) return true;
    for (;;) {
      const target = Atomics.load(ctl, S.CMD_SEQ);
      const done = Atomics.load(ctl, S.DONE_SEQ);
      if (done === target) return true;
      const left = deadline - performance.now();
      if (left <= 0) return false;
      Atomics.wait(ctl, S.DONE_SEQ, done, left);
    }
  }

  outcome(w: number): CallOutcome {
    const c = this.ctls[w]!;
    return { ret: c[S.RET]!, err: c[S.ERR]!, x1: c[S.X1]!, x2: c[S.X2]!, x3: c[S.X3]! };
  }

  /**
   * Wait until worker `w` sleeps inside syscall `nr` (state S), or returned, or `ms` passed.
   * Atomics.wait sleeps in futex (202), so this also confirms a lock or condition wait.
   */
  confirmEntered(w: number, nr: number, ms: number): EnterOutcome {
    const ctl = this.ctls[w]!;
    const deadline = performance.now() + ms;
    while (performance.now() < deadline) {
      if (this.idle(w)) return 'returned';
      if (Atomics.load(ctl, S.STATE) === STATE.IN_CALL && this.asleepIn(w, nr)) return 'entered';
      sleepMs(0.05);
    }
    return this.idle(w) ? 'returned' : 'timeout';
  }

  /** Is worker `w`'s thread asleep (state S) in syscall `nr` right now? */
  asleepIn(w: number, nr: number): boolean {
    const tid = this.tids[w]!;
    const libc = loadLibc(); // the coordinator's (one per thread, cached)
    const sc = readProcFile(libc, `/proc/self/task/${tid}/syscall`);
    if (sc === null || Number(sc.slice(0, sc.indexOf(' '))) !== nr) return false;
    const stat = readProcFile(libc, `/proc/self/task/${tid}/stat`);
    if (stat === null) return false;
    const end = stat.lastIndexOf(')');
    return end >= 0 && stat[end + 2] === 'S';
  }

  /** Make worker `w`'s lock or condition wait give up (cleanup); the words it may sleep on are woken. */
  abort(w: number): void {
    Atomics.store(this.ctls[w]!, S.ABORT, 1);
    this.wakeAll();
  }

  private wakeAll(): void {
    for (let i = 0; i < SYNC.SIZE; i++) Atomics.notify(this.sync, i);
  }

  /**
   * `waitDone` after an abort: the words are woken again every few milliseconds meanwhile. A
   * worker descheduled between its look at the abort flag and its `Atomics.wait` sleeps through
   * the first wake-up, and nothing else would wake it (seen once in CI under load: "worker 1 is
   * still inside a call" after the deadlock trace). The worker itself does not poll: a deadlock's
   * evidence is that it sleeps, and a polling worker is sometimes caught awake.
   */
  waitAborted(w: number, ms: number): boolean {
    const deadline = performance.now() + ms;
    for (;;) {
      if (this.waitDone(w, Math.min(5, Math.max(0, deadline - performance.now())))) return true;
      if (performance.now() >= deadline) return false;
      this.wakeAll();
    }
  }

  clearAbort(): void {
    for (const c of this.ctls) Atomics.store(c, S.ABORT, 0);
  }

  /** Stop every worker (each must be idle: a worker inside a native call cannot be terminated). */
  async close(): Promise<void> {
    for (let w = 0; w < this.size; w++) if (this.idle(w)) this.post(w, OP.QUIT);
    await Promise.all(this.workers.map((wk) => wk.terminate()));
  }
}
