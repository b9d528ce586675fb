/**
 * Who makes a replay's processes. Preferably the C helper (native-helper.ts): children and
 * siblings by clone(CLONE_PARENT) without exec, victims by fork, about 0.5 ms a replay cheaper.
 * The fallback, when no C compiler built it or it failed its start-up check: `sh -c 'read x; exit
 * N'` children spawned by us (or the spawner's worker) and victims forked by the python3 helper.
 * Either way the parent relations are the model's: child and siblings ours, victims not. The
 * choice and its reason are in `description` (the benchmark prints it).
 *
 * SIMPLIFICATION: the C helper's children do not exec, so they are copies of the helper (its
 * command name, its memory) with one real-time signal blocked (how they are told to exit); a
 * strategy can observe neither: it sees pids, wait statuses and signals, and that signal sent by
 * anyone else kills them as it would a spawned child.
 */
import type { Libc } from '../os/libc.ts';
import type { WorkerPool } from '../workers/pool.ts';
import { OP } from '../workers/protocol.ts';
import { spawnReader } from '../os/spawn.ts';
import { highPipe } from '../os/fdio.ts';
import { UnrelatedHelper } from './helper.ts';
import { NativeHelper } from './native-helper.ts';
import { ENV_HELPER_HOW, ENV_HELPER_PATH } from './helper-env.ts';
import { LimitReached } from '../os/limits.ts';

/** A child or sibling just made, and how to tell it to exit. */
export interface MadeChild {
  /** Its pid, or a negative number (-errno from the C helper). */
  readonly pid: number;
  /** Write end of its stdin (a line makes it exit), or -1. */
  readonly stdinW: number;
  /** How to tell it to exit: a line on its stdin (sh), or the C helper's queued signal. */
  readonly exitBy: 'stdin' | 'queued-signal';
}

export interface ProcessMaker {
  /** Which maker this is, and why (one line). */
  readonly description: string;
  /** The helper process: one more child of ours, outside the model's pids. */
  readonly helperPid: number;
  /** A child of our process exiting with `code` when told, on the pid the caller forced; `worker` ≥ 0 makes it from that worker's thread where that matters. */
  child(code: number, worker: number): MadeChild;
  /** An unrelated process (the helper's child) on the pid the caller forced; its pid or a negative number. */
  unrelated(): number;
  /** Reap an unrelated process at cleanup (already killed); the C helper does it while the next replay starts. */
  reapUnrelated(pid: number): void;
  /** Return once every reap asked for is done (before counting the namespace's processes). */
  drain(): void;
}

class NativeMaker implements ProcessMaker {
  constructor(
    private readonly h: NativeHelper,
    readonly description: string,
  ) {}
  get helperPid(): number {
    return this.h.pid;
  }
  child(code: number): MadeChild {
    return { pid: this.h.clone(code), stdinW: -1, exitBy: 'queued-signal' };
  }
  unrelated(): number {
    return this.h.fork();
  }
  reapUnrelated(pid: number): void {
    this.h.reapLater(pid);
  }
  drain(): void {
    this.h.drain();
  }
}

class ShellMaker implements ProcessMaker {
  constructor(
    private readonly libc: Libc,
    private readonly pool: WorkerPool,
    private readonly h: UnrelatedHelper,
    readonly description: string,
  ) {}
  get helperPid(): number {
    return this.h.pid;
  }
  /** The sibling comes from the spawner's worker, as a spawn by that thread would. */
  child(code: number, worker: number): MadeChild {
    const [r, w] = highPipe(this.libc);
    let pid: number;
    if (worker < 0) pid = spawnReader(this.libc, r, code).pid;
    else {
      this.pool.post(worker, OP.SPAWN, r, code);
      if (!this.pool.waitDone(worker, 5000)) throw new Error('reapcheck: the spawner worker did not return from posix_spawn');
      pid = this.pool.outcome(worker).ret;
    }
    this.libc.close(r);
    return { pid, stdinW: w, exitBy: 'stdin' };
  }
  unrelated(): number {
    return this.h.fork();
  }
  reapUnrelated(pid: number): void {
    this.h.reap(pid);
  }
  drain(): void {}
}

/** Start the C helper the launcher compiled, or the fallback; throws one line when neither can run. */
export function startProcessMaker(libc: Libc, pool: WorkerPool, env: NodeJS.ProcessEnv = process.env): ProcessMaker {
  const path = env[ENV_HELPER_PATH];
  const how = env[ENV_HELPER_HOW] || 'the launcher compiled no C helper';
  let why = how;
  if (path) {
    try {
      return new NativeMaker(NativeHelper.start(libc, path), `C helper (${how}): children by clone(CLONE_PARENT), victims by fork, no exec`);
    } catch (e) {
      if (e instanceof LimitReached) throw e; // the fallback would hit the same limit, and blame a missing compiler
      why = `the C helper failed its start: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  const py = UnrelatedHelper.start(libc, why);
  return new ShellMaker(libc, pool, py, `sh children + python3 helper (fallback: ${why})`);
}
