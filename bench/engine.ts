/**
 * Benchmark of the exhaustive engine's raw speed (issue 16): one worker, reductions off unless
 * asked for, on pool scopes — states and transitions per second of `search()` alone, and bytes per
 * stored state two ways: the process's peak RSS over the states (what the issue's SPIN comparison
 * uses), and, with `--expose-gc`, the live heap and array buffers sampled after a full collection
 * every 250,000 states (what the search keeps: fingerprint table, parent pointers, frontier).
 * Times of a run with `--expose-gc` include those collections; take states/s from a run without it.
 * Rerun: `npx tsx bench/engine.ts [strategy=pidfd] [children=2] [maxStates=0 (all)] [mode=-] [spillMiB]`
 * (mode: `s` symmetry, `p` partial-order reduction, `x` without the step memo, properties/step-memo.ts;
 * spillMiB: levels past that many MiB go to disk, properties/spill-level.ts), and
 * `node --expose-gc --import tsx bench/engine.ts …` for the live bytes.
 */
import os from 'node:os';
import { findStrategy } from '../catalogue/index.ts';
import { findScenario } from '../model/scenario.ts';
import { DEFAULT_SCOPE, scaledScope } from '../model/scope.ts';
import { createInstance } from '../model/instance.ts';
import { search } from '../properties/bfs.ts';

const [strategy = 'pidfd', childrenArg = '2', maxArg = '0', mode = '-', spillArg] = process.argv.slice(2);
const spillBytes = spillArg === undefined ? undefined : Number(spillArg) * 2 ** 20;
const children = Number(childrenArg);
const maxStates = Number(maxArg) || undefined;
const inst = createInstance(findStrategy(strategy)!, findScenario('pool')!, scaledScope(DEFAULT_SCOPE, { children }));
const gc = (globalThis as { gc?: () => void }).gc;
const live = (): number => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
gc?.();
const base = live();
let peakLive = 0;
let atPeak = 0;
const onProgress = gc
  ? (states: number): void => {
      if (states % 250_000 !== 0) return;
      gc();
      const l = live() - base;
      if (l > peakLive) (peakLive = l), (atPeak = states);
    }
  : undefined;

console.log(`engine benchmark: node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}${gc ? ', --expose-gc' : ''}`);
const rss0 = process.memoryUsage().rss;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const r = search(inst, { symmetry: mode.includes('s'), por: mode.includes('p'), memo: !mode.includes('x'), ...(maxStates ? { limits: { maxStates } } : {}), ...(onProgress ? { onProgress } : {}), ...(spillBytes !== undefined ? { spillBytes } : {}) });
const s = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuS = (cpu.user + cpu.system) / 1e6;
const peakRss = process.resourceUsage().maxRSS * 1024;
console.log(
  `${strategy} × pool, ${children} children, mode ${mode}${maxStates ? `, first ${maxStates} states` : ''}: ${r.states} states, ${r.transitions} transitions, ${s.toFixed(2)} s, ` +
    `${Math.round(r.states / s)} states/s, ${Math.round(r.transitions / s)} transitions/s; CPU ${cpuS.toFixed(2)} s (all threads: ${Math.round(r.states / cpuS)} states per CPU second); search structures ${Math.round(r.bytes / r.states)} B/state; ` +
    `peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB (${Math.round((peakRss - rss0) / r.states)} B/state over the RSS before)` +
    (gc ? `; live ${(peakLive / 2 ** 20).toFixed(0)} MiB at ${atPeak} states (${atPeak ? Math.round(peakLive / atPeak) : 0} B/state)` : '') +
    (r.spilled ? `; ${(r.spilled / 2 ** 20).toFixed(0)} MiB of levels written to disk` : '') +
    (r.memo ? `; step memo ${r.memo.hits} hits, ${r.memo.misses} misses, forgot ${r.memo.resets} times` : '') +
    `; ${[...r.found.keys()].join(',') || 'holds'}${r.incomplete ? ' (incomplete)' : ''}`,
);
