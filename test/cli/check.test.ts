/**
 * `reapcheck check`: the verdict lines, the exit code (0 holds, 1 violated), the step table of a
 * counterexample, deadlock evidence, --json, --scope, and a user's own strategy file.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MATRIX_SCENARIOS } from '../../model/scenario.ts';
import { INVARIANT_NAMES } from '../../properties/invariants.ts';
import { reapcheck, ROOT, SLOW } from './run-bin.ts';

// A violated check writes its traces (--out, default reapcheck-traces/ in the cwd): here, never in the repository.
const dir = mkdtempSync(join(tmpdir(), 'reapcheck-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The verdict word of `invariant` on the text report's line for it (first cell only). */
function verdictOf(stdout: string, invariant: string): string | undefined {
  const line = stdout.split('\n').find((l) => l.startsWith(`  ${invariant} `));
  return line?.slice(invariant.length + 2).trim().split(/[\s:(]/)[0];
}

describe('reapcheck check', () => {
  it('cpython-3.9 under foreign-reaper: exit 1, no-stray-signal and status-correct violated, with step tables', { timeout: SLOW }, () => {
    const r = reapcheck(['check', 'cpython-3.9', '--scenario', 'foreign-reaper', '--out', join(dir, 'foreign-reaper')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(verdictOf(r.stdout, 'no-stray-signal')).toBe('VIOLATED');
    expect(verdictOf(r.stdout, 'status-correct')).toBe('VIOLATED');
    for (const name of ['no-wrong-reap', 'no-wait-error', 'no-deadlock', 'no-zombie-left']) expect(verdictOf(r.stdout, name), name).toBe('holds');
    expect(r.stdout).toMatch(/holds \(exhaustive, \d+ states\)/);
    // The table: numbered steps, actors, resolved calls, results, and the thread's return.
    expect(r.stdout).toMatch(/step\s+actor\s+pc\s+did\s+result\s+returns/);
    expect(r.stdout).toMatch(/^\s+1\s+\S+/m);
    expect(r.stdout).toMatch(/kill\(100, SIGKILL\).*returns signaled\(SIGKILL\)/);
    expect(r.stdout).toMatch(/reaper\s+waitpid\(100, 0\)/);
  });

  it('pidfd under reuse: exit 0, every invariant holds', { timeout: SLOW }, () => {
    const r = reapcheck(['check', 'pidfd', '--scenario', 'reuse', '--out', join(dir, 'reuse')]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('VIOLATED');
    expect(r.stdout).toMatch(/every invariant holds in 1 scenario/);
  });

  it('reports a deadlock with each blocked thread and what it waits for', { timeout: SLOW }, () => {
    const r = reapcheck(['check', 'mutex-child', '--scenario', 'kill-to-exit', '--out', join(dir, 'kill-to-exit')]);
    expect(r.code).toBe(1);
    expect(verdictOf(r.stdout, 'no-deadlock')).toBe('VIOLATED');
    expect(r.stdout).toContain('blocked threads:');
    expect(r.stdout).toMatch(/waiter waits for incarnation 1 to exit/);
    expect(r.stdout).toMatch(/killer waits for lock m \(held by waiter\)/);
  });

  it('--json prints the cells, one per scenario; poll-race and the process-wide scenarios are n/a for a strategy without a poll or a loop role', { timeout: SLOW }, () => {
    const r = reapcheck(['check', 'pidfd', '--json']);
    expect(r.code).toBe(1); // pidfd fails two-waiters, foreign-reaper, … (wait-error)
    const doc = JSON.parse(r.stdout) as { cells: { scenario: string; states: number; invariants: Record<string, string> }[] };
    expect(doc.cells.map((c) => c.scenario)).toEqual(MATRIX_SCENARIOS.map((s) => s.name));
    expect(Object.values(doc.cells.find((c) => c.scenario === 'stop-others')!.invariants).every((v) => v === 'n/a')).toBe(true);
    for (const c of doc.cells) expect(Object.keys(c.invariants).sort()).toEqual([...INVARIANT_NAMES].sort());
    const pollRace = doc.cells.find((c) => c.scenario === 'poll-race')!;
    expect(Object.values(pollRace.invariants).every((v) => v === 'n/a')).toBe(true);
    expect(doc.cells.find((c) => c.scenario === 'reuse')!.invariants['no-stray-signal']).toBe('holds');
  });

  it('--scope changes the bounds of the search', { timeout: SLOW }, () => {
    const states = (args: string[]) => (JSON.parse(reapcheck(['check', 'naive', '--scenario', 'reuse', '--json', ...args]).stdout) as { cells: { states: number }[] }).cells[0]!.states;
    expect(states(['--scope', 'pidCount=3'])).toBeGreaterThan(states([]));
  });

  it('checks examples/my-strategy.ts, with the scenario the file adds, from any cwd', { timeout: SLOW }, () => {
    const r = reapcheck(['check', `${ROOT}examples/my-strategy.ts`], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1); // the example is meant to fail two-waiters: that is its lesson
    expect(r.stdout).toContain('wnowait-then-lock × reuse');
    expect(r.stdout).toContain('wnowait-then-lock × two-waiters-unrelated');
    expect(r.stdout).toMatch(/VIOLATED in two-waiters: no-wrong-reap, no-wait-error/);
    const one = reapcheck(['check', 'examples/my-strategy.ts', '--scenario', 'two-waiters-unrelated', '--json']);
    expect((JSON.parse(one.stdout) as { cells: { scenario: string }[] }).cells.map((c) => c.scenario)).toEqual(['two-waiters-unrelated']);
  });
});
