/**
 * The report people read and the traces they share: `matrix --out` (index.md linking every
 * counterexample, a page and a JSON trace each, the Linux column), `show`, `replay` in the model
 * and on Linux, and the exit codes of corrupt or impossible traces. Round trips here are never
 * skipped: check → write trace → replay → same invariant violated, for every catalogue counterexample.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeTrace } from '../../properties/trace-decode.ts';
import { replayInModel } from '../../properties/replay.ts';
import { reapcheck, SLOW } from './run-bin.ts';

const dir = mkdtempSync(join(tmpdir(), 'reapcheck-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const out = join(dir, 'report');
const sandboxExpected = process.env.CI === 'true' || process.getuid?.() === 0;

describe('reapcheck matrix --out', () => {
  const run = reapcheck(['matrix', '--out', out, '--json']);
  const doc = JSON.parse(run.stdout) as { cells: { strategy: string; scenario: string; invariants: Record<string, string>; traces?: Record<string, string>; lengths?: Record<string, number>; linux?: Record<string, string> }[] };
  const traces = readdirSync(out).filter((f) => f.endsWith('.json'));

  it('writes index.md, and a page and a JSON trace per counterexample', { timeout: SLOW }, () => {
    expect(run.code).toBe(1);
    const index = readFileSync(join(out, 'index.md'), 'utf8');
    const links = [...index.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(150);
    for (const l of links) expect(existsSync(join(out, l)), l).toBe(true);
    expect(index).toContain('| reproduced on Linux |');
    const violated = doc.cells.reduce((n, c) => n + Object.values(c.invariants).filter((v) => v === 'violated').length, 0);
    expect(traces).toHaveLength(violated);
    expect(readdirSync(out).filter((f) => f.endsWith('.md'))).toHaveLength(violated + 1);
    expect(readdirSync(out).filter((f) => f.includes('.tmp-'))).toEqual([]); // no half-written file left
  });

  it('--json with --out lists each cell\'s trace files and counterexample lengths', () => {
    const cell = doc.cells.find((c) => c.strategy === 'naive' && c.scenario === 'reuse')!;
    expect(cell.traces).toEqual({ 'no-stray-signal': join(out, 'naive--reuse--no-stray-signal.json') });
    expect(cell.lengths).toEqual({ 'no-stray-signal': 4 });
  });

  it('every written trace replays in the model to the same violation (round trip, never skipped)', () => {
    for (const f of traces) {
      const t = decodeTrace(readFileSync(join(out, f), 'utf8'), f);
      expect(replayInModel(t), f).toMatchObject({ kind: 'violated', invariant: t.invariant });
    }
  });

  it.runIf(sandboxExpected)('every counterexample was replayed on Linux and reproduced', () => {
    const outcomes = doc.cells.flatMap((c) => Object.values(c.linux ?? {}));
    expect(outcomes).toHaveLength(traces.length);
    expect(new Set(outcomes)).toEqual(new Set(['reproduced']));
  });

  it('a counterexample page has the picture, the step table and the replay commands', () => {
    const page = readFileSync(join(out, 'duct-0.6.3-py39--reuse--no-wait-error.md'), 'utf8');
    expect(page).toContain('```mermaid\nsequenceDiagram');
    expect(page).toContain('| 12 | waiter | `waitid(P_PID, 100, WEXITED\\|WNOWAIT)` | {ret=-1 err=ECHILD}');
    expect(page).toContain(`npx reapcheck replay ${join(out, 'duct-0.6.3-py39--reuse--no-wait-error.json')}`);
    expect(page).toContain('npx reapcheck replay --real');
  });
});

describe('reapcheck show and replay', () => {
  const trace = join(dir, 'naive.json');
  const check = reapcheck(['check', 'naive', '--scenario', 'reuse', '--out', dir]);
  const text = readFileSync(join(dir, 'naive--reuse--no-stray-signal.json'), 'utf8');
  writeFileSync(trace, text);

  it('check prints each counterexample with its exact replay command, and that file is valid input', { timeout: SLOW }, () => {
    expect(check.code).toBe(1);
    const cmd = check.stdout.match(/replay: reapcheck (replay \S+)/)![1]!.split(' ');
    const r = reapcheck(cmd);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/reproduced in the model: no-stray-signal violated at step 4/);
  });

  it('show prints the step table with the ghost facts; --mermaid the picture', { timeout: SLOW }, () => {
    const r = reapcheck(['show', trace]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/4\s+killer\s+0\s+kill\(100, SIGKILL\)/);
    expect(r.stdout).toContain('SIGKILL reached incarnation 2 of pid 100 (an unrelated process); the child was incarnation 1');
    expect(reapcheck(['show', trace, '--mermaid']).stdout).toMatch(/^sequenceDiagram\n {2}participant env/);
  });

  it('a step that is not enabled: exit 3, naming the step and who could run', { timeout: SLOW }, () => {
    const t = JSON.parse(text);
    t.steps = [t.steps[3], ...t.steps]; // the killer's kill before the child exits: its result differs
    t.steps.splice(0, 0, { ...t.steps[0], step: { kind: 'spawn', pid: 100 } }); // spawning on the child's pid: not enabled
    const bad = join(dir, 'not-enabled.json');
    writeFileSync(bad, JSON.stringify(t));
    const r = reapcheck(['replay', bad]);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^step 1: spawner is not runnable; runnable: waiter, killer, env, spawner$/m);
  });

  it.each([
    ['wrong version', (s: string) => s.replace('"version": 1', '"version": 2'), /version 2 is not supported/],
    ['truncated JSON', (s: string) => s.slice(0, 200), /not a JSON trace/],
    ['an unknown instruction', (s: string) => s.replace('"op": "kill"', '"op": "fork"'), /fork/],
  ])('a corrupt trace (%s): one line, exit 2', (_n, corrupt, message) => {
    const bad = join(dir, 'corrupt.json');
    writeFileSync(bad, corrupt(text));
    const r = reapcheck(['replay', bad]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it.runIf(sandboxExpected)('replay --real --json reproduces it on Linux: exit 1', { timeout: SLOW }, () => {
    const r = reapcheck(['replay', '--real', '--json', trace]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ reproduced: true, invariant: 'no-stray-signal', divergence: null });
  });
});

describe('engines on the command line', () => {
  it('--engine random prints its seed and establishes the same violation', { timeout: SLOW }, () => {
    const r = reapcheck(['check', 'naive', '--scenario', 'reuse', '--engine', 'random', '--seed', '7', '--runs', '300', '--json']);
    expect(r.code).toBe(1);
    const cell = JSON.parse(r.stdout).cells[0];
    expect(cell).toMatchObject({ method: 'random', seed: 7, runs: 300 });
    expect(cell.invariants['no-stray-signal']).toBe('violated');
  });

  it('--engine auto (the default) says the verdict is exhaustive where the scope allows', { timeout: SLOW }, () => {
    const r = reapcheck(['check', 'pidfd', '--scenario', 'reuse']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/no-stray-signal\s+holds \(exhaustive, \d+ states\)/);
  });

  it('a bad --engine or --runs is one line, exit 2', { timeout: SLOW }, () => {
    for (const args of [['--engine', 'quantum'], ['--runs', '0']]) {
      const r = reapcheck(['check', 'naive', ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^reapcheck: --(engine|runs) must/);
    }
  });
});
