/**
 * `add` and `cas` inside `atomic` blocks on Linux: reference counts in the shape of Go 1.23's
 * pidfd handle (refcount-strategies.ts), checked by the model, every counterexample replayed with
 * real processes, random schedules compared step by step (as `conform` does), and `check` no
 * longer calling their traces "not replayable" — while a trace the replayer still cannot run (a
 * strategy's own waitpid(-1)) is still refused before anything runs and flagged by `check`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkExhaustive } from '../../properties/exhaustive.ts';
import type { TraceStep } from '../../properties/verdict.ts';
import { createInstance, DEFAULT_SCOPE, MATRIX_SCENARIOS, scenarioApplies, scenarioScope } from '../../model/index.ts';
import { CHILD, errorOf, reg, strategy } from '../../model/strategy/builder.ts';
import { SIGNALS } from '../../model/values.ts';
import { guardTrace } from '../../real/sandbox/guard.ts';
import { runInSandbox } from '../../real/jobs/run.ts';
import type { ReplayItem, ReplayItemResult } from '../../real/jobs/jobs.ts';
import { randomSchedule } from '../../real/jobs/schedule.ts';
import { reapcheck, SLOW } from '../cli/run-bin.ts';
import { REFCOUNT_STRATEGIES, goPidfdRefcountCas, refcountCasNoStatus } from './refcount-strategies.ts';
import { sandboxWorks } from './helpers.ts';

const RMW = new Set(['cas', 'add']);

/** Does a step run a cas or an add inside an atomic block (one visible call or several)? */
function atomicRmw(inst: ReturnType<typeof createInstance>, s: TraceStep): boolean {
  if (s.step.kind !== 'thread' || s.info.pc === undefined) return false;
  const head = inst.threads[s.step.thread]!.program[s.info.pc];
  return head?.op === 'atomic' && [s.info.call, ...s.info.more.map((m) => m.call)].some((c) => RMW.has(c.name));
}

/** Every counterexample of the refcount strategies, every matrix scenario that applies. */
function counterexamples(): ReplayItem[] {
  return REFCOUNT_STRATEGIES.flatMap((strategy) =>
    MATRIX_SCENARIOS.filter((sc) => scenarioApplies(sc, strategy.roles)).flatMap((scenario) => {
      const scope = scenarioScope(DEFAULT_SCOPE, scenario);
      const v = checkExhaustive(createInstance(strategy, scenario, scope));
      return Object.entries(v.invariants).flatMap(([name, iv]) =>
        iv.status === 'violated' ? [{ strategy, scenario, scope, steps: iv.counterexample.steps, invariant: name as ReplayItem['invariant'] }] : [],
      );
    }),
  );
}

/** Random schedules of every refcount strategy × scenario, with the steps Linux resolves by itself marked (conform.ts). */
function schedules(seed: number, runs: number): { item: ReplayItem; unforceable: boolean[] }[] {
  return REFCOUNT_STRATEGIES.flatMap((strategy) =>
    MATRIX_SCENARIOS.filter((sc) => scenarioApplies(sc, strategy.roles)).flatMap((scenario) => {
      const scope = scenarioScope(DEFAULT_SCOPE, scenario);
      const inst = createInstance(strategy, scenario, scope);
      return Array.from({ length: runs }, (_, k) => {
        const s = randomSchedule(inst, (seed + k * 7919) >>> 0, 40);
        return { item: { strategy, scenario, scope, steps: s.trace, invariant: null, blockMs: 1000 }, unforceable: s.unforceable };
      });
    }),
  );
}

describe('add and cas inside atomic blocks: the model', () => {
  const items = counterexamples();

  it('finds counterexamples whose steps run cas and add inside atomic blocks, and the guard lets every one through', () => {
    expect(items.length).toBeGreaterThanOrEqual(10);
    const withRmw = items.filter((it) => it.steps.some((s) => atomicRmw(createInstance(it.strategy, it.scenario, it.scope), s)));
    expect(withRmw.length).toBe(items.length);
    // Both shapes: a block with several visible calls, and a block whose only visible call is the cas or add.
    const all = items.flatMap((it) => it.steps);
    expect(all.some((s) => s.info.more.length > 0 && [s.info.call, ...s.info.more.map((m) => m.call)].some((c) => c.name === 'cas'))).toBe(true);
    expect(all.some((s) => s.info.more.length > 0 && [s.info.call, ...s.info.more.map((m) => m.call)].some((c) => c.name === 'add'))).toBe(true);
    expect(all.some((s) => s.info.more.length === 0 && RMW.has(s.info.call.name) && s.info.phase === 'call')).toBe(true);
    for (const it of items) expect(() => guardTrace(createInstance(it.strategy, it.scenario, it.scope), it.steps), `${it.strategy.name} × ${it.scenario.name}`).not.toThrow();
  });

  it("Go's handle never signals through a closed fd; the variant that skips the status check does (fd-reuse)", () => {
    const fdReuse = MATRIX_SCENARIOS.find((s) => s.name === 'fd-reuse')!;
    const stray = (s: typeof goPidfdRefcountCas) => checkExhaustive(createInstance(s, fdReuse, DEFAULT_SCOPE)).invariants['no-stray-signal'].status;
    expect(stray(goPidfdRefcountCas)).toBe('holds');
    expect(stray(refcountCasNoStatus)).toBe('violated');
  });
});

describe('add and cas inside atomic blocks on Linux', () => {
  it('every counterexample reproduces, 5 times out of 5, step by step equal to the model', async () => {
    if (!(await sandboxWorks())) return;
    const items = counterexamples().map((it) => ({ ...it, repeat: 5 }));
    const out = await runInSandbox<ReplayItemResult[]>({ kind: 'replay', items });
    const bad = out.flatMap((r, i) => (r.reproduced === 5 ? [] : [`${items[i]!.strategy.name} × ${items[i]!.scenario.name} ${items[i]!.invariant}: ${(r.failures[0] ?? r.first).message} (${r.reproduced}/5)`]));
    expect(bad).toEqual([]);
    for (const r of out) {
      expect(r.first.divergence).toBeNull();
      expect(r.first.steps.filter((s) => s.step > 0).map((s) => s.linux)).toEqual(r.first.steps.filter((s) => s.step > 0).map((s) => s.model.replace(/ returns /g, ' returned ')));
    }
    // The stray signal through a reused fd really killed the churner's process.
    const fd = out.find((_, i) => items[i]!.strategy.name === 'refcount-cas-no-status' && items[i]!.invariant === 'no-stray-signal');
    expect(fd?.first.message).toMatch(/^reproduced on Linux \S+: no-stray-signal — /);
    console.log(`atomic-rmw: ${items.length} counterexamples × 5 reproduced on Linux`);
  }, 180_000);

  it('random schedules (seed 11, 10 per strategy × scenario): no divergence the replayer could force', async () => {
    if (!(await sandboxWorks())) return;
    const all = schedules(11, 10);
    const out = await runInSandbox<ReplayItemResult[]>({ kind: 'replay', items: all.map((s) => s.item) });
    const errors: string[] = [];
    const divergences: string[] = [];
    let unforceable = 0;
    out.forEach((r, i) => {
      const { item, unforceable: free } = all[i]!;
      const what = `${item.strategy.name} × ${item.scenario.name} #${i}: ${r.first.message}`;
      if (r.first.error) errors.push(what);
      else if (r.first.divergence && free[r.first.divergence.step - 1]) unforceable++;
      else if (r.first.divergence) divergences.push(what);
    });
    expect(errors).toEqual([]);
    expect(divergences).toEqual([]);
    const steps = all.flatMap((s) => s.item.steps.map((t) => ({ t, inst: createInstance(s.item.strategy, s.item.scenario, s.item.scope) })));
    const rmw = steps.filter(({ t, inst }) => atomicRmw(inst, t));
    // A cas that lost to another thread's change (the CompareAndSwap loop going round), compared too.
    const lost = rmw.filter(({ t }) => [{ call: t.info.call, result: t.info.result }, ...t.info.more].some((c) => c.call.name === 'cas' && c.result === false));
    expect(rmw.length).toBeGreaterThan(100);
    expect(lost.length).toBeGreaterThan(0);
    console.log(`atomic-rmw: ${all.length} schedules, ${steps.length} steps (${rmw.length} atomic steps with cas or add, ${lost.length} with a failed cas) compared; ${unforceable} diverged at a step Linux resolves by itself`);
  }, 300_000);
});

describe('check and replay --real with add and cas inside atomic blocks', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'reapcheck-atomic-rmw-'));
    for (const s of REFCOUNT_STRATEGIES) writeFileSync(join(dir, `${s.name}.json`), JSON.stringify(s, null, 2));
    const r = reg('r');
    // A strategy thread's own waitpid(-1): still refused by the guard (it would see the replay's helper process).
    const anyChild = strategy({
      name: 'wait-any',
      description: 'Waits for any child with waitpid(-1): the real replayer still refuses it.',
      wait(p) {
        p.waitpid(-1, 0, r);
        p.returnIf(r.err, errorOf(r.err));
        p.return(r.status);
      },
      kill(p) {
        p.kill(CHILD, SIGNALS.SIGKILL, r);
        p.return(errorOf('ESRCH'));
      },
    });
    writeFileSync(join(dir, 'wait-any.json'), JSON.stringify(anyChild, null, 2));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('check prints a replay command and no "not replayable" for cas and add inside atomic; replay --real reproduces', { timeout: SLOW }, async () => {
    const out = join(dir, 'cas');
    const c = reapcheck(['check', join(dir, 'refcount-cas-no-status.json'), '--scenario', 'fd-reuse', '--out', out]);
    expect(c.code).toBe(1);
    expect(c.stdout).toMatch(/no-stray-signal\s+VIOLATED/);
    expect(c.stdout).toMatch(/replay: reapcheck replay \S+refcount-cas-no-status--fd-reuse--no-stray-signal\.json/);
    expect(c.stdout).not.toContain('not replayable');
    const add = reapcheck(['check', 'test/fixtures/strategies/refcount-atomic.json', '--scenario', 'reuse', '--out', join(dir, 'add')]);
    expect(add.code).toBe(1);
    expect(add.stdout).toMatch(/replay: reapcheck replay/);
    expect(add.stdout).not.toContain('not replayable');
    if (!(await sandboxWorks())) return;
    const trace = readdirSync(out).find((f) => f.endsWith('--no-stray-signal.json'))!;
    const r = reapcheck(['replay', '--real', join(out, trace)]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/cas\(refs\) returned (true|false)/);
    expect(r.stdout).toMatch(/reproduced on Linux \S+: no-stray-signal/);
    expect(r.code).toBe(1);
  });

  it('a trace the replayer still cannot run: check says so next to the replay command, replay --real refuses it before anything runs (exit 2, one line)', { timeout: SLOW }, () => {
    const out = join(dir, 'any');
    const c = reapcheck(['check', join(dir, 'wait-any.json'), '--scenario', 'sibling-reuse', '--out', out]);
    expect(c.code).toBe(1);
    expect(c.stdout).toMatch(/replay: reapcheck replay \S+\n\s+on Linux: not replayable: step \d+ \(waiter\): waitpid\(-1, 0\)/);
    const trace = readdirSync(out).find((f) => f.endsWith('--no-wrong-reap.json'))!;
    const r = reapcheck(['replay', '--real', join(out, trace)]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/refuses this trace before running anything/);
  });
});
