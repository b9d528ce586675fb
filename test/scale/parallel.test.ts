/**
 * The parallel engines give the single-threaded results exactly: on every catalogue cell (each
 * reduction mode), 1 and 2 workers give checkExhaustive's verdicts, counterexamples (same
 * schedules, so same lengths), state and transition counts; on a sample of cells, checkRandom's
 * verdicts, provenance and schedule counts; and likewise on pidfd × pool with 2 children.
 */
import { afterAll, describe, it, expect } from 'vitest';
import { catalogueCells } from '../helpers/catalogue-cells.ts';
import { checkExhaustive } from '../../properties/exhaustive.ts';
import { checkRandom } from '../../properties/random.ts';
import { checkExhaustiveParallel, checkRandomParallel, closeSearchPools } from '../../properties/parallel/index.ts';
import { balanceMoves, mergeKeys, parallelSearch } from '../../properties/parallel/search.ts';
import { search, StateBudgetExceeded } from '../../properties/bfs.ts';
import type { CellVerdict } from '../../properties/verdict.ts';
import { createInstance } from '../../model/instance.ts';
import { findStrategy } from '../../catalogue/index.ts';
import { POOL } from '../../model/scenario.ts';
import { DEFAULT_SCOPE, scaledScope } from '../../model/scope.ts';

/** The whole verdict but its timing: counterexamples included, step by step. */
const comparable = (v: CellVerdict): unknown => JSON.parse(JSON.stringify({ ...v, seconds: 0 }));

afterAll(() => closeSearchPools());

const MODES = [
  { symmetry: false, por: false },
  { symmetry: true, por: false },
  { symmetry: false, por: true },
  { symmetry: true, por: true },
];

describe('parallel exhaustive search equals the sequential one', () => {
  for (const mode of MODES) {
    it(`every catalogue cell, symmetry ${mode.symmetry ? 'on' : 'off'}, por ${mode.por ? 'on' : 'off'}, 1 and 2 workers`, async () => {
      for (const { inst } of catalogueCells()) {
        const seq = comparable(checkExhaustive(inst, { ...mode, checkWellFormed: true }));
        for (const workers of [1, 2]) {
          const par = await checkExhaustiveParallel(inst, { ...mode, checkWellFormed: true, workers });
          expect(comparable(par), `${inst.strategy.name} × ${inst.scenario.name}, ${workers} workers`).toEqual(seq);
        }
      }
    }, 120_000);
  }

  it('a state budget is exceeded exactly when the sequential search exceeds it', async () => {
    const { inst, verdict } = catalogueCells().find((c) => c.verdict.states > 1000)!;
    for (const workers of [1, 2]) {
      await expect(checkExhaustiveParallel(inst, { workers, maxStates: verdict.states - 1 }), `${workers} workers`).rejects.toThrow(StateBudgetExceeded);
      expect((await checkExhaustiveParallel(inst, { workers, maxStates: verdict.states })).states).toBe(verdict.states);
    }
  });

  it('one worker runs bfs.ts\'s search in its thread: its result (memo figures too), its progress through the shared word, no level stats', async () => {
    const inst = createInstance(findStrategy('duct-1.0')!, POOL, scaledScope(DEFAULT_SCOPE, { children: 2 }));
    const limits = { maxStates: 120_000 };
    const seq = search(inst, { limits });
    const said: number[] = [];
    let levels = 0;
    const par = await parallelSearch(inst, { workers: 1, limits, onProgress: (n) => said.push(n), onLevel: () => levels++ });
    // The memo's hits and misses are bfs.ts's own: the level engine has none to give.
    expect({ ...par, bytes: 0 }).toEqual({ ...seq, bytes: 0 });
    expect(par.memo?.hits).toBeGreaterThan(0);
    expect(levels).toBe(0);
    // Progress comes every 20,000 states, read by the coordinator at its own pace: some of them, in order.
    expect(said.length).toBeGreaterThan(0);
    expect(said.every((n, i) => n % 20_000 === 0 && n <= 120_000 && (i === 0 || n > said[i - 1]!))).toBe(true);
  });

  it('workers steal inside a level (pidfd × pool, 2 children, 4 pids): states, transitions and every counterexample stay those of bfs.ts', async () => {
    const inst = createInstance(findStrategy('pidfd')!, POOL, scaledScope(DEFAULT_SCOPE, { children: 2, pids: 4 }));
    const seq = search(inst);
    expect(seq.found.size).toBeGreaterThan(0);
    for (const workers of [2, 3]) {
      let steals = 0;
      // The coordinator's wall time by phase (bench/parallel.ts prints it): none negative, together within the search's time, the table grown at least once.
      const wall = { expand: 0, grow: 0, resolve: 0, balance: 0, merge: 0 };
      let negative = 0;
      const t0 = performance.now();
      const par = await parallelSearch(inst, {
        workers,
        onLevel: (l) => {
          steals += l.steals;
          for (const [k, ms] of Object.entries(l.phases)) (wall[k as keyof typeof wall] += ms), (negative += ms < 0 ? 1 : 0);
        },
      });
      const ms = performance.now() - t0;
      expect(negative).toBe(0);
      expect(wall.expand).toBeGreaterThan(0);
      expect(wall.grow, 'the table grew (more than 65,536 states)').toBeGreaterThan(0);
      expect(Object.values(wall).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(ms);
      expect(steals, `${workers} workers stole`).toBeGreaterThan(0);
      expect([par.states, par.transitions, par.truncated]).toEqual([seq.states, seq.transitions, seq.truncated]);
      expect(JSON.stringify([...par.found])).toBe(JSON.stringify([...seq.found]));
    }
  }, 120_000);

  it('pidfd × pool with 2 children and 4 pids, no reduction (the shared table grows, shares are evened out), 2 and 3 workers', async () => {
    const inst = createInstance(findStrategy('pidfd')!, POOL, scaledScope(DEFAULT_SCOPE, { children: 2, pids: 4 }));
    const seq = comparable(checkExhaustive(inst));
    expect((seq as { states: number }).states).toBeGreaterThan(65536);
    for (const workers of [2, 3]) expect(comparable(await checkExhaustiveParallel(inst, { workers }))).toEqual(seq);
  }, 120_000);

  it('merges the shares\' keys into the level\'s order, whatever the number of workers', () => {
    // Distinct keys dealt to 1, 2 and 3 workers — at random, in blocks (a worker's keys all after
    // another's, so a share has a tail of its own), in reverse blocks, all to the last worker —
    // each share sorted: the merge is the sorted whole, and each key's rank is its place in it.
    let seed = 7;
    const rand = (n: number): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
    const deals: ((i: number, n: number, W: number) => number)[] = [
      (_i, _n, W) => rand(W),
      (i, n, W) => Math.floor((i * W) / n),
      (i, n, W) => W - 1 - Math.floor((i * W) / n),
      (_i, _n, W) => W - 1,
    ];
    for (const W of [1, 2, 3]) {
      for (const size of [0, 1, 2, 50, 1000]) {
        for (const deal of deals) {
          const sorted = [...new Set(Array.from({ length: size }, () => rand(1 << 20) * 65536 + rand(9)))].sort((a, b) => a - b);
          const parts = Array.from({ length: W }, (): number[] => []);
          sorted.forEach((k, i) => parts[deal(i, sorted.length, W)]!.push(k));
          const { merged, ranks } = mergeKeys(parts.map((p) => Float64Array.from(p)));
          expect(Array.from(merged)).toEqual(sorted);
          parts.forEach((p, w) => expect(Array.from(ranks[w]!)).toEqual(p.map((k) => sorted.indexOf(k))));
        }
      }
    }
  });

  it('evens out shares only when they differ clearly', () => {
    expect(balanceMoves([1000, 1010])).toEqual([]);
    expect(balanceMoves([5000, 1000])).toEqual([{ from: 0, to: 1, n: 2000 }]);
    expect(balanceMoves([1, 0, 0])).toEqual([]);
    const moves = balanceMoves([900, 0, 300]);
    expect(moves).toEqual([{ from: 0, to: 1, n: 400 }, { from: 0, to: 2, n: 100 }]);
    // By work: equal counts, but worker 0's states cost twice as much: it gives a sixth of its share.
    expect(balanceMoves([3000, 3000], [2, 1])).toEqual([{ from: 0, to: 1, n: 750 }]);
    expect(balanceMoves([3000, 3000], [1.02, 1])).toEqual([]);
  });

  it('pidfd × pool with 2 children (symmetry), 1 and 2 workers', async () => {
    const inst = createInstance(findStrategy('pidfd')!, POOL, scaledScope(DEFAULT_SCOPE, { children: 2 }));
    const seq = comparable(checkExhaustive(inst, { symmetry: true }));
    for (const workers of [1, 2]) expect(comparable(await checkExhaustiveParallel(inst, { symmetry: true, workers }))).toEqual(seq);
  }, 120_000);
});

describe('parallel random engine equals the sequential one', () => {
  it('a sample of catalogue cells, 1 and 2 workers', async () => {
    const cells = catalogueCells().filter((_, i) => i % 9 === 0);
    for (const { inst } of cells) {
      const opts = { seed: 42, runs: 300, attempts: 3 };
      const seq = comparable(checkRandom(inst, opts));
      for (const workers of [1, 2]) {
        expect(comparable(await checkRandomParallel(inst, { ...opts, workers })), `${inst.strategy.name} × ${inst.scenario.name}`).toEqual(seq);
      }
    }
  }, 120_000);

  it('the pct scheduler on 1 and 2 workers (the command line runs a large random search on one worker thread)', async () => {
    for (const { inst } of catalogueCells().filter((_, i) => i % 17 === 0)) {
      const opts = { seed: 5, runs: 200, attempts: 2, scheduler: 'pct' as const, pctDepth: 3 };
      const seq = comparable(checkRandom(inst, opts));
      for (const workers of [1, 2]) expect(comparable(await checkRandomParallel(inst, { ...opts, workers })), `${inst.strategy.name} × ${inst.scenario.name}`).toEqual(seq);
    }
  }, 120_000);

  it('pidfd × pool with 2 children, 2 workers', async () => {
    const inst = createInstance(findStrategy('pidfd')!, POOL, scaledScope(DEFAULT_SCOPE, { children: 2 }));
    const opts = { seed: 7, runs: 200, attempts: 2 };
    expect(comparable(await checkRandomParallel(inst, { ...opts, workers: 2 }))).toEqual(comparable(checkRandom(inst, opts)));
  }, 120_000);
});
