/**
 * 1,000 schedules of `reapcheck run` in one sandbox leave nothing behind: inside, the same fds,
 * threads and processes before and after (every program, child and unrelated process ended and
 * reaped); outside, no temporary folder of the run and no process of the sandbox.
 *
 * Another test file runs at the same time (vitest maxWorkers 2) and may run programs too: this one
 * looks only at what is its own — a TMPDIR of its own for the run's folders, and launchers in the
 * pid namespaces of its own descendants (this file's worker is a process of its own, pool forks).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInSandbox } from '../../real/jobs/run.ts';
import type { RunProgramResult } from '../../real/index.ts';
import { sandboxWorks } from '../real/helpers.ts';
import { cmdline, descendants, pidNs } from '../real/proc-tree.ts';

let tmp = '';
const savedTmp = process.env.TMPDIR;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'reapcheck-run-leak-'));
  process.env.TMPDIR = tmp; // the sandbox, spawned from here, makes its run folders in it
});
afterAll(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  rmSync(tmp, { recursive: true, force: true });
});

const runDirs = () => readdirSync(tmp).filter((f) => f.startsWith('reapcheck-run-'));
/** Processes started from our launcher binary in one of `namespaces` (there must be none once the sandbox ended). */
const launchers = (namespaces: ReadonlySet<string>) => readdirSync('/proc').filter((p) => /^\d+$/.test(p) && cmdline(Number(p)).startsWith('reapcheck-launch') && namespaces.has(pidNs(p)));

describe('reapcheck run leaves nothing behind', () => {
  it('1,000 schedules of a program with a child: equal fds, threads and processes before and after', { timeout: 300_000 }, async () => {
    if (!(await sandboxWorks())) return;
    const dirsBefore = runDirs();
    const host = pidNs(process.pid);
    const namespaces = new Set<string>();
    const look = setInterval(() => {
      for (const p of descendants(process.pid)) {
        const ns = pidNs(p);
        if (ns && ns !== host) namespaces.add(ns);
      }
    }, 50);
    let r: RunProgramResult;
    try {
      r = await runInSandbox<RunProgramResult>(
        { kind: 'run', args: { argv: ['/bin/sh', '-c', '/bin/true & wait'], env: [], cwd: process.cwd(), schedules: 1000, seed: 1, scheduler: 'random', all: true } },
        { timeoutMs: 280_000 },
      );
    } finally {
      clearInterval(look);
    }
    expect(namespaces.size).toBeGreaterThan(0); // the look saw the sandbox: the launcher check below means something
    expect(r.runs).toBe(1000);
    expect(r.tally).toEqual({});
    expect(r.intercepted).toBeGreaterThanOrEqual(3000); // the child's exit, the shell's wait and its own exit, at least, every run
    expect(r.after).toEqual(r.before);
    expect(runDirs()).toEqual(dirsBefore);
    expect(launchers(namespaces)).toEqual([]);
  });
});
