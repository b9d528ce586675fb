/**
 * The sandbox job of `reapcheck run`: a user's program run again and again under chosen schedules
 * (real/run/explore.ts), inside the sandbox's private pid namespace. One session for every run: the
 * process maker (for the unrelated processes placed on freed numbers), ns_last_pid, a private
 * folder for the program's output (removed at the end). Stops at the first schedule with a
 * violation, or replays a saved schedule `repeat` times.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLibc } from '../os/libc.ts';
import { resourceCounts, type ResourceCounts } from '../os/resources.ts';
import { WorkerPool } from '../workers/pool.ts';
import { startProcessMaker } from '../processes/process-maker.ts';
import { openNsLastPid } from '../processes/ns-last-pid.ts';
import { ENV_RUN_LAUNCHER } from '../processes/helper-env.ts';
import { assertInSandbox, ToolMissing } from '../sandbox/check.ts';
import { runOnce, DEFAULT_BOUNDS, type RunBounds, type RunOutcome } from '../run/explore.ts';
import { makeChooser, replayChooser, type SchedulerKind } from '../run/scheduler.ts';

export interface RunProgramArgs {
  /** The command: argv[0] an absolute path. */
  readonly argv: readonly string[];
  readonly env: readonly string[];
  readonly cwd: string;
  readonly schedules: number;
  readonly seed: number;
  readonly scheduler: SchedulerKind;
  /** Replay these keys instead of exploring, `repeat` times. */
  readonly replay?: readonly string[];
  readonly repeat?: number;
  /** Go on after a violation (for counting: schedules to first failure, leak checks). */
  readonly all?: boolean;
  readonly bounds?: Partial<RunBounds>;
}

export interface RunProgramResult {
  /** Schedules run. */
  readonly runs: number;
  /** The first violating run and its seed (exploring), or the first replay. */
  readonly first: (RunOutcome & { seed: number; index: number }) | null;
  /** How many runs violated something, by verdict name. */
  readonly tally: Record<string, number>;
  /** Replays: how many reproduced the saved verdicts. */
  readonly reproduced: number;
  readonly intercepted: number;
  readonly seconds: number;
  readonly before: ResourceCounts;
  readonly after: ResourceCounts;
  readonly maker: string;
}

export async function runProgramInSandbox(a: RunProgramArgs, expect: readonly string[] = []): Promise<RunProgramResult> {
  assertInSandbox();
  const launcher = process.env[ENV_RUN_LAUNCHER];
  if (!launcher) throw new ToolMissing('reapcheck: run needs its seccomp launcher, which no C compiler could build here (install gcc)');
  process.chdir(a.cwd);
  const libc = loadLibc();
  const pool = await WorkerPool.create(1);
  const maker = startProcessMaker(libc, pool);
  const nsLastPid = openNsLastPid(libc);
  const dir = mkdtempSync(join(tmpdir(), 'reapcheck-run-'));
  const bounds = { ...DEFAULT_BOUNDS, ...a.bounds };
  const before = resourceCounts();
  const t0 = performance.now();
  const tally: Record<string, number> = {};
  let first: RunProgramResult['first'] = null;
  let runs = 0;
  let reproduced = 0;
  let intercepted = 0;
  let after: ResourceCounts = before;
  try {
    const ctx = { libc, launcher, nsLastPid, maker, env: a.env, output: join(dir, 'output') };
    const total = a.replay ? (a.repeat ?? 1) : a.schedules;
    for (let k = 0; k < total; k++) {
      const seed = (a.seed + k) >>> 0;
      const chooser = a.replay ? replayChooser(a.replay) : makeChooser(a.scheduler, seed);
      const out = runOnce(ctx, a.argv, chooser, bounds);
      runs++;
      intercepted += out.intercepted;
      const names = [...new Set(out.verdicts.map((v) => v.name))];
      for (const n of names) tally[n] = (tally[n] ?? 0) + 1;
      if (a.replay) {
        if (expect.length > 0 && expect.every((n) => names.includes(n as never))) reproduced++;
        first ??= { ...out, seed, index: k };
        continue;
      }
      if (names.length > 0 && !first) {
        first = { ...out, seed, index: k };
        if (!a.all) break;
      }
    }
    // What the runs left: measured with the session still open, as `before` was (its helper, its worker).
    maker.drain();
    after = resourceCounts();
  } finally {
    maker.drain();
    libc.close(nsLastPid);
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { runs, first, tally, reproduced, intercepted, seconds: (performance.now() - t0) / 1000, before, after, maker: maker.description };
}
