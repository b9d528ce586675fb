/**
 * What can happen: the initial world, the enabled steps of a world, and the world after a step
 * (style.md §2–§3). Pure functions: who chooses the next step (breadth-first search, fast-check, a
 * trace being replayed) is somebody else's business.
 */
import type { World, ThreadState } from './world.ts';
import { procOf, stepCopy, threadOf } from './world.ts';
import type { Instance } from './instance.ts';
import { perInstance } from './instance-cache.ts';
import type { EnvStep } from './adversaries.ts';
import { envSteps, runEnvStep } from './adversaries.ts';
import type { StepEvents } from './ghost.ts';
import { noEvents } from './ghost.ts';
import type { StepInfo } from './interpreter/step-info.ts';
import { runLocals, runThreadStep, threadChoices, threadEnabled } from './interpreter/thread-step.ts';
import { runSetup } from './interpreter/setup.ts';
import { opsOf } from './interpreter/op-table.ts';
import { clearDeadRegisters } from './interpreter/liveness.ts';

/** One step: a strategy thread's (with the branch it takes, if its call has several), or the environment's. */
export type Step = { readonly kind: 'thread'; readonly thread: number; readonly choice?: number } | EnvStep;

/**
 * What `applyStep` gives: the step, the worlds before and after it, its ghost events (signals
 * delivered, reaps: what the invariants read) and the step as a trace row shows it.
 */
export interface Transition {
  readonly step: Step;
  readonly before: World;
  readonly after: World;
  readonly events: StepEvents;
  readonly info: StepInfo;
}

function freshThread(regs: ThreadState['regs']): ThreadState {
  return threadOf(0, regs.slice(), null, null, false, false, undefined);
}

/**
 * The world at the start: the managed child running on the first pid (incarnation 1), the
 * strategy's shared memory, `setup` already run (it runs before every thread and before the
 * environment: the `clone(CLONE_PIDFD)` reading), every thread at its first visible instruction.
 */
export function initialWorld(inst: Instance): World {
  const w: World = {
    procs: inst.childPids.map((pid, c) => procOf(pid, c + 1, 'running', 'self', null, 'child')),
    nextInc: inst.children + 1,
    fds: [],
    // One block of shared memory per managed child, then the process-wide memory (instance.ts).
    vars: [...inst.childPids.flatMap(() => inst.varNames.map((n) => inst.strategy.shared.vars?.[n] ?? null)), ...[...inst.processVars.keys()].map((n) => inst.strategy.process?.vars?.[n] ?? null)],
    owners: [...inst.childPids.flatMap(() => inst.lockNames.map(() => -1)), ...[...inst.processLocks.keys()].map(() => -1)],
    readers: [...inst.childPids.flatMap(() => inst.lockNames.map((): number[] => [])), ...[...inst.processLocks.keys()].map((): number[] => [])],
    threads: [],
    spawnsUsed: 0,
    reapsUsed: 0,
    churnsUsed: 0,
    foreignReaper: { phase: 'idle' },
    sigchldIgnored: inst.scenario.sigchldIgnored,
  };
  // Each child's setup runs in turn, as its spawning thread would right after spawning it.
  const setupRegs: ThreadState['regs'][] = [];
  for (let c = 0; c < inst.children; c++) {
    const setup = freshThread([]);
    runSetup(inst, w, setup, c);
    setupRegs.push(setup.regs);
  }
  // A role thread starts with its child's setup registers; the loop, bound to no child, with none.
  w.threads = inst.threads.map((spec) => freshThread(spec.loop ? [] : setupRegs[spec.child ?? 0]!));
  inst.threads.forEach((_, t) => {
    runLocals(inst, w, t);
    clearDeadRegisters(inst, t, w.threads[t]!);
  });
  return w;
}

/**
 * Each thread's step without a branch, made once per instance and shared by every `enabledSteps`
 * answer (steps are readonly values): the search asks for the enabled steps of every world.
 */
const plainStepsOf = perInstance((inst): readonly Step[] => inst.threads.map((_, t): Step => ({ kind: 'thread', thread: t })));

/** Every step enabled in `w`: each thread's (one per branch), then the environment's. */
export function enabledSteps(inst: Instance, w: World): Step[] {
  const out: Step[] = [];
  // The per-instance tables looked up once per world, not once per thread.
  const ops = opsOf(inst);
  const plain = plainStepsOf(inst);
  for (let t = 0; t < w.threads.length; t++) threadSteps(inst, w, t, out, ops, plain);
  envSteps(inst, w, out);
  return out;
}

/** Thread `t`'s enabled steps in `w` (one per branch; none when it cannot move), appended to `out`. */
export function threadSteps(inst: Instance, w: World, t: number, out: Step[], ops = opsOf(inst), plain = plainStepsOf(inst)): Step[] {
  if (!threadEnabled(inst, w, t, ops)) return out;
  const choices = threadChoices(inst, w, t, ops);
  if (choices.length === 1 && choices[0] === undefined) out.push(plain[t]!);
  else for (const choice of choices) out.push(choice === undefined ? { kind: 'thread', thread: t } : { kind: 'thread', thread: t, choice });
  return out;
}

/**
 * The world after `step`. The caller makes sure the step is enabled (`enabledSteps`). `quiet`
 * (the exhaustive search, which judges worlds and ghost events only): `info` is QUIET_INFO, no
 * description of the step is built.
 */
export function applyStep(inst: Instance, before: World, step: Step, quiet = false): Transition {
  const after = stepCopy(before, step.kind === 'thread' ? step.thread : -1);
  const events = noEvents();
  const info = step.kind === 'thread' ? runThreadStep(inst, after, step.thread, step.choice, events, quiet) : runEnvStep(inst, after, step, events, quiet);
  return { step, before, after, events, info };
}

/** Does `a` name the same step as `b`? */
export function sameStep(a: Step, b: Step): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
