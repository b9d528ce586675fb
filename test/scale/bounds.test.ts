/**
 * Bounded searches (properties/bounds.ts): a bound ends a search cleanly, what it found stays
 * found, what it did not decide is `incomplete` — never `holds` — and the depth it claims to be
 * complete to is checked by the naive search of test/helpers/search.ts. The command line's side
 * (flags, exit code 4, the heap guard instead of a V8 abort, progress off a terminal) is at the end.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { catalogueCells } from '../helpers/catalogue-cells.ts';
import { violationWithin } from '../helpers/search.ts';
import { checkExhaustive } from '../../properties/exhaustive.ts';
import { checkRandom } from '../../properties/random.ts';
import { checkExhaustiveParallel, checkRandomParallel, closeSearchPools } from '../../properties/parallel/index.ts';
import { INVARIANT_NAMES } from '../../properties/invariants.ts';
import type { CellVerdict } from '../../properties/verdict.ts';
import { isIncomplete } from '../../properties/verdict.ts';
import { createInstance } from '../../model/instance.ts';
import { findStrategy } from '../../catalogue/index.ts';
import { POOL } from '../../model/scenario.ts';
import { DEFAULT_SCOPE, scaledScope } from '../../model/scope.ts';
import { makeProgress, QUIET_MS } from '../../cli/progress.ts';
import { reapcheck, SLOW } from '../cli/run-bin.ts';

afterAll(() => closeSearchPools());

const statuses = (v: CellVerdict) => INVARIANT_NAMES.map((n) => v.invariants[n].status);
const cells = catalogueCells();
/** A cell with a violation found late (so a bound can stop before it) and one where everything holds. */
const violatedLate = cells.find((c) => c.verdict.states > 500 && INVARIANT_NAMES.some((n) => c.verdict.invariants[n].status === 'violated'))!;
const holding = cells.find((c) => c.verdict.states > 500 && INVARIANT_NAMES.every((n) => c.verdict.invariants[n].status !== 'violated'))!;

describe('the exhaustive engine under --max-states', () => {
  it('stops at exactly N states, and at N = the full count it is the unbounded verdict', () => {
    const { inst, verdict } = holding;
    const full = checkExhaustive(inst, { limits: { maxStates: verdict.states } });
    expect(full.incomplete).toBeUndefined();
    expect({ ...full, seconds: 0 }).toEqual({ ...verdict, seconds: 0 });
    const cut = checkExhaustive(inst, { limits: { maxStates: verdict.states - 1 } });
    expect(cut.states).toBe(verdict.states - 1);
    expect(cut.incomplete?.bound).toBe('states');
    // Nothing undecided is shown as holding.
    for (const n of INVARIANT_NAMES) expect(cut.invariants[n].status).toBe(verdict.invariants[n].status === 'n/a' ? 'n/a' : 'incomplete');
  });

  it('keeps what it found (the same shortest counterexamples) and claims only the depth the naive search confirms', () => {
    const { inst, verdict } = violatedLate;
    for (const maxStates of [50, 200, Math.floor(verdict.states / 2)]) {
      const cut = checkExhaustive(inst, { limits: { maxStates } });
      expect(cut.incomplete).toBeDefined();
      const depth = cut.incomplete!.depth;
      for (const n of INVARIANT_NAMES) {
        const iv = cut.invariants[n];
        if (iv.status === 'violated') {
          const full = verdict.invariants[n];
          expect(full.status).toBe('violated');
          if (full.status === 'violated') expect(iv.counterexample.steps.map((s) => s.step)).toEqual(full.counterexample.steps.map((s) => s.step));
        } else if (iv.status === 'incomplete' && depth >= 0) {
          // "no violation in any schedule of up to `depth` steps": an independent search agrees.
          expect(violationWithin(inst, n, depth), `${n} within ${depth} steps`).toBeNull();
        }
      }
    }
  });

  it('with partial-order reduction it claims no depth (a reduced search postpones steps)', () => {
    const inst = createInstance(findStrategy('pidfd')!, POOL, scaledScope(DEFAULT_SCOPE, { children: 2 }));
    const cut = checkExhaustive(inst, { por: true, limits: { maxStates: 500 } });
    expect(cut.incomplete?.depth).toBe(-1);
    const plain = checkExhaustive(inst, { limits: { maxStates: 500 } });
    expect(plain.incomplete!.depth).toBeGreaterThan(0);
  });

  it('the parallel engine stops too, passing N by at most a state per worker', async () => {
    const inst = createInstance(findStrategy('pidfd')!, POOL, scaledScope(DEFAULT_SCOPE, { children: 2, pids: 4 }));
    const v = await checkExhaustiveParallel(inst, { workers: 2, limits: { maxStates: 20_000 } });
    expect(v.incomplete?.bound).toBe('states');
    expect(v.states).toBeGreaterThan(20_000);
    expect(v.states).toBeLessThanOrEqual(20_002);
    expect(statuses(v)).not.toContain('holds');
  }, SLOW);
});

describe('the time bound', () => {
  const past = { deadline: Date.now() - 1, seconds: 1 };

  it('a deadline already passed leaves every applicable invariant incomplete, on both engines, 1 and 2 workers', async () => {
    const { inst, verdict } = holding;
    const expected = INVARIANT_NAMES.map((n) => (verdict.invariants[n].status === 'n/a' ? 'n/a' : 'incomplete'));
    // Sequential exhaustive: the watch is read every 1024 expanded states, so a larger scope.
    const big = createInstance(findStrategy('pidfd')!, POOL, scaledScope(DEFAULT_SCOPE, { children: 2, pids: 4 }));
    const seq = checkExhaustive(big, { limits: past });
    expect(seq.incomplete?.bound).toBe('seconds');
    expect(statuses(seq)).not.toContain('holds');
    const par = await checkExhaustiveParallel(big, { workers: 2, limits: past });
    expect(par.incomplete?.bound).toBe('seconds');
    expect(statuses(par)).not.toContain('holds');
    expect(statuses(checkRandom(inst, { seed: 1, runs: 100, deadline: past.deadline }))).toEqual(expected);
    expect(statuses(await checkRandomParallel(inst, { seed: 1, runs: 100, deadline: past.deadline, workers: 2 }))).toEqual(expected);
  }, SLOW);

  it('a deadline far away changes nothing', () => {
    const { inst, verdict } = violatedLate;
    const v = checkExhaustive(inst, { limits: { deadline: Date.now() + 3_600_000, seconds: 3600 } });
    expect({ ...v, seconds: 0 }).toEqual({ ...verdict, seconds: 0 });
    expect(isIncomplete(v)).toBe(false);
  });
});

describe('progress off a terminal', () => {
  it('is silent for the first seconds of a search, then one plain line every few seconds; only a search\'s own lines; never when disabled', () => {
    const lines: string[] = [];
    const realNow = Date.now;
    let now = realNow();
    Date.now = () => now;
    try {
      const p = makeProgress(true, false, (s) => lines.push(s));
      const off = makeProgress(false, false, (s) => lines.push(`off: ${s}`));
      for (let t = 0; t <= 3 * QUIET_MS; t += 100) {
        now += 100;
        p(`a × b: ${t} states`, true);
        p(`cells done: ${t}`);
        off(`a × b: ${t} states`, true);
      }
      // A new search starts its own quiet time.
      now += 100;
      p('c × d: 1 states', true);
      p.done();
    } finally {
      Date.now = realNow;
    }
    expect(lines.length).toBe(3);
    for (const l of lines) expect(l).toMatch(/^reapcheck: a × b: \d+ states \(\d+ s\)\n$/);
  });
});

describe('the command line', () => {
  it('--max-states on a cell that holds: every applicable invariant incomplete, exit 4, in the text and the JSON', () => {
    const r = reapcheck(['check', 'pidfd', '--scenario', 'reuse', '--engine', 'exhaustive', '--max-states', '10']);
    expect(r.code).toBe(4);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/stopped at the --max-states bound \(10 states\)/);
    expect(r.stdout).toMatch(/^INCOMPLETE in reuse/m);
    expect(r.stdout).not.toMatch(/holds/);
    const j = reapcheck(['check', 'pidfd', '--scenario', 'reuse', '--engine', 'exhaustive', '--max-states', '10', '--json']);
    expect(j.code).toBe(4);
    const cell = JSON.parse(j.stdout).cells[0];
    expect(cell.states).toBe(10);
    expect(cell.incomplete).toEqual({ bound: 'states', limit: 10, depth: expect.any(Number) });
    expect(Object.values(cell.invariants)).not.toContain('holds');
  }, SLOW);

  it('a violation found before the bound still exits 1; matrix marks bounded cells incomplete', () => {
    const r = reapcheck(['matrix', '--no-real', '--engine', 'exhaustive', '--max-states', '40']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/incomplete/);
    expect(r.stdout).toMatch(/^incomplete = \d+ cells stopped at the --max-states bound \(40 states\)/m);
  }, SLOW);

  it('bad bounds are one line, exit 2', () => {
    for (const [flag, value] of [['--max-states', '0'], ['--max-seconds', 'soon'], ['--max-memory', '5'], ['--max-memory', 'lots']]) {
      const r = reapcheck(['check', 'pidfd', flag!, value!]);
      expect(r.code, `${flag} ${value}`).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(new RegExp(`^reapcheck: ${flag}`));
    }
  }, SLOW);

  it('a heap capped at 128 MiB ends the search at the heap guard (a line, a verdict), not a V8 abort, on 1 and 2 workers', () => {
    for (const workers of ['1', '2']) {
      // A search until the heap is full takes 15–40 s a run here (more states fit since the frontier is encoded): room for a loaded CI machine.
      const r = reapcheck(['check', 'duct-1.0', '--scenario', 'pool', '--children', '5', '--engine', 'exhaustive', '--workers', workers, '--json'], undefined, {
        NODE_OPTIONS: '--max-old-space-size=128',
      }, 200_000);
      expect(r.stderr, `${workers} workers`).not.toMatch(/FATAL|internal bug/);
      // duct-1.0 has violations within the first levels: exit 1, and the rest is incomplete.
      expect(r.code).toBe(1);
      const cell = JSON.parse(r.stdout).cells[0];
      expect(cell.incomplete.bound).toBe('memory');
      expect(cell.invariants['no-deadlock']).toBe('incomplete');
    }
  }, 420_000);

  it('--max-memory bounds the resident set: the search stops there', () => {
    const r = reapcheck(['check', 'duct-1.0', '--scenario', 'pool', '--children', '5', '--engine', 'exhaustive', '--workers', '1', '--max-memory', '300M', '--json'], undefined, {}, 200_000);
    expect(r.stderr).toBe('');
    const cell = JSON.parse(r.stdout).cells[0];
    expect(cell.incomplete).toEqual({ bound: 'memory', limit: 300 * 2 ** 20, depth: -1 });
  }, 240_000);
});
