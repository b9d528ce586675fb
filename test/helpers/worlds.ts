/**
 * Test helpers: build a model instance from a tiny strategy and a scenario, drive it through the
 * public step functions, and look things up in the worlds it reaches. Tests choose every step
 * themselves, so each helper refuses a step the model does not offer (a test that applied a
 * disabled step would test nothing).
 */
import { ALREADY_EXITED } from '../../model/values.ts';
import type { Value } from '../../model/values.ts';
import type { ProgramFn } from '../../model/strategy/builder.ts';
import { strategy } from '../../model/strategy/builder.ts';
import type { SharedDecl, Strategy } from '../../model/strategy/types.ts';
import type { Scenario } from '../../model/scenario.ts';
import { findScenario } from '../../model/scenario.ts';
import type { Scope } from '../../model/scope.ts';
import { DEFAULT_SCOPE } from '../../model/scope.ts';
import type { Instance } from '../../model/instance.ts';
import { createInstance } from '../../model/instance.ts';
import type { Proc, World } from '../../model/world.ts';
import type { Step, Transition } from '../../model/transitions.ts';
import { applyStep, enabledSteps, initialWorld, sameStep } from '../../model/transitions.ts';

/** The pid numbers of the default scope: the child is born on the first. */
export const PID_A = DEFAULT_SCOPE.pidBase;
export const PID_B = DEFAULT_SCOPE.pidBase + 1;

/** A strategy small enough to read in a test. A missing `kill` returns at once, with no step. */
export interface TinyDef {
  readonly shared?: SharedDecl;
  readonly setup?: ProgramFn;
  readonly wait: ProgramFn;
  readonly kill?: ProgramFn;
  readonly poll?: ProgramFn;
}

export function tiny(def: TinyDef): Strategy {
  return strategy({
    name: 'tiny',
    description: 'a strategy written for one test',
    wait: def.wait,
    kill: def.kill ?? ((p) => void p.return(ALREADY_EXITED)),
    ...(def.shared ? { shared: def.shared } : {}),
    ...(def.setup ? { setup: def.setup } : {}),
    ...(def.poll ? { poll: def.poll } : {}),
  });
}

/** A catalogue scenario by name with some fields overridden (a user-composed scenario). */
export function scenario(name: string, over: Partial<Scenario> = {}): Scenario {
  const base = findScenario(name);
  if (!base) throw new Error(`no scenario ${name}`);
  return { ...base, ...over };
}

/**
 * A quiet scenario: nothing happens that the test does not ask for — no spawner, no adversary, and
 * the child exits only on the test's `CHILD_EXIT` step. Override fields to add actors.
 */
export function quiet(over: Partial<Scenario> = {}): Scenario {
  return scenario('reuse', { name: 'quiet', childExits: true, spawner: 'none', ...over });
}

export function instance(s: Strategy | TinyDef, sc: Scenario = quiet(), scope: Partial<Scope> = {}): Instance {
  const strat = 'roles' in s ? s : tiny(s);
  return createInstance(strat, sc, { ...DEFAULT_SCOPE, ...scope });
}

/** Step shorthands. Thread indices follow the scenario's `threads` list. */
export const T = (thread: number, choice?: number): Step => (choice === undefined ? { kind: 'thread', thread } : { kind: 'thread', thread, choice });
export const CHILD_EXIT: Step = { kind: 'child-exit' };
export const SPAWN = (pid: number): Step => ({ kind: 'spawn', pid });
export const SIBLING_EXIT = (pid: number): Step => ({ kind: 'sibling-exit', pid });

export function isEnabled(inst: Instance, w: World, step: Step): boolean {
  return enabledSteps(inst, w).some((s) => sameStep(s, step));
}

/** Apply one step, which must be enabled. */
export function step(inst: Instance, w: World, s: Step): Transition {
  if (!isEnabled(inst, w, s)) {
    throw new Error(`step ${JSON.stringify(s)} is not enabled; enabled: ${JSON.stringify(enabledSteps(inst, w))}`);
  }
  return applyStep(inst, w, s);
}

/** Run a schedule from `from` (the initial world by default); every transition is kept. */
export function run(inst: Instance, steps: readonly Step[], from: World = initialWorld(inst)): { world: World; trs: Transition[] } {
  const trs: Transition[] = [];
  let w = from;
  for (const s of steps) {
    const tr = step(inst, w, s);
    trs.push(tr);
    w = tr.after;
  }
  return { world: w, trs };
}

/** The live (running or zombie) process holding `pid`, if any. */
export function holder(w: World, pid: number): Proc | undefined {
  return w.procs.find((p) => p.pid === pid && p.state !== 'reaped');
}

export function procByInc(w: World, inc: number): Proc {
  const p = w.procs.find((q) => q.inc === inc);
  if (!p) throw new Error(`no incarnation ${inc}`);
  return p;
}

/** A register of thread `t` (none when never written). */
export function regOf(inst: Instance, w: World, t: number, name: string): Value {
  const i = inst.regIndex.get(name);
  if (i === undefined) throw new Error(`no register ${name}`);
  return w.threads[t]!.regs[i] ?? null;
}

export function varOf(inst: Instance, w: World, name: string): Value {
  const i = inst.varIndex.get(name);
  if (i === undefined) throw new Error(`no variable ${name}`);
  return w.vars[i]!;
}

/** Which thread (by name) owns a mutex or an rwlock's write side, or null. */
export function ownerOf(inst: Instance, w: World, lock: string): string | null {
  const o = w.owners[inst.lockIndex.get(lock)!]!;
  return o === -1 ? null : inst.threads[o]!.name;
}

/** Can thread `t` take a step now? */
export function threadCanStep(inst: Instance, w: World, t: number): boolean {
  return enabledSteps(inst, w).some((s) => s.kind === 'thread' && s.thread === t);
}
