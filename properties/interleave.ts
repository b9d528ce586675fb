/**
 * The last minimisation of a random counterexample: a breadth-first search over the interleavings
 * of what each actor did in it. Each actor may take at most one step more than it took in the
 * counterexample (any of its enabled branches: the slack lets the child exit on its own where the
 * counterexample had it killed); the first schedule that violates the invariant is the shortest
 * such interleaving. Deleting steps cannot reorder them; a waiter that must pass a
 * lock *before* the killer takes it is found here. The search is bounded by the product of the
 * actors' step counts (plus one each), tiny next to the whole state space, and by `maxNodes`.
 */
import type { Instance } from '../model/instance.ts';
import type { Step } from '../model/transitions.ts';
import { applyStep, enabledSteps, initialWorld } from '../model/transitions.ts';
import type { World } from '../model/world.ts';
import { worldKey } from '../model/world.ts';
import type { InvariantName } from './invariants.ts';
import { INVARIANTS } from './invariants.ts';
import { actorCount, actorOf } from './schedule.ts';

const MAX_NODES = 200_000;
/** Steps each actor may take beyond what it took in the counterexample. */
const SLACK = 1;

interface Node {
  readonly world: World;
  readonly used: readonly number[];
  readonly parent: number;
  readonly step: Step | null;
}

/** A shortest interleaving of `steps`' per-actor budgets that violates `invariant`, or null if none is shorter. */
export function minimizeInterleaving(inst: Instance, steps: readonly Step[], invariant: InvariantName, maxNodes = MAX_NODES): Step[] | null {
  const inv = INVARIANTS.find((i) => i.name === invariant)!;
  const budget = new Array<number>(actorCount(inst)).fill(SLACK);
  for (const s of steps) budget[actorOf(inst, s)]!++;
  const nodes: Node[] = [{ world: initialWorld(inst), used: budget.map(() => 0), parent: -1, step: null }];
  const seen = new Set<string>([worldKey(nodes[0]!.world) + '|' + nodes[0]!.used.join(',')]);
  /** The steps to node `i`, then `last`. */
  const path = (i: number, last: Step): Step[] => {
    const out = [last];
    for (let k = i; k > 0; k = nodes[k]!.parent) out.push(nodes[k]!.step!);
    return out.reverse();
  };
  const depth = (i: number): number => {
    let d = 0;
    for (let k = i; k > 0; k = nodes[k]!.parent) d++;
    return d;
  };
  for (let head = 0; head < nodes.length && nodes.length < maxNodes; head++) {
    const n = nodes[head]!;
    if (depth(head) + 1 >= steps.length) break; // nothing shorter is left
    const enabled = enabledSteps(inst, n.world);
    if (enabled.length === 0) {
      if (inv.kind === 'end' && inv.check(inst, n.world)) return head === 0 ? [] : path(n.parent, n.step!);
      continue;
    }
    for (const s of enabled) {
      const a = actorOf(inst, s);
      if (n.used[a]! >= budget[a]!) continue;
      const tr = applyStep(inst, n.world, s);
      if (inv.kind === 'step' && inv.check(inst, tr)) return path(head, s);
      const used = n.used.slice();
      used[a]!++;
      const key = worldKey(tr.after) + '|' + used.join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      nodes.push({ world: tr.after, used, parent: head, step: s });
    }
  }
  return null;
}
