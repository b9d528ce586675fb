/**
 * Benchmark of `reapcheck run` on the examples (examples/run/): schedules per second, schedules to
 * the first failure over several seeds, the time an intercepted call costs, and plain repetition of
 * the same program for comparison (inside its own pid namespace: a plain run of a racy program
 * could otherwise signal a stranger's pid). Rerun: `npx tsx bench/run.ts`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';

const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const BIN = new URL('../bin/reapcheck.mjs', import.meta.url).pathname;
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

function run(args: string[]): { runs: number; seconds: number; first: { index: number } | null; tally: Record<string, number> } {
  const r = spawnSync(process.execPath, [BIN, 'run', '--json', '--out', os.tmpdir() + '/reapcheck-bench-runs', ...args], { encoding: 'utf8' });
  return JSON.parse(r.stdout);
}

/** Plain repetition in a private pid namespace: how many of `n` runs exit non-zero. */
function plain(command: string[], n: number): { failures: number; seconds: number } {
  const t0 = performance.now();
  const script = `n=0; i=0; while [ $i -lt ${n} ]; do "$@" >/dev/null 2>&1 || n=$((n+1)); i=$((i+1)); done; echo $n`;
  const user = process.getuid?.() === 0 ? [] : ['--user', '--map-root-user'];
  const out = execFileSync('unshare', [...user, '--pid', '--fork', '--mount-proc', '--kill-child', 'sh', '-c', script, 'sh', ...command], { encoding: 'utf8' });
  return { failures: Number(out.trim()), seconds: (performance.now() - t0) / 1000 };
}

console.log(`run benchmark: node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), python ${PYTHON}`);
const examples: [string, string[]][] = [
  ['popen-race.py', [PYTHON, 'examples/run/popen-race.py']],
  ['shared-child-echild.py', [PYTHON, 'examples/run/shared-child-echild.py']],
  ['node-stop-others.mjs', [process.execPath, 'examples/run/node-stop-others.mjs']],
  ['shared-child-fixed.py', [PYTHON, 'examples/run/shared-child-fixed.py']],
  ['pidfd.py', [PYTHON, 'examples/run/pidfd.py']],
  ['node-stop-others-fixed.mjs', [process.execPath, 'examples/run/node-stop-others-fixed.mjs']],
];
console.log('| program | schedules to first failure (10 seeds: min / median / max) | schedules/s (200 schedules, --all) | failing schedules of 200 | plain repetition: non-zero exits |');
console.log('|---|---|---|---|---|');
for (const [name, cmd] of examples) {
  const firsts = SEEDS.map((s) => run(['--schedules', '200', '--seed', String(s), '--', ...cmd]).first?.index).map((i) => (i === undefined ? Infinity : i + 1)).sort((a, b) => a - b);
  const all = run(['--schedules', '200', '--all', '--', ...cmd]);
  const failing = Object.values(all.tally).length === 0 ? 0 : Math.max(...Object.values(all.tally));
  const p = plain(cmd, 500);
  const f = (x: number) => (x === Infinity ? 'none in 200' : String(x));
  console.log(`| ${name} | ${f(firsts[0]!)} / ${f(firsts[5]!)} / ${f(firsts[9]!)} | ${(all.runs / all.seconds).toFixed(1)} | ${failing} | ${p.failures} of 500 (${(500 / p.seconds).toFixed(0)} runs/s) |`);
}

// The cost of one intercepted call: a program making 1,000 kill(self, 0) calls, under run and plain.
const calls = 1000;
const prog = [PYTHON, '-c', `import os\nfor _ in range(${calls}): os.kill(os.getpid(), 0)`];
const under = run(['--schedules', '3', '--all', '--', ...prog]);
const bare = plain(prog, 3);
console.log(`\nintercepted call: ${(((under.seconds - bare.seconds) / 3 / calls) * 1000).toFixed(2)} ms each (a program making ${calls} kill(self, 0): ${(under.seconds / 3).toFixed(2)} s a run under reapcheck run, ${(bare.seconds / 3).toFixed(2)} s plain)`);
