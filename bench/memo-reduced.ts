/**
 * The step memo with reductions (properties/memo-batch.ts `expandReduced`, `memo: true`) against
 * the interpreter (the default with reductions), on pool scopes: each search in a process of its
 * own, memo off and on alternating, `rounds` times; the medians, their ratio, and the memo's hit
 * rate. Both must find the same states and transitions (the line says so when they do not).
 * Rerun: `npx tsx bench/memo-reduced.ts [rounds=3]`
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findStrategy } from '../catalogue/index.ts';
import { findScenario } from '../model/scenario.ts';
import { DEFAULT_SCOPE, scaledScope } from '../model/scope.ts';
import { createInstance } from '../model/instance.ts';
import { search } from '../properties/bfs.ts';

/** strategy, children, mode (s: symmetry, p: POR), first states (0: all). */
const CASES: readonly [string, number, string, number][] = [
  ['pidfd', 3, 'sp', 0],
  ['pidfd', 4, 'sp', 0],
  ['duct-1.0', 2, 'sp', 0],
  ['duct-1.0', 2, 'p', 0],
  ['duct-1.0', 2, 's', 1_000_000],
  ['duct-1.0', 3, 'sp', 2_000_000],
];

const [a0, a1, a2, a3, a4] = process.argv.slice(2);
if (a0 === 'one') {
  // One search in this process: strategy, children, mode, maxStates, memo (0/1).
  const inst = createInstance(findStrategy(a1!)!, findScenario('pool')!, scaledScope(DEFAULT_SCOPE, { children: Number(a2) }));
  const t0 = performance.now();
  const r = search(inst, { symmetry: a3!.includes('s'), por: a3!.includes('p'), memo: a4 === '1', ...(Number(process.argv[7]) ? { limits: { maxStates: Number(process.argv[7]) } } : {}) });
  console.log(JSON.stringify({ s: (performance.now() - t0) / 1000, states: r.states, transitions: r.transitions, hits: r.memo?.hits ?? 0, misses: r.memo?.misses ?? 0 }));
} else {
  const rounds = Number(a0 ?? 3);
  const me = fileURLToPath(import.meta.url);
  const run = (c: (typeof CASES)[number], memo: boolean) => {
    const p = spawnSync(process.execPath, ['--import', 'tsx', me, 'one', c[0], String(c[1]), c[2], memo ? '1' : '0', String(c[3])], { encoding: 'utf8' });
    if (p.status !== 0) throw new Error(p.stderr);
    return JSON.parse(p.stdout) as { s: number; states: number; transitions: number; hits: number; misses: number };
  };
  const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[(xs.length - 1) >> 1]!;
  for (const c of CASES) {
    const off: number[] = [];
    const on: number[] = [];
    let last = { off: run(c, false), on: run(c, true) };
    off.push(last.off.s);
    on.push(last.on.s);
    for (let r = 1; r < rounds; r++) {
      last = { off: run(c, false), on: run(c, true) };
      off.push(last.off.s);
      on.push(last.on.s);
    }
    const same = last.off.states === last.on.states && last.off.transitions === last.on.transitions;
    const hit = last.on.hits / (last.on.hits + last.on.misses);
    console.log(
      `${c[0]} × pool, ${c[1]} children, ${c[2] === 'sp' ? 'symmetry + POR' : c[2] === 's' ? 'symmetry' : 'POR'}${c[3] ? `, first ${c[3]} states` : ''}: ${last.on.states} states; ` +
        `interpreter ${median(off).toFixed(2)} s, memo ${median(on).toFixed(2)} s (memo/interpreter ×${(median(on) / median(off)).toFixed(2)}, ${rounds} rounds); ${(100 * hit).toFixed(1)}% of look-ups answered${same ? '' : '; RESULTS DIFFER'}`,
    );
  }
}
