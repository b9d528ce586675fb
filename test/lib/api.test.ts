/**
 * The library as a test suite uses it (lib/): `check` gives the command's verdicts as data,
 * traces round-trip and replay, user invariants are searched like the built-in ones, schedules
 * plug into fast-check, and the vitest matchers pass and fail with the step table and the replay
 * command. Everything through the package's own entry points (lib/index.ts, lib/vitest.ts).
 */
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check, replay, replayOnLinux, encodeTrace, decodeTrace, findStrategy, instance, schedules, runSchedule, strategy, reg, CHILD, SIGNALS, errorOf, writeTrace } from '../../lib/index.ts';
import type { Transition } from '../../lib/index.ts';
import '../../lib/vitest.ts';
import { sandboxWorks } from '../real/helpers.ts';
import { closeSearchPools } from '../../properties/parallel/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'reapcheck-api-'));
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await closeSearchPools();
});

describe('check', () => {
  it('gives the catalogue verdicts of expected-verdicts.md, with method, states and counterexamples', async () => {
    const r = await check('naive', { scenarios: ['reuse', 'kill-to-exit'] });
    expect(r.violated).toBe(true);
    const reuse = r.scenarios.find((s) => s.scenario === 'reuse')!;
    expect(reuse.method).toBe('exhaustive');
    expect(reuse.states).toBe(34);
    const stray = r.verdict('reuse', 'no-stray-signal')!;
    expect(stray.status).toBe('violated');
    if (stray.status !== 'violated') return;
    expect(stray.length).toBe(4);
    expect(stray.table).toMatch(/kill\(100, SIGKILL\)/);
    expect(r.verdict('kill-to-exit', 'no-stray-signal')!.status).toBe('holds');
  });

  it('takes a strategy value, validates it, and refuses an unknown name or scenario in one line', async () => {
    await expect(check('nosuch')).rejects.toThrow(/unknown strategy "nosuch"/);
    await expect(check(findStrategy('pidfd')!, { scenarios: ['nosuch'] })).rejects.toThrow(/unknown scenario "nosuch"/);
    await expect(check({ name: 'x' } as never)).rejects.toThrow(/strategy x/);
  });

  it('bounds: maxStates leaves the rest incomplete', async () => {
    const r = await check('pidfd', { scenarios: ['reuse'], engine: 'exhaustive', maxStates: 10 });
    expect(r.incomplete).toBe(true);
    expect(r.scenarios[0]!.incomplete?.bound).toBe('states');
  });
});

describe('traces', () => {
  it('encode, decode and replay in the model: the violation happens again', async () => {
    const r = await check('cpython-3.9', { scenarios: ['foreign-reaper'] });
    const v = r.verdict('foreign-reaper', 'status-correct')!;
    expect(v.status).toBe('violated');
    if (v.status !== 'violated') return;
    const back = decodeTrace(encodeTrace(v.trace));
    expect(replay(back).reproduced).toBe(true);
    const { path, replay: cmd } = writeTrace(back, dir);
    expect(existsSync(path)).toBe(true);
    expect(cmd).toBe(`npx reapcheck replay ${path}`);
  });
});

describe('replayOnLinux', () => {
  it('replays a counterexample against real processes: reproduced, step by step as the model said', { timeout: 120_000 }, async () => {
    if (!(await sandboxWorks())) return;
    const r = await check('naive', { scenarios: ['reuse'] });
    const v = r.verdict('reuse', 'no-stray-signal')!;
    if (v.status !== 'violated') throw new Error('naive × reuse must violate no-stray-signal');
    const real = await replayOnLinux(v.trace);
    expect(real.reproduced).toBe(true);
    expect(real.divergence).toBeNull();
    expect(real.steps).toHaveLength(v.length);
  });
});

describe('user-defined invariants', () => {
  const r = reg('r');
  // A killer that signals twice: harmless to the built-in invariants in kill-to-exit, caught by "at most one SIGKILL".
  const twice = strategy({
    name: 'kill-twice',
    description: 'a killer that sends SIGKILL twice',
    wait(p) {
      p.waitpid(CHILD, 0, r);
      p.returnIf(r.err, errorOf(r.err));
      p.return(r.status);
    },
    kill(p) {
      p.kill(CHILD, SIGNALS.SIGKILL, r);
      p.kill(CHILD, SIGNALS.SIGKILL, r);
      p.return(errorOf('ESRCH'));
    },
  });
  const atMostOneKill = {
    name: 'at-most-one-kill',
    description: 'a killer sends at most one signal',
    check(tr: Transition) {
      return tr.info.call?.name === 'kill' && tr.info.pc === 1 ? `${tr.info.actor} signalled a second time` : null;
    },
  };

  it('are searched with the built-in ones and reported with a shortest counterexample', async () => {
    const res = await check(twice, { scenarios: ['kill-to-exit'], invariants: [atMostOneKill] });
    const v = res.verdict('kill-to-exit', 'at-most-one-kill')!;
    expect(v.status).toBe('violated');
    if (v.status === 'violated') {
      expect(v.message).toMatch(/signalled a second time/);
      expect(v.length).toBe(2);
      expect(v.table).toMatch(/kill\(100, SIGKILL\)/);
    }
    // The built-in verdicts and the state count are those of the check without it.
    const plain = await check(twice, { scenarios: ['kill-to-exit'] });
    const { 'at-most-one-kill': _own, ...builtIn } = res.scenarios[0]!.invariants;
    expect(builtIn).toEqual(plain.scenarios[0]!.invariants);
    expect(res.scenarios[0]!.states).toBe(plain.scenarios[0]!.states);
  });

  it('refuse a built-in name, a bad name, and the random engine, each in one line', async () => {
    await expect(check(twice, { invariants: [{ ...atMostOneKill, name: 'no-stray-signal' }] })).rejects.toThrow(/built-in invariant's name/);
    await expect(check(twice, { invariants: [{ ...atMostOneKill, name: 'Bad Name' }] })).rejects.toThrow(/kebab-case/);
    await expect(check(twice, { engine: 'random', invariants: [atMostOneKill] })).rejects.toThrow(/exhaustive engine only/);
  });
});

describe('schedules for fast-check', () => {
  it('a property of ours over the model, shrunk by fast-check: naive × reuse can signal a reused pid', () => {
    const inst = instance(findStrategy('naive')!, 'reuse');
    const out = fc.check(
      fc.property(schedules(inst), (s) => runSchedule(inst, s, ['no-stray-signal']).violation === null),
      { seed: 42, numRuns: 2000 },
    );
    expect(out.failed).toBe(true);
    const run = runSchedule(inst, out.counterexample![0], ['no-stray-signal']);
    expect(run.violation?.invariant).toBe('no-stray-signal');
  });
});

describe('vitest matchers', () => {
  it('toHold and toViolate pass on the catalogue verdicts', async () => {
    await expect('pidfd').toHold('no-stray-signal', { scenario: 'reuse' });
    await expect('naive').toViolate('no-stray-signal', { scenario: 'reuse' });
    await expect(findStrategy('cpython-3.9')!).toViolate('status-correct', { scenario: 'foreign-reaper' });
  });

  it('a failing toHold prints the step table and the replay command', async () => {
    let message = '';
    try {
      await expect('naive').toHold('no-stray-signal', { scenario: 'reuse', traceDir: dir });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/expected naive to hold no-stray-signal, but/);
    expect(message).toMatch(/shortest counterexample \(breadth-first\), 4 steps:/);
    expect(message).toMatch(/kill\(100, SIGKILL\)/);
    expect(message).toMatch(new RegExp(`replay: npx reapcheck replay ${dir}/naive--reuse--no-stray-signal\\.json`));
  });

  it('a failing toViolate says how the invariant was established', async () => {
    await expect(expect('pidfd').toViolate('no-stray-signal', { scenario: 'reuse' })).rejects.toThrow(/reuse: holds \(exhaustive, \d+ states\)/);
    await expect(expect('pidfd').toHold('no-such-invariant', { scenario: 'reuse' })).rejects.toThrow(/there is no invariant no-such-invariant/);
  });
});
