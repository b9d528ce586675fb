/**
 * 1,000 schedules of `reapcheck run` in one sandbox leave nothing behind: inside, the same fds,
 * threads and processes before and after (every program, child and unrelated process ended and
 * reaped); outside, no temporary folder of the run and no process of the sandbox.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { runInSandbox } from '../../real/jobs/run.ts';
import type { RunProgramResult } from '../../real/index.ts';
import { sandboxWorks } from '../real/helpers.ts';

const runDirs = () => readdirSync(tmpdir()).filter((f) => f.startsWith('reapcheck-run-'));
/** Processes on this machine started from our launcher binary (there must be none once the sandbox ended). */
const launchers = () =>
  readdirSync('/proc').filter((p) => {
    if (!/^\d+$/.test(p)) return false;
    try {
      return readFileSync(`/proc/${p}/cmdline`, 'latin1').startsWith('reapcheck-launch');
    } catch {
      return false;
    }
  });

describe('reapcheck run leaves nothing behind', () => {
  it('1,000 schedules of a program with a child: equal fds, threads and processes before and after', { timeout: 300_000 }, async () => {
    if (!(await sandboxWorks())) return;
    const dirsBefore = runDirs();
    const r = await runInSandbox<RunProgramResult>(
      { kind: 'run', args: { argv: ['/bin/sh', '-c', '/bin/true & wait'], env: [], cwd: process.cwd(), schedules: 1000, seed: 1, scheduler: 'random', all: true } },
      { timeoutMs: 280_000 },
    );
    expect(r.runs).toBe(1000);
    expect(r.tally).toEqual({});
    expect(r.intercepted).toBeGreaterThanOrEqual(3000); // the child's exit, the shell's wait and its own exit, at least, every run
    expect(r.after).toEqual(r.before);
    expect(runDirs()).toEqual(dirsBefore);
    expect(launchers()).toEqual([]);
  });
});
