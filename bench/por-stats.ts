/**
 * Where a reduced search's states come from (issue 16): a breadth-first walk of the same reduced
 * graph as properties/bfs.ts — the same fingerprints, successors in the same order, the first
 * concrete world of each class kept — that counts, for every expanded world, what partial-order
 * reduction made of it: an ample set of how many steps, or every enabled step, and then why no
 * child's kernel cluster was no ample set (por.ts `clusterBlocker`, the rule the search itself
 * asks: the spawner may take the child's free number, the `waitpid(-1)` watcher may reap the
 * child's zombie or the zombie on its number, the foreign reaper may choose it). Its state and transition counts are bfs.ts's (printed beside
 * them with `--check`), so the shares it prints are of the search the goals time.
 * Rerun: `npx tsx bench/por-stats.ts [strategy=duct-1.0] [children=3] [--check]`.
 */
import { findStrategy } from '../catalogue/index.ts';
import { findScenario } from '../model/scenario.ts';
import { DEFAULT_SCOPE, scaledScope } from '../model/scope.ts';
import type { Instance } from '../model/instance.ts';
import { createInstance } from '../model/instance.ts';
import type { World } from '../model/world.ts';
import type { Step } from '../model/transitions.ts';
import { applyStep, enabledSteps, initialWorld } from '../model/transitions.ts';
import { symmetryOf, symmetryUsable } from '../model/symmetry.ts';
import { stateFingerprinter } from '../properties/state-fingerprint.ts';
import { FingerprintSet } from '../properties/fingerprint-set.ts';
import { FOREIGN_REAPER, ISOLATED, SPAWNER, WATCHER_CHILD, WATCHER_HOLDER, ampleSteps, childLocal, clusterBlocker, kernelClusterSize } from '../properties/por.ts';
import { search } from '../properties/bfs.ts';

const args = process.argv.slice(2);
const check = args.includes('--check');
const [strategy = 'duct-1.0', childrenArg = '3'] = args.filter((a) => !a.startsWith('--'));
const inst = createInstance(findStrategy(strategy)!, findScenario('pool')!, scaledScope(DEFAULT_SCOPE, { children: Number(childrenArg) }));

/** Names of por.ts `clusterBlocker`'s answers that are not ISOLATED. */
const BLOCKERS: Record<number, string> = {
  [SPAWNER]: 'the spawner may take its free number',
  [WATCHER_CHILD]: 'the watcher may reap its zombie',
  [WATCHER_HOLDER]: 'the watcher may reap the sibling zombie on its number',
  [FOREIGN_REAPER]: 'the foreign reaper may wait for it',
};

/** Why child c's kernel cluster was no ample set of `w` (whose enabled steps are `steps`). */
function whyNot(inst: Instance, w: World, c: number, steps: readonly Step[]): string {
  const blocker = clusterBlocker(inst, w, c);
  if (blocker !== ISOLATED) return `not isolated: ${BLOCKERS[blocker]}`;
  // Isolated: then its size ruled it out, or a loop step (C3).
  const size = kernelClusterSize(inst, steps, c);
  return size === 0 ? 'isolated, but it has no step' : size === steps.length ? 'isolated, but its cluster is every step' : 'isolated, but its cluster has a loop step (C3)';
}

if (!childLocal(inst)) console.log(`${strategy} is not child-local (por.ts childLocal): it gets no kernel clusters, so "per child" below says what they would need, not why they failed`);
const count = new Map<string, number>();
const bump = (k: string, by = 1): void => void count.set(k, (count.get(k) ?? 0) + by);

const t0 = performance.now();
const init = initialWorld(inst);
const sym = symmetryUsable(inst) ? symmetryOf(inst, init) : null;
const fps = stateFingerprinter(sym);
const fp = new Uint32Array(2);
const seen = new FingerprintSet();
fps.of(init, fp);
seen.add(fp[0]!, fp[1]!, 0);
let level: World[] = [init];
let states = 1;
let transitions = 0;
let depth = 0;
let fullSteps = 0;
while (level.length > 0) {
  const next: World[] = [];
  for (const w of level) {
    const steps = enabledSteps(inst, w);
    if (steps.length === 0) {
      bump('end worlds');
      continue;
    }
    if (depth >= inst.scope.maxSteps) {
      bump('worlds at the depth bound');
      continue;
    }
    fps.expanding(w, null, 0, 0);
    const ample = ampleSteps(inst, w, steps);
    if (ample === null) {
      bump('expanded whole');
      fullSteps += steps.length;
      bump(`  budgets left: ${inst.scope.reaps - w.reapsUsed} reap(s), ${inst.scope.spawns - w.spawnsUsed} spawn(s)`);
      for (let c = 0; c < inst.children; c++) bump(`  per child: ${whyNot(inst, w, c, steps)}`);
    } else bump(`ample set of ${ample.length} step${ample.length > 1 ? 's' : ''}`);
    const succ = ample ? ample.map((a) => a.tr.after) : steps.map((s) => applyStep(inst, w, s, true).after);
    for (const after of succ) {
      transitions++;
      fps.of(after, fp);
      if (seen.add(fp[0]!, fp[1]!, states) >= 0) continue;
      states++;
      next.push(after);
    }
  }
  level = next;
  depth++;
}
const secs = (performance.now() - t0) / 1000;
const expanded = [...count].filter(([k]) => k.startsWith('ample') || k === 'expanded whole').reduce((a, [, v]) => a + v, 0);
console.log(`${strategy} × pool, ${childrenArg} children, symmetry + POR: ${states} states, ${transitions} transitions, ${depth} levels (${secs.toFixed(1)} s)`);
console.log(`expanded worlds: ${expanded}; whole expansions took ${fullSteps} of the transitions (${((100 * fullSteps) / transitions).toFixed(1)}%)`);
// Grouped: what each expanded world was, then why whole (per child), then the budgets left where whole.
const group = (k: string): number => (k.startsWith('  per child') ? 1 : k.startsWith('  ') ? 2 : 0);
const rows = [...count].sort((a, b) => group(a[0]) - group(b[0]) || b[1] - a[1]);
for (const [k, v] of rows) console.log(group(k) === 0 ? `| ${k}: ${v} (${((100 * v) / states).toFixed(1)}% of states)` : `${k}: ${v} (${group(k) === 1 ? 'child × world' : 'worlds'})`);
if (check) {
  const r = search(inst, { symmetry: true, por: true });
  console.log(`bfs.ts: ${r.states} states, ${r.transitions} transitions${r.states === states && r.transitions === transitions ? ' (the same)' : ' — DIFFERENT: this walk is not bfs.ts\'s graph'}`);
}
