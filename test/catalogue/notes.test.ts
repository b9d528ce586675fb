/**
 * The "notes from the independent run" of expected-verdicts.md, checked against what the checker
 * finds: not only which invariant a cell violates, but how.
 */
import { describe, it, expect } from 'vitest';
import { findScenario } from '../../model/scenario.ts';
import { createInstance } from '../../model/instance.ts';
import { DEFAULT_SCOPE } from '../../model/scope.ts';
import { fail, valueEquals } from '../../model/values.ts';
import type { Transition } from '../../model/transitions.ts';
import type { InvariantName } from '../../properties/invariants.ts';
import type { Counterexample } from '../../properties/verdict.ts';
import { checkExhaustive, replaySteps } from '../../properties/exhaustive.ts';
import { findStrategy } from '../../catalogue/index.ts';
import { findTransition } from '../helpers/search.ts';

const inst = (s: string, sc: string) => createInstance(findStrategy(s)!, findScenario(sc)!, DEFAULT_SCOPE);

function counterexample(s: string, sc: string, name: InvariantName): Counterexample {
  const iv = checkExhaustive(inst(s, sc)).invariants[name];
  if (iv.status !== 'violated') throw new Error(`${s} × ${sc}: ${name} is ${iv.status}`);
  return iv.counterexample;
}

describe('notes of expected-verdicts.md', () => {
  it('duct-0.6.3-py39 × sibling-reuse: no-wrong-reap through a WNOWAIT read alone (the waiter binds to the recycled sibling)', () => {
    const cx = counterexample('duct-0.6.3-py39', 'sibling-reuse', 'no-wrong-reap');
    const last = cx.steps[cx.steps.length - 1]!.info;
    expect(last.actor).toBe('waiter');
    expect(last.call).toEqual({ name: 'waitid', args: ['P_PID', 100, 'WEXITED|WNOWAIT'] });
    expect(cx.message).toMatch(/read \(WNOWAIT\) pid 100 incarnation 2/);
  });

  it("duct-0.6.3-py39 × reuse: the killer's inline poll reaps, and the waiter's blocked waitid(WNOWAIT) wakes with ECHILD (the seed's crash)", () => {
    const i = inst('duct-0.6.3-py39', 'reuse');
    const wakesWithEchild = (tr: Transition) =>
      tr.info.actor === 'waiter' && tr.info.phase === 'complete' && tr.info.call.name === 'waitid' && valueEquals(tr.info.result, fail('ECHILD'));
    const crash = findTransition(i, wakesWithEchild);
    expect(crash).not.toBeNull();
    const infos = replaySteps(i, crash!.steps).trace.map((t) => t.info);
    const entered = infos.findIndex((x) => x.actor === 'waiter' && x.phase === 'enter' && x.call.name === 'waitid');
    const reaped = infos.findIndex((x) => x.actor === 'killer' && x.call.name === 'waitpid' && (x.result as { pid?: unknown } | null)?.pid === 100);
    expect(entered).toBeGreaterThanOrEqual(0);
    expect(reaped).toBeGreaterThan(entered); // the reap happens while the waiter is blocked
    expect(infos[reaped]!.call.args).toEqual([100, 'WNOHANG']); // Popen.poll() inside Popen.kill()
  });

  it('mutex-child × kill-to-exit: the waiter holds the mutex across its blocking wait; the killer waits for the mutex', () => {
    const cx = counterexample('mutex-child', 'kill-to-exit', 'no-deadlock');
    expect(cx.blocked).toEqual([
      { thread: 'waiter', waitsFor: 'incarnation 1 to exit (blocked in waitpid)' },
      { thread: 'killer', waitsFor: 'lock m (held by waiter)' },
    ]);
  });
});
