/**
 * Benchmark of the parallel exhaustive engine (properties/parallel/): on a pool scope, the
 * single-threaded search, then the parallel one on 1 and 2 (or more) workers — time, states/s, the
 * speed-up over 1 worker and over the single-threaded engine, and the process's peak RSS (worker
 * threads share the process, so it counts them all). Worker start-up is measured apart: the pool is
 * warmed on a small search first, as the CLI would for a matrix.
 * With 2 or more workers it also says where the wall time went, phase by phase of each level
 * (search.ts `LevelStats.phases`): expanding, growing the table, resolving, balancing, merging.
 * Rerun: `npx tsx bench/parallel.ts [children=2] [strategy=pidfd] [modes=-] [workers=1,2]`
 */
import os from 'node:os';
import { findStrategy } from '../catalogue/index.ts';
import { findScenario } from '../model/scenario.ts';
import { DEFAULT_SCOPE, scaledScope } from '../model/scope.ts';
import { createInstance } from '../model/instance.ts';
import { search } from '../properties/bfs.ts';
import type { LevelStats } from '../properties/parallel/search.ts';
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
    const wall = { expand: 0, grow: 0, resolve: 0, balance: 0, merge: 0 };
    const onLevel = (l: LevelStats): void => {
      steals += l.steals;
      stolen += l.stolen;
      moved += l.moved;
      for (const k of Object.keys(wall) as (keyof typeof wall)[]) wall[k] += l.phases[k] / 1000;
    };
    const r = await parallelSearch(inst, { ...ropts, workers: w, onLevel });
    const s = (performance.now() - t0) / 1000;
    const inLevels = Object.values(wall).reduce((a, b) => a + b, 0);
    // One worker runs bfs.ts's search (no levels to report).
    const phases = w === 1 ? '' : `; wall by phase: expand ${wall.expand.toFixed(2)} s, grow ${wall.grow.toFixed(2)} s, resolve ${wall.resolve.toFixed(2)} s, balance ${wall.balance.toFixed(2)} s, merge ${wall.merge.toFixed(2)} s, outside the levels (workers' set-up, counterexamples) ${(s - inLevels).toFixed(2)} s`;
    if (w === 1) one = s;
    const same = r.states === seq.states && r.transitions === seq.transitions && [...r.found.keys()].join() === [...seq.found.keys()].join();
    console.log(
      `${label}, ${w} worker(s): ${r.states} states, ${s.toFixed(2)} s, ${Math.round(r.states / s)} states/s, ` +
        `speed-up ${one ? `×${(one / s).toFixed(2)}` : '(no 1-worker run)'} over 1 worker, ×${(seqS / s).toFixed(2)} over bfs.ts; pool start ${startS.toFixed(2)} s; peak RSS ${peak()}; ${steals} steals (${stolen} states), ${moved} states moved between levels${phases}; ${same ? 'same result' : 'RESULT DIFFERS'}`,
    );
  }
}
await closeSearchPools();
