/**
 * The chains experiment (issue 16, thirteenth session): every catalogue cell (POR, and symmetry +
 * POR) and every strategy × pool with 2 children (symmetry + POR), with and without chains: the
 * violated invariants must be the same. Rerun: `npx tsx bench/chains-verdicts.ts`.
 */
import { CATALOGUE } from '../catalogue/index.ts';
import { MATRIX_SCENARIOS, scenarioApplies, findScenario } from '../model/scenario.ts';
import { DEFAULT_SCOPE, scaledScope } from '../model/scope.ts';
import { createInstance } from '../model/instance.ts';
import { search } from '../properties/bfs.ts';
let cells = 0, diff = 0;
const run = (inst: any, mode: string) => { const r = search(inst, { symmetry: mode.includes('s'), por: true, chains: mode.includes('c') }); return [...r.found.keys()].sort().join(',') + (r.incomplete ? ' inc' : ''); };
const insts: any[] = [];
for (const st of CATALOGUE) for (const sc of MATRIX_SCENARIOS) if (scenarioApplies(sc, st.roles ?? (st as any))) { try { insts.push(createInstance(st, sc, DEFAULT_SCOPE)); } catch {} }
for (const st of CATALOGUE) for (const n of [2]) { try { insts.push(createInstance(st, findScenario('pool')!, scaledScope(DEFAULT_SCOPE, { children: n }))); } catch {} }
for (const inst of insts) {
  for (const m of inst.children > 1 ? ['s'] : ['', 's']) {
    if (inst.children >= 3 && inst.strategy.name.startsWith('duct')) continue;
    cells++;
    const a = run(inst, m), b = run(inst, m + 'c');
    if (a.endsWith('inc') || b.endsWith('inc')) { console.log('skip (bound)', inst.strategy.name, inst.scenario.name, m); continue; }
    if (a !== b) { diff++; console.log('DIFF', inst.strategy.name, inst.scenario.name, inst.children, m, a, '|', b); }
  }
}
console.log(cells, 'runs', diff, 'differ');
