/**
 * Benchmark of the real replayer: `npx tsx bench/real-replay.ts [seconds]`. Replays naive × reuse's
 * no-stray-signal counterexample (4 steps: child exit, reap, forced-pid spawn, stray kill) in one
 * sandbox for a few seconds, next to the bare sequencing cost and raw spawn + reap.
 */
import { checkExhaustive } from '../properties/exhaustive.ts';
import { createInstance, DEFAULT_SCOPE, findScenario } from '../model/index.ts';
import { findStrategy } from '../catalogue/index.ts';
import { runInSandbox } from '../real/jobs/run.ts';
import type { BenchResult } from '../real/jobs/bench-job.ts';

const seconds = Number(process.argv[2] ?? 3);
const strategy = findStrategy('naive')!;
const scenario = findScenario('reuse')!;
const iv = checkExhaustive(createInstance(strategy, scenario, DEFAULT_SCOPE)).invariants['no-stray-signal'];
if (iv.status !== 'violated') throw new Error('naive × reuse should violate no-stray-signal');
const item = { strategy, scenario, scope: DEFAULT_SCOPE, steps: iv.counterexample.steps, invariant: 'no-stray-signal' as const };
const r = await runInSandbox<BenchResult>({ kind: 'bench', item, seconds }).catch((e: Error) => {
  console.error(e.message); // one line (a missing tool, no sandbox here), not a stack trace
  process.exit(1);
});
const f = (x: number) => x.toFixed(0).padStart(8);
console.log(`real replay of naive × reuse (${item.steps.length} steps), ${seconds} s per figure, replays and raw spawns in alternating ${r.sliceMs / 1000} s slices:`);
console.log(`  processes made by    ${r.maker}`);
console.log(`  replays/s            ${f(r.replaysPerSec)}   (${r.reproduced}/${r.replays} reproduced)`);
console.log(`  replayed steps/s     ${f(r.replayStepsPerSec)}`);
console.log(`  sequenced steps/s    ${f(r.sequencedStepsPerSec)}   (one Atomics round trip to a worker)`);
console.log(`  raw spawn+reap/s     ${f(r.spawnReapPerSec)}   (posix_spawn /bin/true + waitpid)`);
console.log(`  replays / raw        ${f((100 * r.replaysPerSec) / r.spawnReapPerSec)}%  (goal: at least 50%)`);
