/**
 * Benchmark of the parallel exhaustive engine (properties/parallel/): on a pool scope, the
 * single-threaded search, then the parallel one on 1 and 2 (or more) workers — time, states/s, the
 * speed-up over 1 worker and over the single-threaded engine, and the process's peak RSS (worker
 * threads share the process, so it counts them all). Worker start-up is measured apart: the pool is
 * warmed on a small search first, as the CLI would for a matrix.
 * Rerun: `npx tsx bench/parallel.ts [children=2] [strategy=pidfd] [modes=-] [workers=1,2]`
 */
import os from 'node:os';
import { findStrategy } from '../catalogue/index.ts';
import { findScenario } from '../model/scenario.ts';
import { DEFAULT_SCOPE, scaledScope } from '../model/scope.ts';
import { createInstance } from '../model/instance.ts';
import { search } from '../properties/bfs.ts';
import { parallelSearch } from '../properties/parallel/search.ts';
import { closeSearchPools } from '../properties/parallel/pool.ts';

const [childrenArg = '2', strategy = 'pidfd', modesArg = '-', workersArg = '1,2'] = process.argv.slice(2);
const children = Number(childrenArg);
const inst = createInstance(findStrategy(strategy)!, findScenario('pool')!, scaledScope(DEFAULT_SCOPE, { children }));
const small = createInstance(findStrategy(strategy)!, findScenario('pool')!, DEFAULT_SCOPE);
const peak = (): string => `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`;
console.log(`parallel benchmark: node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);

for (const m of modesArg.split(',')) {
  const ropts = { symmetry: m.includes('s'), por: m.includes('p') };
  const label = `${strategy} × pool, ${children} children, mode ${m}`;
  let t0 = performance.now();
  const seq = search(inst, ropts);
  const seqS = (performance.now() - t0) / 1000;
  console.log(`${label}, single-threaded bfs.ts: ${seq.states} states, ${seq.transitions} transitions, ${seqS.toFixed(2)} s, ${Math.round(seq.states / seqS)} states/s; peak RSS ${peak()}`);
  let one = 0;
  for (const w of workersArg.split(',').map(Number)) {
    t0 = performance.now();
    await parallelSearch(small, { workers: w }); // start (or reuse) the pool: start-up is reported apart
    const startS = (performance.now() - t0) / 1000;
    t0 = performance.now();
    let steals = 0;
    let stolen = 0;
    let moved = 0;
    const r = await parallelSearch(inst, { ...ropts, workers: w, onLevel: (l) => ((steals += l.steals), (stolen += l.stolen), (moved += l.moved)) });
    const s = (performance.now() - t0) / 1000;
    if (w === 1) one = s;
    const same = r.states === seq.states && r.transitions === seq.transitions && [...r.found.keys()].join() === [...seq.found.keys()].join();
    console.log(
      `${label}, ${w} worker(s): ${r.states} states, ${s.toFixed(2)} s, ${Math.round(r.states / s)} states/s, ` +
        `speed-up ×${(one / s).toFixed(2)} over 1 worker, ×${(seqS / s).toFixed(2)} over bfs.ts; pool start ${startS.toFixed(2)} s; peak RSS ${peak()}; ${steals} steals (${stolen} states), ${moved} states moved between levels; ${same ? 'same result' : 'RESULT DIFFERS'}`,
    );
  }
}
await closeSearchPools();
