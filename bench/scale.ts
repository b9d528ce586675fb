/**
 * Benchmark of the exhaustive engine: per catalogue cell, states and seconds with each reduction
 * off and on; then the scaled pool scopes (scale-anchors.md) with states, transitions, time, states
 * per second and peak RSS per million states.
 * Rerun: `npx tsx bench/scale.ts [cells|pool] [children=2] [strategies=pidfd,duct-1.0] [modes=-,s,sp]`
 * (modes: `-` none, `s` symmetry, `p` partial-order reduction, `sp` both).
 */
import os from 'node:os';
import { CATALOGUE, findStrategy } from '../catalogue/index.ts';
import { SCENARIOS, findScenario, scenarioApplies } from '../model/scenario.ts';
import { DEFAULT_SCOPE } from '../model/scope.ts';
import { createInstance } from '../model/instance.ts';
import type { Instance } from '../model/instance.ts';
import { search } from '../properties/bfs.ts';

const [what = 'cells', childrenArg = '2', strategiesArg = 'pidfd,duct-1.0', modesArg = '-,s,p,sp'] = process.argv.slice(2);
const modes = modesArg.split(',');
console.log(`scale benchmark: node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), 1 worker`);

function run(inst: Instance, mode: string): { states: number; transitions: number; seconds: number; violated: string } {
  const t0 = performance.now();
  const r = search(inst, { symmetry: mode.includes('s'), por: mode.includes('p') });
  return { states: r.states, transitions: r.transitions, seconds: (performance.now() - t0) / 1000, violated: [...r.found.keys()].join(',') || 'holds' };
}

if (what === 'cells') {
  const totals = new Map<string, { states: number; seconds: number }>();
  console.log(`cell | ${modes.map((m) => `${m}: states / s`).join(' | ')}`);
  for (const s of CATALOGUE) {
    for (const sc of SCENARIOS) {
      if (!scenarioApplies(sc, s.roles)) continue;
      const inst = createInstance(s, sc, DEFAULT_SCOPE);
      const cols = modes.map((m) => {
        const r = run(inst, m);
        const t = totals.get(m) ?? { states: 0, seconds: 0 };
        totals.set(m, { states: t.states + r.states, seconds: t.seconds + r.seconds });
        return `${r.states} / ${r.seconds.toFixed(3)}`;
      });
      console.log(`${s.name} × ${sc.name} | ${cols.join(' | ')}`);
    }
  }
  for (const [m, t] of totals) console.log(`total ${m}: ${t.states} states in ${t.seconds.toFixed(2)} s (${Math.round(t.states / t.seconds)} states/s)`);
} else {
  const children = Number(childrenArg);
  for (const name of strategiesArg.split(',')) {
    const scope = { ...DEFAULT_SCOPE, children, pidCount: children + 1 };
    const inst = createInstance(findStrategy(name)!, findScenario('pool')!, scope);
    for (const m of modes) {
      const rss0 = process.memoryUsage().rss;
      const r = run(inst, m);
      const rss = process.memoryUsage().rss;
      console.log(
        `${name} × pool, ${children} children × (1 waiter + 2 killers), ${children + 1} pids, mode ${m}: ${r.states} states, ${r.transitions} transitions, ` +
          `${r.seconds.toFixed(2)} s, ${Math.round(r.states / r.seconds)} states/s, ${Math.round(r.transitions / r.seconds)} transitions/s; ` +
          `RSS ${(rss / 2 ** 20).toFixed(0)} MiB (${((Math.max(rss, rss0) / 2 ** 20) / (r.states / 1e6)).toFixed(0)} MiB per million states); ${r.violated}`,
      );
    }
  }
}
