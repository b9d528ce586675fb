/**
 * Benchmark: runs to the first counterexample, uniform schedules against PCT (depth 1, 2, 3), for
 * every violated (strategy, scenario, invariant) of the catalogue matrix (the exhaustive verdicts,
 * default scope). Each (bug, scheduler, seed) is one `fc.check` of the random engine's own property
 * with `endOnFailure` (no shrinking: only finding is measured). A seed that misses within the
 * budget counts as "more than the budget" in the median and is left out of the mean.
 * Rerun: `npx tsx bench/pct.ts [seeds=10] [budget=2000, the engine default] [first seed=1]`.
 */
import fc from 'fast-check';
import { CATALOGUE } from '../catalogue/index.ts';
import { SCENARIOS, scenarioApplies } from '../model/scenario.ts';
import { DEFAULT_SCOPE } from '../model/scope.ts';
import { createInstance } from '../model/instance.ts';
import { checkExhaustive } from '../properties/exhaustive.ts';
import { DEFAULT_RUNS, scheduleProperty } from '../properties/random.ts';
import type { RandomOptions } from '../properties/random.ts';
import { violatedNames } from '../properties/verdict.ts';

const seeds = Number(process.argv[2] ?? 10);
const budget = Number(process.argv[3] ?? DEFAULT_RUNS);
const firstSeed = Number(process.argv[4] ?? 1);

const SCHEDULERS: { label: string; opts: Pick<RandomOptions, 'scheduler' | 'pctDepth'> }[] = [
  { label: 'uniform', opts: { scheduler: 'uniform' } },
  { label: 'PCT d=1', opts: { scheduler: 'pct', pctDepth: 1 } },
  { label: 'PCT d=2', opts: { scheduler: 'pct', pctDepth: 2 } },
  { label: 'PCT d=3', opts: { scheduler: 'pct', pctDepth: 3 } },
];

/** Runs to the first failure for each seed, or null for a seed that missed within the budget. */
type Runs = (number | null)[];

function median(r: Runs): number | null {
  // A miss sorts above every hit: it is "more than the budget".
  const s = r.map((x) => x ?? Infinity).sort((a, b) => a - b);
  const m = s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  return Number.isFinite(m) ? m : null;
}
const hits = (r: Runs) => r.filter((x): x is number => x !== null);
const mean = (r: Runs) => (hits(r).length ? hits(r).reduce((a, b) => a + b, 0) / hits(r).length : null);
const fmt = (x: number | null) => (x === null ? `>${budget}` : x < 10 ? x.toFixed(1).replace(/\.0$/, '') : x.toFixed(0));
const cell = (r: Runs) => `${fmt(median(r))} / ${fmt(mean(r))} / ${hits(r).length}`;

const t0 = performance.now();
const rows: { bug: string; runs: Runs[] }[] = [];
for (const s of CATALOGUE) {
  for (const sc of SCENARIOS) {
    if (!scenarioApplies(sc, s.roles)) continue;
    const inst = createInstance(s, sc, DEFAULT_SCOPE);
    for (const name of violatedNames(checkExhaustive(inst))) {
      const runs = SCHEDULERS.map(({ opts }) =>
        Array.from({ length: seeds }, (_, k) => {
          const res = fc.check(scheduleProperty(inst, name, opts), { seed: firstSeed + k, numRuns: budget, endOnFailure: true });
          return res.failed ? res.numRuns : null;
        }),
      );
      rows.push({ bug: `${s.name} × ${sc.name} · ${name}`, runs });
    }
  }
}

console.log(`Runs to the first counterexample: seeds ${firstSeed}..${firstSeed + seeds - 1}, budget ${budget} runs; each cell: median / mean (of seeds that found it) / seeds that found it (of ${seeds})\n`);
console.log(`| bug | ${SCHEDULERS.map((x) => x.label).join(' | ')} |`);
console.log(`|---|${SCHEDULERS.map(() => '---').join('|')}|`);
for (const r of rows) console.log(`| ${r.bug} | ${r.runs.map(cell).join(' | ')} |`);

console.log(`\n| scheduler | bugs found by every seed | by some seed | by no seed | (bug, seed) pairs found | median of medians | total runs (a miss counts as the budget) | lower median than uniform | higher |`);
console.log('|---|---|---|---|---|---|---|---|---|');
SCHEDULERS.forEach(({ label }, j) => {
  const col = rows.map((r) => r.runs[j]!);
  const all = col.filter((r) => hits(r).length === seeds).length;
  const some = col.filter((r) => hits(r).length > 0).length;
  const pairs = col.reduce((a, r) => a + hits(r).length, 0);
  const total = col.reduce((a, r) => a + r.reduce<number>((b, x) => b + (x ?? budget), 0), 0);
  const med = (r: Runs) => median(r) ?? Infinity;
  const better = rows.filter((r) => med(r.runs[j]!) < med(r.runs[0]!)).length;
  const worse = rows.filter((r) => med(r.runs[j]!) > med(r.runs[0]!)).length;
  console.log(`| ${label} | ${all} | ${some} | ${rows.length - some} | ${pairs} / ${rows.length * seeds} | ${fmt(median(col.map(median)))} | ${total} | ${j ? better : '-'} | ${j ? worse : '-'} |`);
});
console.log(`\n${rows.length} violated (cell, invariant) pairs; ${((performance.now() - t0) / 1000).toFixed(1)} s`);
