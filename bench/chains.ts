/**
 * The chains experiment (issue 16, thirteenth session): bfs.ts with and without passing through
 * worlds whose ample set is one step. Rerun: `npx tsx bench/chains.ts [strategy] [children] [mode: s p c]`.
 */
import { findStrategy } from '../catalogue/index.ts';
import { findScenario } from '../model/scenario.ts';
import { DEFAULT_SCOPE, scaledScope } from '../model/scope.ts';
import { createInstance } from '../model/instance.ts';
import { search } from '../properties/bfs.ts';
const [s='duct-1.0', c='3', mode='spc', max='0'] = process.argv.slice(2);
const inst = createInstance(findStrategy(s)!, findScenario('pool')!, scaledScope(DEFAULT_SCOPE, { children: Number(c) }));
const t0 = performance.now();
const r = search(inst, { symmetry: mode.includes('s'), por: mode.includes('p'), chains: mode.includes('c'), ...(Number(max) ? { limits: { maxStates: Number(max) } } : {}) });
console.log(s, c, mode, r.states, r.transitions, ((performance.now() - t0) / 1000).toFixed(2) + ' s', [...r.found.keys()].join(',') || 'holds', [...r.found.values()].map((f) => f.steps.length).join(','), `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
