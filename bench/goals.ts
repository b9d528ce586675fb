/**
 * Benchmark: the figures issue 16 ("The exhaustive engine at C speed") asks for, in one run side
 * by side — each scope in a process of its own (so each peak RSS is that scope's; "whole process"
 * adds starting Node, loading the TypeScript and starting the workers), the machine's
 * 2-core ceiling measured beside them (two single-threaded searches at once against one), and
 * SPIN's figures from the issue's table next to the raw speed (quoted, not measured here: SPIN is
 * not installed on this machine).
 * Rerun: `npx tsx bench/goals.ts` (≈ 6 minutes on 2 cores); `npx tsx bench/goals.ts --rounds 3`
 * runs every item in turn three times (≈ 18 minutes) and prints medians with their range, the
 * ratios taken round by round: this machine's speed drifts by up to 30% within minutes, so one
 * run's ratios (2 workers over 1: ×1.34–1.79 in single runs of the same code) say little alone.
 * `npx tsx bench/goals.ts <item>` runs one item and prints its JSON line.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { findStrategy } from '../catalogue/index.ts';
import { PROCESS_SCENARIOS, findScenario } from '../model/scenario.ts';
import type { Scenario } from '../model/scenario.ts';
import { DEFAULT_SCOPE, scaledScope, scenarioScope } from '../model/scope.ts';
import { createInstance } from '../model/instance.ts';
import { search } from '../properties/bfs.ts';
import { parallelSearch } from '../properties/parallel/search.ts';
import { closeSearchPools } from '../properties/parallel/pool.ts';

/** One measured search: what ran, its counts, seconds of search, and the process's peak RSS. */
interface Row {
  readonly item: string;
  readonly states: number;
  readonly transitions: number;
  readonly seconds: number;
  readonly rssMiB: number;
  /** Bytes of peak RSS per state over the RSS before the search. */
  readonly bytesPerState: number;
}

/** An item: a scope, an engine (bfs.ts, or the parallel engine on n workers), reductions. */
interface Item {
  readonly strategy: string;
  readonly scenario: string;
  readonly children: number;
  /** 0: bfs.ts (single-threaded); n: the parallel engine on n workers. */
  readonly workers: number;
  readonly reduced: boolean;
  readonly maxStates?: number;
}

const ITEMS: Record<string, Item> = {
  'duct3-2w': { strategy: 'duct-1.0', scenario: 'pool', children: 3, workers: 2, reduced: true },
  'duct3-1w': { strategy: 'duct-1.0', scenario: 'pool', children: 3, workers: 1, reduced: true },
  'duct3-bfs': { strategy: 'duct-1.0', scenario: 'pool', children: 3, workers: 0, reduced: true },
  'pidfd4-2w': { strategy: 'pidfd', scenario: 'pool', children: 4, workers: 2, reduced: true },
  ...Object.fromEntries(PROCESS_SCENARIOS.map((s) => [`libuv3-${s.name}`, { strategy: 'libuv-node', scenario: s.name, children: 3, workers: 2, reduced: true }])),
  'raw-bfs': { strategy: 'duct-1.0', scenario: 'pool', children: 2, workers: 0, reduced: false },
  'raw-1w': { strategy: 'duct-1.0', scenario: 'pool', children: 2, workers: 1, reduced: false },
  'raw-2w': { strategy: 'duct-1.0', scenario: 'pool', children: 2, workers: 2, reduced: false },
  // The ceiling: this one alone, then two of it at once.
  ceiling: { strategy: 'duct-1.0', scenario: 'pool', children: 3, workers: 0, reduced: true, maxStates: 1_500_000 },
};

async function runItem(name: string): Promise<Row> {
  const it = ITEMS[name];
  if (!it) throw new Error(`unknown item ${name}; items: ${Object.keys(ITEMS).join(', ')}`);
  const scenario: Scenario = findScenario(it.scenario)!;
  const inst = createInstance(findStrategy(it.strategy)!, scenario, scaledScope(scenarioScope(DEFAULT_SCOPE, scenario), { children: it.children }));
  const opts = { symmetry: it.reduced, por: it.reduced, ...(it.maxStates ? { limits: { maxStates: it.maxStates } } : {}) };
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  const r = it.workers === 0 ? search(inst, opts) : await parallelSearch(inst, { ...opts, workers: it.workers });
  const seconds = (performance.now() - t0) / 1000;
  await closeSearchPools();
  const peak = process.resourceUsage().maxRSS * 1024;
  return { item: name, states: r.states, transitions: r.transitions, seconds, rssMiB: peak / 2 ** 20, bytesPerState: (peak - rss0) / r.states };
}

/** Run item `name` in a process of its own; resolves with its row. */
function child(name: string): Promise<Row & { wall: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), name], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('close', (code) => (code === 0 ? resolve({ ...(JSON.parse(out) as Row), wall: (performance.now() - t0) / 1000 }) : reject(new Error(`${name} exited ${code}`))));
  });
}

/** The middle value (the lower middle of an even count). */
function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[(s.length - 1) >> 1]!;
}

const arg = process.argv[2];
if (arg && arg !== '--rounds') {
  console.log(JSON.stringify(await runItem(arg)));
} else {
  const rounds = arg === '--rounds' ? Number(process.argv[3]) : 1;
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds takes a whole number of rounds (1 or more), not ${process.argv[3]}`);
  console.log(`issue 16 goals: node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}${rounds > 1 ? `, ${rounds} rounds` : ''}`);
  // Per item, its row in each round; per round, the ceiling's two-at-once time.
  const rows = new Map<string, (Row & { wall: number })[]>();
  const pairs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const name of Object.keys(ITEMS)) (rows.get(name) ?? rows.set(name, []).get(name)!).push(await child(name));
    const pair = await Promise.all([child('ceiling'), child('ceiling')]);
    pairs.push(Math.max(pair[0]!.seconds, pair[1]!.seconds));
  }
  const f = (n: number, d = 1): string => n.toFixed(d);
  /** A figure over the rounds: the median, and its range when there were several. */
  const spread = (xs: readonly number[], d: number, unit = ''): string => `${f(median(xs), d)}${unit}${xs.length > 1 ? ` (${f(Math.min(...xs), d)}–${f(Math.max(...xs), d)})` : ''}`;
  const line = (what: string, name: string, goal: string, spin = ''): void => {
    const rs = rows.get(name)!;
    const r = rs[0]!;
    const secs = rs.map((x) => x.seconds);
    const peak = Math.max(...rs.map((x) => x.rssMiB));
    const perState = Math.max(...rs.map((x) => x.bytesPerState));
    console.log(
      `| ${what} | ${r.states.toLocaleString('en')} | ${spread(secs, 1, ' s')} | ${spread(rs.map((x) => x.wall), 1, ' s')} | ${Math.round(r.states / median(secs)).toLocaleString('en')} | ${f(peak, 0)} MiB (${Math.round(perState)} B/state) | ${goal} | ${spin} |`,
    );
  };
  console.log('| what | states | search | whole process | states/s (search) | peak RSS | goal | SPIN 6.5.2 (issue 16) |');
  console.log('|---|---|---|---|---|---|---|---|');
  line('duct-1.0 × pool, 3 children, sym + por, 2 workers', 'duct3-2w', '< 10 s, < 1 GiB', 'not reachable');
  line('the same, 1 worker', 'duct3-1w', '≈ bfs.ts');
  line('the same, bfs.ts', 'duct3-bfs', '');
  line('pidfd × pool, 4 children, sym + por, 2 workers', 'pidfd4-2w', '< 30 s');
  for (const s of PROCESS_SCENARIOS) line(`libuv-node × ${s.name}, 3 children, sym + por, 2 workers`, `libuv3-${s.name}`, '< 30 s');
  line('duct-1.0 × pool, 2 children, no reductions, bfs.ts', 'raw-bfs', '≥ 400,000 states/s, ≤ 150 B/state', 'out of 10 GB at ≥ 58.8 M states; pidfd 2 children: 436,000 states/s, ≈ 270 B/state');
  line('the same, 1 worker', 'raw-1w', '≈ bfs.ts');
  line('the same, 2 workers', 'raw-2w', '≥ 1.7× 1 worker');
  console.log('');
  // Ratios round by round (each round's items ran minutes apart, not hours), then their median.
  const x = (a: string, b: string): string => spread(rows.get(a)!.map((ra, i) => ra.seconds / rows.get(b)![i]!.seconds), 2);
  console.log(`2 workers over 1: ×${x('duct3-1w', 'duct3-2w')} (sym + por), ×${x('raw-1w', 'raw-2w')} (no reductions); 1 worker over bfs.ts: ×${x('duct3-bfs', 'duct3-1w')} (sym + por), ×${x('raw-bfs', 'raw-1w')} (no reductions); 2 workers over bfs.ts: ×${x('duct3-bfs', 'duct3-2w')} (sym + por), ×${x('raw-bfs', 'raw-2w')} (no reductions)`);
  const ones = rows.get('ceiling')!.map((r) => r.seconds);
  console.log(
    `the machine's 2-core ceiling: bfs.ts on the first 1.5 M states of duct-1.0 × pool 3 children (sym + por) took ${spread(ones, 2, ' s')} alone, ${spread(pairs, 2, ' s')} two at once: ×${spread(
      ones.map((o, i) => (2 * o) / pairs[i]!),
      2,
    )}`,
  );
}
