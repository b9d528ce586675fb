/**
 * Synchronisation primitives of model-spec §4 and atomic blocks of §2: mutexes, rwlocks,
 * condition variables, shared variables. Thread 0 is the waiter, then (when the scenario has one)
 * the poller or a second waiter, the killer last.
 */
import { describe, it, expect } from 'vitest';
import { CHILD, reg } from '../../model/strategy/builder.ts';
import type { ProgramBuilder } from '../../model/strategy/builder.ts';
import { RUNNING } from '../../model/values.ts';
import { StrategyError } from '../../model/errors.ts';
import type { Instance } from '../../model/instance.ts';
import type { World } from '../../model/world.ts';
import { applyStep, enabledSteps, initialWorld } from '../../model/transitions.ts';
import { worldKey } from '../../model/world.ts';
import type { TinyDef } from '../helpers/worlds.ts';
import { CHILD_EXIT, PID_A, PID_B, SIBLING_EXIT, SPAWN, T, instance, ownerOf, quiet, run, threadCanStep, varOf } from '../helpers/worlds.ts';

const r = reg('r');
const M = { mutexes: ['m'] };
const lockUnlock: TinyDef['wait'] = (p) => void p.lock('m').unlock('m').return(RUNNING);
/** lock m; cond_wait(cv, m); unlock m */
const condWaiter: TinyDef['wait'] = (p) => void p.lock('m').condWait('cv', 'm').unlock('m').return(RUNNING);
const notifier = (how: 'all' | 'one'): TinyDef['kill'] => (p) =>
  void (how === 'all' ? p.lock('m').notifyAll('cv') : p.lock('m').notifyOne('cv')).unlock('m').return(RUNNING);
const CV = { mutexes: ['m'], conds: ['cv'] };
/** No environment at all, so that a world where only blocked threads remain is terminal. */
const still = quiet({ childExits: false });

describe('mutex', () => {
  it('lock blocks while another thread holds it; the unlock enables it', () => {
    const inst = instance({ shared: M, wait: lockUnlock, kill: lockUnlock });
    const { world, trs } = run(inst, [T(0)]);
    expect(ownerOf(inst, world, 'm')).toBe('waiter');
    expect(threadCanStep(inst, world, 1)).toBe(false);
    const after = run(inst, [T(0), T(1)], world);
    expect(ownerOf(inst, after.trs[0]!.after, 'm')).toBeNull();
    expect(ownerOf(inst, after.world, 'm')).toBe('killer');
    expect(trs[0]!.info.call).toEqual({ name: 'lock', args: ['m'] });
  });

  it('trylock returns false while held, true once free', () => {
    const inst = instance({ shared: M, wait: lockUnlock, kill: (p) => void p.trylock('m', r).trylock('m', r).return(RUNNING) });
    const { trs } = run(inst, [T(0), T(1), T(0), T(1)]);
    expect([trs[1]!.info.result, trs[3]!.info.result]).toEqual([false, true]);
  });

  it('unlock by a thread that does not own the mutex is a StrategyError, not a finding', () => {
    const inst = instance({ shared: M, wait: lockUnlock, kill: (p) => void p.unlock('m').return(RUNNING) });
    const held = run(inst, [T(0)]).world;
    expect(() => applyStep(inst, held, T(1))).toThrow(StrategyError);
    expect(() => applyStep(inst, held, T(1))).toThrow(/unlock of m held by waiter/);
    expect(() => applyStep(inst, initialWorld(inst), T(1))).toThrow(/held by nobody/);
  });
});

describe('rwlock', () => {
  const RW = { rwlocks: ['rw'] };
  const reader: TinyDef['wait'] = (p) => void p.rlock('rw').runlock('rw').return(RUNNING);
  const writer: TinyDef['kill'] = (p) => void p.lock('rw').unlock('rw').return(RUNNING);
  const sc = quiet({ threads: ['wait', 'poll', 'kill'] });
  const inst = instance({ shared: RW, wait: reader, poll: reader, kill: writer }, sc);

  it('readers share it; the writer waits for the last reader; a waiting writer does not stop new readers', () => {
    const one = run(inst, [T(0)]).world;
    expect(threadCanStep(inst, one, 2)).toBe(false);
    expect(threadCanStep(inst, one, 1)).toBe(true); // writers are not preferred
    const two = run(inst, [T(1)], one).world;
    expect(two.readers).toEqual([[0, 1]]);
    const lastOut = run(inst, [T(0)], two).world;
    expect(threadCanStep(inst, lastOut, 2)).toBe(false);
    expect(threadCanStep(inst, run(inst, [T(1)], lastOut).world, 2)).toBe(true);
  });

  it('a writer excludes readers until it unlocks', () => {
    const held = run(inst, [T(2)]).world;
    expect(ownerOf(inst, held, 'rw')).toBe('killer');
    expect([threadCanStep(inst, held, 0), threadCanStep(inst, held, 1)]).toEqual([false, false]);
    const freed = run(inst, [T(2)], held).world;
    expect([threadCanStep(inst, freed, 0), threadCanStep(inst, freed, 1)]).toEqual([true, true]);
  });
});

describe('condition variables', () => {
  it('cond_wait is two steps: release and wait, then (notified and mutex free) re-acquire', () => {
    const inst = instance({ shared: CV, wait: condWaiter, kill: notifier('all') });
    const { trs } = run(inst, [T(0), T(0), T(1), T(1), T(1), T(0)]);
    const [, enter, , notify, unlock, complete] = trs;
    expect(enter!.info.phase).toBe('enter');
    expect(ownerOf(inst, enter!.after, 'm')).toBeNull();
    expect(enter!.after.threads[0]!.block).toEqual({ kind: 'cond', notified: false });
    expect(threadCanStep(inst, enter!.after, 0)).toBe(false);
    expect(notify!.info.result).toBe(1);
    expect(notify!.after.threads[0]!.block).toEqual({ kind: 'cond', notified: true });
    expect(threadCanStep(inst, notify!.after, 0)).toBe(false); // notified, but the notifier holds m
    expect(threadCanStep(inst, unlock!.after, 0)).toBe(true);
    expect(complete!.info.phase).toBe('complete');
    expect(ownerOf(inst, complete!.after, 'm')).toBe('waiter');
  });

  it('notify_all wakes only the threads waiting at that moment', () => {
    const inst = instance({ shared: CV, wait: condWaiter, kill: notifier('all') }, quiet({ childExits: false, threads: ['wait', 'wait', 'kill'] }));
    const { world } = run(inst, [T(0), T(0), T(2), T(2), T(2), T(1), T(1)]);
    expect(world.threads.map((t) => t.block)).toEqual([{ kind: 'cond', notified: true }, { kind: 'cond', notified: false }, null]);
    const end = run(inst, [T(0), T(0)], world).world;
    expect(enabledSteps(inst, end)).toEqual([]); // waiter-2 waits for a notify that never comes
  });

  it('a notify with no waiter is lost', () => {
    const inst = instance({ shared: CV, wait: condWaiter, kill: notifier('all') }, still);
    const { world, trs } = run(inst, [T(1), T(1), T(1), T(0), T(0)]);
    expect(trs[1]!.info.result).toBe(0);
    expect(world.threads[0]!.block).toEqual({ kind: 'cond', notified: false });
    expect(enabledSteps(inst, world)).toEqual([]);
  });

  it('notify_one with two waiters is a choice: each branch wakes exactly one', () => {
    const inst = instance({ shared: CV, wait: condWaiter, kill: notifier('one') }, quiet({ childExits: false, threads: ['wait', 'wait', 'kill'] }));
    const { world } = run(inst, [T(0), T(0), T(1), T(1), T(2)]);
    expect(enabledSteps(inst, world)).toEqual([T(2, 0), T(2, 1)]);
    const woken = [0, 1].map((c) => applyStep(inst, world, T(2, c)).after.threads.map((t) => t.block?.kind === 'cond' && t.block.notified));
    expect(woken).toEqual([
      [true, false, false],
      [false, true, false],
    ]);
  });
});

describe('shared variables and atomic blocks', () => {
  it('cas and add are one step each and report what they did', () => {
    const inst = instance({ shared: { vars: { x: 1 } }, wait: (p) => void p.cas('x', 1, 5, r).cas('x', 1, 7, r).add('x', 2, r).return(RUNNING) });
    const { world, trs } = run(inst, [T(0), T(0), T(0)]);
    expect(trs.map((t) => t.info.result)).toEqual([true, false, 7]);
    expect(varOf(inst, world, 'x')).toBe(7);
  });

  it('an atomic block is one step: no other thread ever sees its middle', () => {
    const inst = instance({
      shared: { vars: { x: 0 } },
      wait: (p) => void p.atomic((q) => void q.write('x', 1).write('x', 2)).return(RUNNING),
      kill: (p) => void p.read('x', r).return(RUNNING),
    }, still);
    const tr = applyStep(inst, initialWorld(inst), T(0));
    expect(tr.after.threads[0]!.result).toEqual(RUNNING);
    expect([tr.info.call, ...tr.info.more.map((m) => m.call)]).toEqual([
      { name: 'write', args: ['x', '1'] },
      { name: 'write', args: ['x', '2'] },
    ]);
    expect(readsOfX(inst)).toEqual(new Set([0, 2]));
  });

  it('a blocking wait inside an atomic block is a StrategyError', () => {
    const inst = instance({ wait: (p) => void p.atomic((q) => void q.waitpid(CHILD, 0, r)).return(RUNNING) });
    expect(() => applyStep(inst, initialWorld(inst), T(0))).toThrow(/blocks inside an atomic block/);
  });
});

/** Every value the killer's `read x` returns on any schedule (a tiny exhaustive walk). */
function readsOfX(inst: Instance): Set<unknown> {
  const seen = new Set<string>();
  const reads = new Set<unknown>();
  const todo: World[] = [initialWorld(inst)];
  for (let w = todo.pop(); w; w = todo.pop()) {
    if (seen.has(worldKey(w))) continue;
    seen.add(worldKey(w));
    for (const s of enabledSteps(inst, w)) {
      const tr = applyStep(inst, w, s);
      if (tr.info.call.name === 'read') reads.add(tr.info.result);
      todo.push(tr.after);
    }
  }
  return reads;
}

/**
 * Regressions: bugs found by this suite, fixed since; what was wrong: A `lock` is a blocking instruction
 * (model-spec §2), and an atomic block may not contain one; runAtomic only refuses instructions
 * that return a `block` flow, but `lock`/`rlock` never do — their blocking lives in
 * threadEnabled, which only looks at the instruction at pc (the `atomic`). So inside an atomic
 * block they take a held lock anyway. Likewise a waitpid(-1) inside an atomic block loses its
 * choice points (threadChoices looks only at the instruction at pc).
 */
describe('regressions (atomic blocks)', () => {
  it.each([
    ['lock', { mutexes: ['m'] }, (p: ProgramBuilder): void => void p.lock('m')],
    ['rlock', { rwlocks: ['m'] }, (p: ProgramBuilder): void => void p.rlock('m')],
  ] as const)('regression: %s of a lock held by another thread inside an atomic block takes it anyway', (_op, shared, take) => {
    const inst = instance({ shared, wait: (p) => void p.lock('m').return(RUNNING), kill: (p) => void p.atomic(take).return(RUNNING) });
    const held = run(inst, [T(0)]).world;
    let outcome: string;
    if (!threadCanStep(inst, held, 1)) outcome = 'not enabled';
    else {
      try {
        const after = applyStep(inst, held, T(1)).after;
        outcome = `took it: owner ${ownerOf(inst, after, 'm')}, readers ${JSON.stringify(after.readers)}`;
      } catch (e) {
        outcome = e instanceof StrategyError ? 'StrategyError' : `crash: ${String(e)}`;
      }
    }
    expect(['not enabled', 'StrategyError']).toContain(outcome);
  });

  it('regression: waitpid(-1, WNOHANG) inside an atomic block offers only one of two zombie children', () => {
    const inst = instance({ wait: (p) => void p.atomic((q) => void q.waitpid(-1, ['WNOHANG'], r)).return(RUNNING) }, quiet({ spawner: 'sibling' }));
    const { world } = run(inst, [CHILD_EXIT, SPAWN(PID_B), SIBLING_EXIT(PID_B)]);
    expect(enabledSteps(inst, world).filter((s) => s.kind === 'thread')).toEqual([T(0, PID_A), T(0, PID_B)]);
  });
});
