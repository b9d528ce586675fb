/**
 * Where a search's CPU time goes, thread by thread (Linux: /proc/self/task/<tid>/stat): the main
 * thread, the search workers (the busiest threads besides the main one), and V8's helper threads
 * (garbage collection and compilation off the JavaScript threads). A process's CPU time mixes
 * them all; this tells a worker's own per-state cost from the helpers' share of the two cores.
 * The pool is warmed on a small search first, as bench/parallel.ts does.
 * Rerun: `npx tsx bench/thread-cpu.ts [strategy=duct-1.0] [children=3] [maxStates=3000000 (0: all)] [mode=sp] [workers=2]`
 * (workers 0: bfs.ts in the main thread; 1: bfs.ts in a worker thread; 2 or more: the level engine).
 */
import fs from 'node:fs';
import { findStrategy } from '../catalogue/index.ts';
import { findScenario } from '../model/scenario.ts';
import { DEFAULT_SCOPE, scaledScope } from '../model/scope.ts';
import { createInstance } from '../model/instance.ts';
import { search } from '../properties/bfs.ts';
import { parallelSearch } from '../properties/parallel/search.ts';
import { closeSearchPools } from '../properties/parallel/pool.ts';

const [strategy = 'duct-1.0', childrenArg = '3', maxArg = '3000000', mode = 'sp', workersArg = '2'] = process.argv.slice(2);
const workers = Number(workersArg);
const maxStates = Number(maxArg) || undefined;
const inst = createInstance(findStrategy(strategy)!, findScenario('pool')!, scaledScope(DEFAULT_SCOPE, { children: Number(childrenArg) }));
/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux). */
const HZ = 100;

/** CPU seconds of each thread of this process, by thread id. */
function threadCpu(): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of fs.readdirSync('/proc/self/task')) {
    try {
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const f = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      out.set(Number(tid), (Number(f[11]) + Number(f[12])) / HZ);
    } catch {
      // A thread that ended between the listing and the read.
    }
  }
  return out;
}

const opts = { symmetry: mode.includes('s'), por: mode.includes('p'), ...(maxStates ? { limits: { maxStates } } : {}) };
if (workers > 0) await parallelSearch(createInstance(findStrategy(strategy)!, findScenario('pool')!, DEFAULT_SCOPE), { workers });
const before = threadCpu();
const t0 = performance.now();
const r = workers === 0 ? search(inst, opts) : await parallelSearch(inst, { ...opts, workers });
const wall = (performance.now() - t0) / 1000;
const after = threadCpu();
await closeSearchPools();
const used = [...after].map(([tid, s]) => ({ tid, s: s - (before.get(tid) ?? 0) }));
const main = used.find((u) => u.tid === process.pid)?.s ?? 0;
const others = used.filter((u) => u.tid !== process.pid).sort((a, b) => b.s - a.s);
const searchers = others.slice(0, workers);
const helpers = others.slice(workers).reduce((a, u) => a + u.s, 0);
const total = used.reduce((a, u) => a + u.s, 0);
const f = (s: number): string => `${s.toFixed(2)} s`;
console.log(
  `${strategy} × pool, ${childrenArg} children, mode ${mode}, ${workers === 0 ? 'bfs.ts in the main thread' : `${workers} worker(s)`}${maxStates ? `, first ${maxStates} states` : ''}: ${r.states} states, ${f(wall)} wall; ` +
    `CPU: main thread ${f(main)}${workers > 0 ? `, search workers ${searchers.map((u) => f(u.s)).join(' + ')}` : ''}, V8 helper threads ${f(helpers)}; all threads ${f(total)}`,
);
