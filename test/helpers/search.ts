/**
 * A second, deliberately naive search, to check that the breadth-first search's counterexamples
 * are shortest: a depth-bounded depth-first search over the public step functions (asked at
 * depth L-1 and L, it is iterative deepening cut to the two depths that matter). It shares nothing with
 * properties/exhaustive.ts — in particular not `worldKey`: its memo keys on the whole world as
 * JSON, so a too-coarse canonical key in the checker could not hide a shorter schedule here too.
 */
import type { Instance } from '../../model/instance.ts';
import type { World } from '../../model/world.ts';
import type { Step, Transition } from '../../model/transitions.ts';
import { applyStep, enabledSteps, initialWorld } from '../../model/transitions.ts';
import type { InvariantName } from '../../properties/invariants.ts';
import { INVARIANTS } from '../../properties/invariants.ts';

/**
 * A schedule of at most `maxLen` steps that violates `name`, or null. Step invariants are checked
 * on every transition, end invariants on every terminal world reached.
 */
export function violationWithin(inst: Instance, name: InvariantName, maxLen: number): Step[] | null {
  const inv = INVARIANTS.find((i) => i.name === name)!;
  // world (as JSON) -> the largest budget already explored from it without finding a violation
  const explored = new Map<string, number>();
  const path: Step[] = [];

  const dfs = (w: World, budget: number): boolean => {
    const steps = enabledSteps(inst, w);
    if (steps.length === 0) return inv.kind === 'end' && inv.check(inst, w) !== null;
    if (budget === 0) return false;
    const key = JSON.stringify(w);
    if ((explored.get(key) ?? -1) >= budget) return false;
    for (const s of steps) {
      const tr = applyStep(inst, w, s);
      path.push(s);
      if (inv.kind === 'step' && inv.check(inst, tr) !== null) return true;
      if (dfs(tr.after, budget - 1)) return true;
      path.pop();
    }
    explored.set(key, budget);
    return false;
  };

  return dfs(initialWorld(inst), maxLen) ? path.slice() : null;
}

/**
 * The first transition (breadth-first, so on a shortest schedule) satisfying `pred`, with the
 * schedule that ends in it; null when no reachable transition does. Keys on the whole world, as above.
 */
export function findTransition(inst: Instance, pred: (tr: Transition) => boolean): { steps: Step[]; tr: Transition } | null {
  const start = initialWorld(inst);
  const seen = new Set([JSON.stringify(start)]);
  let frontier: { w: World; steps: Step[] }[] = [{ w: start, steps: [] }];
  while (frontier.length > 0) {
    const next: typeof frontier = [];
    for (const { w, steps } of frontier) {
      for (const s of enabledSteps(inst, w)) {
        const tr = applyStep(inst, w, s);
        if (pred(tr)) return { steps: [...steps, s], tr };
        const key = JSON.stringify(tr.after);
        if (seen.has(key)) continue;
        seen.add(key);
        next.push({ w: tr.after, steps: [...steps, s] });
      }
    }
    frontier = next;
  }
  return null;
}
