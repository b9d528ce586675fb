/**
 * Running a schedule given as data. A schedule is a list of choices, each naming an *actor* (a
 * strategy thread, or one kind of environment event) and a branch: the actor takes its next step
 * if it can (the branch picks among its enabled steps), and the choice is skipped otherwise.
 * Naming actors rather than positions in the enabled list keeps a schedule meaningful when fast-check
 * deletes an element while shrinking: the rest still says "then the killer, then the child exits".
 * Once the list is used up the run goes on with the first enabled step until the world is
 * terminal, so that short lists still reach end states (deadlock, zombie left).
 */
import type { Instance } from '../model/instance.ts';
import type { Step, Transition } from '../model/transitions.ts';
import { applyStep, enabledSteps, initialWorld } from '../model/transitions.ts';
import type { World } from '../model/world.ts';
import type { Invariant, InvariantName } from './invariants.ts';
import { INVARIANTS, invariantApplies } from './invariants.ts';
import type { BlockedThread } from './blocked.ts';

/** One choice of a schedule: which actor moves, and which of its enabled steps it takes. */
export type Choice = readonly [actor: number, branch: number];

const ENV_ACTORS: readonly Step['kind'][] = ['child-exit', 'sibling-exit', 'spawn', 'foreign-reaper', 'reap-any', 'churn-open', 'churn-pidfd-open', 'churn-close'];

/** The kinds of environment step a scenario can take at all (others would only be skipped choices). */
function envActors(inst: Instance): Step['kind'][] {
  const sc = inst.scenario;
  const on: Record<string, boolean> = {
    'child-exit': sc.childExits,
    'sibling-exit': sc.spawner === 'sibling',
    spawn: sc.spawner !== 'none',
    'foreign-reaper': sc.foreignReaper,
    'reap-any': sc.reaperAny,
    'churn-open': sc.fdChurner,
    'churn-pidfd-open': sc.fdChurner,
    'churn-close': sc.fdChurner,
  };
  return ENV_ACTORS.filter((k) => on[k]);
}

/** How many actors an instance has: its threads, then one per kind of environment step of its scenario. */
export function actorCount(inst: Instance): number {
  return inst.threads.length + envActors(inst).length;
}

/** The actor of a step: a thread's index, or the threads' count plus its environment kind. */
export function actorOf(inst: Instance, step: Step): number {
  return step.kind === 'thread' ? step.thread : inst.threads.length + envActors(inst).indexOf(step.kind);
}

export interface ScheduleViolation {
  readonly invariant: InvariantName;
  readonly message: string;
  /** The steps up to and including the violating one (all of them, for an end invariant). */
  readonly steps: Step[];
  readonly blocked?: BlockedThread[];
}

/** A run of the model along a schedule: the steps it took, the world it ended in, and the first violation of a watched invariant. */
export interface ScheduleRun {
  readonly steps: Step[];
  readonly final: World;
  /** The first violation of a watched invariant, if any. */
  readonly violation: ScheduleViolation | null;
}

/**
 * Who chooses the next step: given the enabled steps and how many steps were taken, the step to
 * take, or null to skip this turn. A picker that returns null must have used something up (a
 * choice of its list), so that a run always ends.
 */
export type StepPicker = (enabled: readonly Step[], taken: number) => Step | null;

/**
 * Run `inst` with `pick` choosing each step, watching `watch` (default: every applicable
 * invariant); stop at the first violation, at a terminal world, or after `maxSteps` steps.
 * Every scheduler (uniform choices, PCT priorities) goes through here, so all check the same
 * invariants the same way.
 */
export function runPicked(inst: Instance, pick: StepPicker, watch?: readonly InvariantName[]): ScheduleRun {
  const invs: Invariant[] = INVARIANTS.filter((i) => invariantApplies(i, inst) && (!watch || watch.includes(i.name)));
  let w = initialWorld(inst);
  const steps: Step[] = [];
  while (steps.length < inst.scope.maxSteps) {
    const enabled = enabledSteps(inst, w);
    if (enabled.length === 0) {
      for (const inv of invs) {
        if (inv.kind !== 'end') continue;
        const bad = inv.check(inst, w);
        if (bad) return { steps, final: w, violation: { invariant: inv.name, message: bad.message, steps: steps.slice(), ...(bad.blocked ? { blocked: bad.blocked } : {}) } };
      }
      break;
    }
    const step = pick(enabled, steps.length);
    if (step === null) continue;
    const tr: Transition = applyStep(inst, w, step);
    steps.push(step);
    w = tr.after;
    for (const inv of invs) {
      if (inv.kind !== 'step') continue;
      const msg = inv.check(inst, tr);
      if (msg) return { steps, final: w, violation: { invariant: inv.name, message: msg, steps: steps.slice() } };
    }
  }
  return { steps, final: w, violation: null };
}

/**
 * Run `choices` on `inst`, watching `watch` (default: every applicable invariant); stop at the
 * first violation, at a terminal world, or after `maxSteps` steps.
 */
export function runSchedule(inst: Instance, choices: readonly Choice[], watch?: readonly InvariantName[]): ScheduleRun {
  const actors = actorCount(inst);
  let next = 0;
  return runPicked(
    inst,
    (enabled) => {
      if (next >= choices.length) return enabled[0]!;
      const [actor, branch] = choices[next++]!;
      const mine = enabled.filter((s) => actorOf(inst, s) === actor % actors);
      return mine.length === 0 ? null : mine[branch % mine.length]!; // null: this actor cannot move now, the choice is skipped
    },
    watch,
  );
}

/** The choices that make `runSchedule` take exactly `steps`, or null if some step is not enabled. */
export function choicesFor(inst: Instance, steps: readonly Step[]): Choice[] | null {
  let w = initialWorld(inst);
  const out: Choice[] = [];
  for (const step of steps) {
    const actor = actorOf(inst, step);
    const mine = enabledSteps(inst, w).filter((s) => actorOf(inst, s) === actor);
    const k = mine.findIndex((s) => JSON.stringify(s) === JSON.stringify(step));
    if (k < 0) return null;
    out.push([actor, k]);
    w = applyStep(inst, w, step).after;
  }
  return out;
}
