/**
 * Benchmark: for every violated (strategy, scenario, invariant) of the catalogue matrix, the
 * random engine's counterexample length (as fast-check shrank it, and after the minimisation
 * pass) against the breadth-first shortest, and the runs fast-check needed to find it.
 * Rerun: `npx tsx bench/shrink.ts [seed] [runs]`.
 */
import { CATALOGUE } from '../catalogue/index.ts';
import { SCENARIOS, scenarioApplies } from '../model/scenario.ts';
import { DEFAULT_SCOPE } from '../model/scope.ts';
import { createInstance } from '../model/instance.ts';
import { checkExhaustive } from '../properties/exhaustive.ts';
import { checkRandom, DEFAULT_RUNS } from '../properties/random.ts';
import type { InvariantName } from '../properties/invariants.ts';

const seed = Number(process.argv[2] ?? 1);
const runs = Number(process.argv[3] ?? DEFAULT_RUNS);
console.log(`shrink benchmark: seed ${seed}, ${runs} runs per invariant`);
console.log('| strategy | scenario | invariant | BFS shortest | fast-check shrunk | after minimisation | runs to first failure |');
console.log('|---|---|---|---|---|---|---|');
let total = 0;
let equalShrunk = 0;
let equalMin = 0;
let missed = 0;
const t0 = performance.now();
for (const s of CATALOGUE) {
  for (const sc of SCENARIOS) {
    if (!scenarioApplies(sc, s.roles)) continue;
    const inst = createInstance(s, sc, DEFAULT_SCOPE);
    const ex = checkExhaustive(inst);
    const rn = checkRandom(inst, { seed, runs });
    for (const [name, v] of Object.entries(ex.invariants)) {
      if (v.status !== 'violated') continue;
      total++;
      const r = rn.invariants[name as InvariantName];
      const p = rn.provenance[name as InvariantName];
      if (r.status !== 'violated' || !p) {
        missed++;
        console.log(`| ${s.name} | ${sc.name} | ${name} | ${v.counterexample.steps.length} | not found | - | - |`);
        continue;
      }
      const bfs = v.counterexample.steps.length;
      const min = r.counterexample.steps.length;
      if (p.shrunkLength === bfs) equalShrunk++;
      if (min === bfs) equalMin++;
      console.log(`| ${s.name} | ${sc.name} | ${name} | ${bfs} | ${p.shrunkLength} | ${min} | ${p.runsToFailure} |`);
    }
  }
}
const pct = (n: number) => `${((100 * n) / total).toFixed(0)}%`;
console.log(
  `\n${total} violated (cell, invariant) pairs; found ${total - missed}; equal to BFS shortest: ` +
    `${equalShrunk} (${pct(equalShrunk)}) as fast-check shrank them, ${equalMin} (${pct(equalMin)}) after minimisation; ` +
    `${((performance.now() - t0) / 1000).toFixed(1)} s`,
);
