/**
 * Benchmark: the process-wide strategies (a loop over every child) in the process-wide scenarios
 * with 2 and 3 children, with the reductions asked for and without. Prints per cell the states,
 * the seconds and whether the verdicts agree. Rerun: `npx tsx bench/process-wide.ts`.
 */
import os from 'node:os';
import { CATALOGUE } from '../catalogue/index.ts';
import { PROCESS_SCENARIOS, scenarioApplies } from '../model/scenario.ts';
import { DEFAULT_SCOPE, scaledScope } from '../model/scope.ts';
import { createInstance } from '../model/instance.ts';
import { checkExhaustive } from '../properties/exhaustive.ts';
import { violatedNames } from '../properties/verdict.ts';

console.log(`process-wide benchmark: node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'})`);
console.log('| strategy | scenario | children | states | transitions | s (reductions off) | s (symmetry + por asked for) | violated | equal |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const s of CATALOGUE.filter((x) => x.roles.loop)) {
  for (const sc of PROCESS_SCENARIOS) {
    if (!scenarioApplies(sc, s.roles)) continue;
    for (const children of [2, 3]) {
      const inst = createInstance(s, sc, scaledScope(DEFAULT_SCOPE, { children }));
      const off = checkExhaustive(inst);
      const on = checkExhaustive(inst, { symmetry: true, por: true });
      const equal = off.states === on.states && violatedNames(off).join() === violatedNames(on).join();
      const bad = violatedNames(off).map((n) => n.replace(/^no-/, '')).join(', ') || 'holds';
      console.log(`| ${s.name} | ${sc.name} | ${children} | ${off.states} | ${off.transitions} | ${off.seconds.toFixed(2)} | ${on.seconds.toFixed(2)} | ${bad} | ${equal ? 'yes' : 'NO'} |`);
    }
  }
}
