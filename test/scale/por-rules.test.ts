/**
 * The conditions of an ample set (properties/por.ts), one at a time, on worlds built by hand: a
 * rule that lets a set through must say why nothing outside it can depend on it, and the same
 * world with that reason taken away must be expanded in full.
 */
import { describe, expect, it } from 'vitest';
import { reg, CHILD } from '../../model/strategy/builder.ts';
import type { ProgramFn } from '../../model/strategy/builder.ts';
import { ALREADY_EXITED, RUNNING } from '../../model/values.ts';
import { enabledSteps } from '../../model/transitions.ts';
import type { Instance } from '../../model/instance.ts';
import type { World } from '../../model/world.ts';
import { ampleSteps } from '../../properties/por.ts';
import { checkExhaustive } from '../../properties/exhaustive.ts';
import { outcome } from '../helpers/catalogue-cells.ts';
import { CHILD_EXIT, PID_A, PID_B, SIBLING_EXIT, SPAWN, T, instance, quiet, run } from '../helpers/worlds.ts';

const r = reg('r');
const r2 = reg('r2');
const shared = { mutexes: ['m'], vars: { x: null } };

/** The steps ampleSteps keeps in `w` (as the steps themselves), or null for all of them. */
function ample(inst: Instance, w: World): unknown[] | null {
  const steps = enabledSteps(inst, w);
  const got = ampleSteps(inst, w, steps);
  return got === null ? null : got.map((a) => steps[a.index]);
}

describe('C1: what other threads of the child may touch before the ample steps run', () => {
  it("a thread's accesses behind a lock the ample thread holds cannot come first", () => {
    const inst = instance(
      {
        shared,
        wait: (p) => void p.lock('m').write('x', 1).unlock('m').waitpid(CHILD, 0, r).return(r.status),
        kill: (p) => void p.kill(CHILD, 9, r).lock('m').read('x', r2).unlock('m').return(ALREADY_EXITED),
      },
      quiet(),
    );
    // The waiter holds m and writes x next; the killer is at its kill, and reads x only after lock m.
    const { world } = run(inst, [T(0)]);
    expect(ample(inst, world)).toEqual([T(0)]);
    expect(outcome(checkExhaustive(inst, { por: true }))).toEqual(outcome(checkExhaustive(inst)));
  });

  it('the same access before the lock keeps the world fully expanded', () => {
    const inst = instance(
      {
        shared,
        wait: (p) => void p.lock('m').write('x', 1).unlock('m').waitpid(CHILD, 0, r).return(r.status),
        kill: (p) => void p.kill(CHILD, 9, r).read('x', r2).lock('m').unlock('m').return(ALREADY_EXITED),
      },
      quiet(),
    );
    const { world } = run(inst, [T(0)]);
    expect(ample(inst, world)).toBe(null);
    expect(outcome(checkExhaustive(inst, { por: true }))).toEqual(outcome(checkExhaustive(inst)));
  });
});

describe('C2: which returns an invariant judges', () => {
  it("a killer's return is judged by no invariant: its step may be ample", () => {
    const inst = instance(
      {
        shared,
        wait: (p) => void p.waitpid(CHILD, 0, r).return(r.status),
        kill: (p) => void p.lock('m').unlock('m').return(ALREADY_EXITED),
      },
      quiet(),
    );
    // The killer's next step unlocks and returns; the waiter is at its waitpid.
    const { world } = run(inst, [T(1)]);
    expect(ample(inst, world)).toEqual([T(1)]);
  });

  it("a waiter's return is judged against its child: not ample while the child runs, ample once it is dead", () => {
    const inst = instance(
      {
        shared,
        wait: (p) => void p.lock('m').unlock('m').return(RUNNING),
        kill: (p) => void p.kill(CHILD, 0, r).return(ALREADY_EXITED),
      },
      quiet(),
    );
    expect(ample(inst, run(inst, [T(0)]).world)).toBe(null);
    expect(ample(inst, run(inst, [CHILD_EXIT, T(0)]).world)).toEqual([T(0)]);
    expect(outcome(checkExhaustive(inst, { por: true }))).toEqual(outcome(checkExhaustive(inst)));
  });
});

describe("a sibling's exit", () => {
  const def: { wait: ProgramFn; kill: ProgramFn } = {
    wait: (p) => void p.waitpid(CHILD, 0, r).return(r.status),
    kill: (p) => void p.kill(CHILD, 9, r).return(ALREADY_EXITED),
  };
  const inst = instance(def, quiet({ spawner: 'sibling' }), { pidCount: 2 });

  it('on a number no child has is an ample set of its own: no thread can name that process', () => {
    const { world } = run(inst, [SPAWN(PID_B)]);
    expect(ample(inst, world)).toEqual([SIBLING_EXIT(PID_B)]);
  });

  it("on the child's own number is not: the killer's kill may reach it", () => {
    const { world } = run(inst, [CHILD_EXIT, T(0), SPAWN(PID_A)]);
    expect(ample(inst, world)).not.toEqual([SIBLING_EXIT(PID_A)]);
    expect(outcome(checkExhaustive(inst, { por: true }))).toEqual(outcome(checkExhaustive(inst)));
  });
});
