/**
 * Process-wide strategies: a loop role that manages every child, process-wide memory, per-child
 * memory named by index. The catalogue's libuv-node finds Node's exit-handler bug (issue 11's
 * measurement) with a counterexample a reader can follow; its fixes hold; the language's new parts
 * are validated up front in one line each; the reductions that assume per-child threads stay out.
 */
import { describe, expect, it } from 'vitest';
import { createInstance } from '../../model/instance.ts';
import { findScenario, PROCESS_SCENARIOS } from '../../model/scenario.ts';
import { DEFAULT_SCOPE, scaledScope, scenarioScope } from '../../model/scope.ts';
import { CHILD, CHILDREN, pidOf, plus, reg, strategy } from '../../model/strategy/builder.ts';
import { strategyProblems } from '../../model/strategy/validate.ts';
import { StrategyError } from '../../model/errors.ts';
import { ALREADY_EXITED, SIGNALS } from '../../model/values.ts';
import { checkExhaustive } from '../../properties/exhaustive.ts';
import { findStrategy } from '../../catalogue/index.ts';

const cell = (s: string, sc: string, children?: number) => {
  const scenario = findScenario(sc)!;
  const scope = children === undefined ? scenarioScope(DEFAULT_SCOPE, scenario) : scaledScope(DEFAULT_SCOPE, { children });
  return createInstance(findStrategy(s)!, scenario, scope);
};

describe("libuv-node: Node's exit-handler bug", () => {
  it('no-stray-signal is violated in stop-others: both children reaped in one pass, A\'s callback, the number taken again, B\'s kill', () => {
    const iv = checkExhaustive(cell('libuv-node', 'stop-others')).invariants['no-stray-signal'];
    if (iv.status !== 'violated') throw new Error(`expected a violation, got ${iv.status}`);
    const steps = iv.counterexample.steps.map((s) => `${s.info.actor}: ${s.info.call.name}(${s.info.call.args.join(', ')})`);
    expect(steps).toHaveLength(16);
    const at = (text: string) => steps.indexOf(text);
    // The pass reaps both children before any callback runs; A's callback clears only A's handle.
    expect(at('loop: waitpid(100, WNOHANG)')).toBeLessThan(at('loop: waitpid(101, WNOHANG)'));
    expect(at('loop: waitpid(101, WNOHANG)')).toBeLessThan(at('loop: write(handle[0], false)'));
    expect(at('loop: write(handle[0], false)')).toBeLessThan(at('loop: read(handle[1])'));
    expect(at('spawner: spawn unrelated(101)')).toBeLessThan(at('loop: kill(101, SIGTERM)'));
    expect(steps[15]).toBe('loop: kill(101, SIGTERM)');
    expect(iv.counterexample.message).toBe("loop's signal reached unrelated pid 101 (incarnation 3); the children were incarnations 1..2");
  });

  it('the fixes hold where the docs say: clearing the pid before the callbacks in every scenario but a stolen reap; the pidfd everywhere', () => {
    for (const sc of PROCESS_SCENARIOS) {
      const clear = checkExhaustive(cell('libuv-node-clear-first', sc.name)).invariants['no-stray-signal'].status;
      expect(clear, sc.name).toBe(sc.foreignReaper || sc.reaperAny ? 'violated' : 'holds');
      const v = checkExhaustive(cell('libuv-node-pidfd', sc.name));
      for (const [name, iv] of Object.entries(v.invariants)) expect(iv.status, `${sc.name} ${name}`).not.toBe('violated');
      expect(v.truncated).toBe(false);
    }
  });

  it('holds with three children too, and still finds the stray signal with three', () => {
    expect(checkExhaustive(cell('libuv-node', 'stop-others', 3)).invariants['no-stray-signal'].status).toBe('violated');
    expect(checkExhaustive(cell('libuv-node-pidfd', 'stop-others', 3)).invariants['no-stray-signal'].status).toBe('holds');
  });

  it('symmetry and the partial-order reduction stay out (they assume per-child threads): the same states with them asked for', () => {
    for (const s of ['libuv-node', 'libuv-node-pidfd']) {
      const inst = cell(s, 'stop-others-reaper-any');
      const plain = checkExhaustive(inst);
      const reduced = checkExhaustive(inst, { symmetry: true, por: true });
      expect(reduced.states).toBe(plain.states);
      for (const [name, iv] of Object.entries(plain.invariants)) expect(reduced.invariants[name as keyof typeof plain.invariants].status).toBe(iv.status);
    }
  });
});

describe('the process-wide language, validated up front', () => {
  const i = reg('i');
  const v = reg('v');
  const base = { name: 'x', description: 'x', shared: { vars: { handle: true } } };
  const loopOf = (body: Parameters<typeof strategy>[0]['loop']) => strategy({ ...base, loop: body });
  const problems = (s: unknown) => strategyProblems(s);

  it('a loop alone is a strategy: wait and kill roles are then optional', () => {
    expect(problems(loopOf((p) => p.return(ALREADY_EXITED)))).toEqual([]);
    expect(problems(strategy({ ...base, kill: (p) => p.return(ALREADY_EXITED) }))).toEqual(['roles: missing role wait — every strategy needs a wait and a kill program (or a loop role that manages every child)']);
  });

  it('the loop belongs to no child: CHILD, a per-child variable without of, a per-child lock are each one line', () => {
    expect(problems(loopOf((p) => p.kill(CHILD, SIGNALS.SIGKILL).return(ALREADY_EXITED)))).toEqual([
      "role loop, instruction 0 (kill): CHILD is a thread's own child, and the loop belongs to no child — name one with pidOf(i)",
    ]);
    expect(problems(loopOf((p) => p.read('handle', v).return(ALREADY_EXITED)))).toEqual([
      'role loop, instruction 0 (read): handle is a per-child variable, and the loop belongs to no child — say whose copy with of (a child index), or declare it in process.vars',
    ]);
    const locked = strategy({ ...base, shared: { mutexes: ['m'] }, loop: (p) => p.lock('m').unlock('m').return(ALREADY_EXITED) });
    expect(problems(locked)[0]).toBe('role loop, instruction 0 (lock): m is per-child, and the loop belongs to no child — declare it in process.mutexes, process.rwlocks or process.conds');
  });

  it('of on a process-wide variable, a name in both scopes, an index that is never a number: one line each', () => {
    const s = strategy({ ...base, process: { vars: { n: 0 } }, loop: (p) => p.read('n', v, 0).return(ALREADY_EXITED) });
    expect(problems(s)).toEqual(['role loop, instruction 0 (read): n is process-wide (one copy): of names a child\'s copy of a per-child variable — leave it out']);
    expect(problems({ ...s, process: { vars: { handle: 1 } } })).toContain('process: handle is declared both in shared (one per child) and in process (one for the process) — give each its own name');
    const bad = loopOf((p) => p.read('handle', v, 'ECHILD').return(ALREADY_EXITED));
    expect(problems(bad)).toEqual(['role loop, instruction 0 (read): of names a child by its index (a number), but it only ever holds an errno name']);
  });

  it('a loop over the children runs, and naming a child the process does not have is a strategy error at run time', () => {
    const ok = loopOf((p) => {
      p.forEachChild(i, (p) => p.write('handle', false, i));
      p.return(ALREADY_EXITED);
    });
    const scenario = findScenario('stop-others')!;
    expect(checkExhaustive(createInstance(ok, scenario, scenarioScope(DEFAULT_SCOPE, scenario))).invariants['no-stray-signal'].status).toBe('holds');
    // One past the last child: CHILDREN + 0 is 2 with two children.
    const beyond = loopOf((p) => p.set(i, plus(CHILDREN, 0)).kill(pidOf(i), SIGNALS.SIGKILL).return(ALREADY_EXITED));
    expect(() => checkExhaustive(createInstance(beyond, scenario, scenarioScope(DEFAULT_SCOPE, scenario)))).toThrow(StrategyError);
    expect(() => checkExhaustive(createInstance(beyond, scenario, scenarioScope(DEFAULT_SCOPE, scenario)))).toThrow('role loop, instruction 1: pidOf names child 2, but the process has children 0..1');
  });
});
