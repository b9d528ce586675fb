/**
 * The leak benchmark (issue 13): `npx tsx bench/leak.ts [replays]` (default 10,000) replays the
 * catalogue's counterexamples (without the deadlock traces, which hold 300 ms each) round robin in
 * one sandbox, one session, and counts what is held before and after: inside the sandbox its fds,
 * threads and processes (the leak job's own counts); outside, this process's fds and threads, the
 * machine's processes and the ones of ours, pid namespaces, temporary entries and the bundle cache;
 * and the sandbox's memory (VmRSS sampled from outside while it runs). Exits 1 when anything but
 * memory differs.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { checkExhaustive } from '../properties/exhaustive.ts';
import { createInstance, DEFAULT_SCOPE, MATRIX_SCENARIOS, scenarioApplies, scenarioScope } from '../model/index.ts';
import { CATALOGUE } from '../catalogue/index.ts';
import { runInSandbox } from '../real/jobs/run.ts';
import { BUNDLE_DIR } from '../real/sandbox/bundle.ts';
import type { LeakResult, ReplayItem } from '../real/jobs/jobs.ts';

const replays = Number(process.argv[2] ?? 10_000);

const items: ReplayItem[] = CATALOGUE.flatMap((strategy) =>
  MATRIX_SCENARIOS.filter((sc) => scenarioApplies(sc, strategy.roles)).flatMap((scenario) => {
    const scope = scenarioScope(DEFAULT_SCOPE, scenario);
    const v = checkExhaustive(createInstance(strategy, scenario, scope));
    return Object.entries(v.invariants).flatMap(([name, iv]) =>
      iv.status === 'violated' && name !== 'no-deadlock' ? [{ strategy, scenario, scope, steps: iv.counterexample.steps, invariant: name as ReplayItem['invariant'] }] : [],
    );
  }),
);

const pids = () => readdirSync('/proc').filter((p) => /^\d+$/.test(p)).map(Number);
const read = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};
function descendants(pid: number): number[] {
  const kids = readdirSync(`/proc/${pid}/task`).flatMap((t) => read(`/proc/${pid}/task/${t}/children`).split(' ').filter(Boolean).map(Number));
  return kids.flatMap((k) => {
    try {
      return [k, ...descendants(k)];
    } catch {
      return [k]; // ended meanwhile
    }
  });
}
function namespaces(): number {
  const seen = new Set<string>();
  for (const p of pids()) {
    try {
      seen.add(readlinkSync(`/proc/${p}/ns/pid`));
    } catch {
      /* ended meanwhile */
    }
  }
  return seen.size;
}
const kib = (pid: number, field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(read(`/proc/${pid}/status`))?.[1] ?? NaN);

interface Outside {
  processes: number;
  ours: number;
  fds: number;
  threads: number;
  pidNamespaces: number;
  tmpEntries: number;
  bundleCache: number;
  rssMiB: number;
}
function outside(): Outside {
  return {
    processes: pids().length,
    ours: descendants(process.pid).length,
    fds: readdirSync('/proc/self/fd').length,
    threads: readdirSync('/proc/self/task').length,
    pidNamespaces: namespaces(),
    tmpEntries: readdirSync(tmpdir()).length,
    bundleCache: readdirSync(BUNDLE_DIR).length,
    rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
  };
}

// Warm up once (bundle built, C helper compiled) so that the "before" counts see the caches as they stay.
await runInSandbox({ kind: 'probe' });
const before = outside();
const rss: number[] = []; // the sandbox's VmRSS in MiB, sampled every 500 ms
const sample = setInterval(() => {
  const sb = descendants(process.pid).find((p) => read(`/proc/${p}/cmdline`).includes('sandbox/entry.mjs') && !read(`/proc/${p}/cmdline`).startsWith('unshare'));
  if (sb) rss.push(Math.round(kib(sb, 'VmRSS') / 1024));
}, 500);
const t0 = performance.now();
const r = await runInSandbox<LeakResult>({ kind: 'leak', items, runs: replays }, { timeoutMs: 3_600_000 }).catch((e: Error) => {
  console.error(e.message); // one line, not a stack trace
  process.exit(1);
});
const seconds = (performance.now() - t0) / 1000;
clearInterval(sample);
await new Promise((res) => setTimeout(res, 500)); // the sandbox's unshare is reaped by now
const after = outside();

const row = (name: string, a: number | string, b: number | string) => console.log(`  ${name.padEnd(36)} ${String(a).padStart(8)} ${String(b).padStart(8)}${a === b ? '' : '   <- differs'}`);
console.log(`${r.runs} real replays of ${items.length} counterexamples in one sandbox: ${seconds.toFixed(1)} s, ${(r.runs / seconds).toFixed(0)} replays/s, ${r.reproduced} reproduced${r.broken ? `, session broken: ${r.broken}` : ''}`);
console.log(`  ${''.padEnd(36)} ${'before'.padStart(8)} ${'after'.padStart(8)}`);
row('sandbox: fds of its Node', r.before.fds, r.after.fds);
row('sandbox: threads of its Node', r.before.threads, r.after.threads);
row('sandbox: processes besides pid 1', r.before.processes, r.after.processes);
row('outside: fds of this process', before.fds, after.fds);
row('outside: threads of this process', before.threads, after.threads);
row('outside: processes of ours', before.ours, after.ours);
row('outside: processes on the machine', before.processes, after.processes);
row('outside: pid namespaces in use', before.pidNamespaces, after.pidNamespaces);
row(`outside: entries in ${tmpdir()}`, before.tmpEntries, after.tmpEntries);
row('outside: entries in the bundle cache', before.bundleCache, after.bundleCache);
row('outside: RSS of this process (MiB)', before.rssMiB, after.rssMiB);
console.log(`  sandbox VmRSS (MiB), sampled every 0.5 s: first ${rss[0]}, peak ${Math.max(...rss)}, last ${rss[rss.length - 1]} (${rss.length} samples)`);
const leaked =
  JSON.stringify(r.before) !== JSON.stringify(r.after) ||
  before.fds !== after.fds ||
  before.threads !== after.threads ||
  before.ours !== after.ours ||
  before.bundleCache !== after.bundleCache ||
  r.broken !== null ||
  r.reproduced !== r.runs;
console.log(leaked ? 'LEAK or failure: see the rows marked' : 'nothing of ours left behind (the machine-wide rows move with other work on the machine)');
process.exit(leaked ? 1 : 0);
