/**
 * The bad-input sweep: catalogue strategies and a counterexample trace, mutated systematically
 * (test/helpers/mutate.ts: every value deleted, duplicated, or replaced by a value of another
 * kind), and every flag given every kind of bad value — each run through the command line's own
 * `run` (in-process: the sweep is ~1,000 runs). Whatever a mutation does, the outcome is a verdict
 * (the mutation was still a valid input: 0, 1, 3 or 4 with nothing on stderr) or exactly one line
 * `reapcheck: …` with exit 2. Never 70 (a crash of ours on input we did not validate), never a
 * stack trace, never a second line. The counts are printed: docs/hardening.md quotes them.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../cli/main.ts';
import { findStrategy } from '../../catalogue/index.ts';
import type { Json } from '../helpers/mutate.ts';
import { mutations, sample } from '../helpers/mutate.ts';
import { ROOT } from './run-bin.ts';

const dir = mkdtempSync(join(tmpdir(), 'reapcheck-sweep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bounds keep each run short: a mutation may well grow the state space. */
const BOUND = ['--engine', 'exhaustive', '--max-states', '3000', '--max-seconds', '5', '--out', join(dir, 'out')];
const tally = new Map<string, Map<string, number>>();

/** Run `argv`; check the outcome is a verdict or one line with exit 2; count it under `klass`. */
async function judge(klass: string, argv: string[], what: string): Promise<void> {
  const r = await run(argv, ROOT);
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  const outcome = r.code === 2 ? 'one line, exit 2' : `verdict, exit ${r.code}`;
  const counts = tally.get(klass) ?? new Map<string, number>();
  counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  tally.set(klass, counts);
  expect(r.code, `${what}: ${r.stderr}`).not.toBe(70);
  expect(r.stderr, what).not.toMatch(/^\s+at /m);
  if (process.env.REAPCHECK_SWEEP_VERBOSE && r.code !== 2) console.log(`${klass}: exit ${r.code}: ${what}`);
  if (r.code === 2) {
    expect(lines, what).toHaveLength(1);
    expect(lines[0], what).toMatch(/^reapcheck: /);
    expect(r.stdout, what).toBe('');
  } else {
    expect([0, 1, 3, 4], `${what}: exit ${r.code} ${r.stderr}`).toContain(r.code);
    expect(lines, what).toEqual([]);
  }
}

describe('mutated strategies (check, model only)', () => {
  const CASES: [string, string][] = [
    ['pidfd', 'reuse'],
    ['duct-1.0', 'foreign-reaper'],
    ['libuv-node', 'stop-others'],
  ];
  for (const [name, scenario] of CASES) {
    it(`${name}: 150 mutations, each a verdict or one line with exit 2`, { timeout: 300_000 }, async () => {
      const doc = JSON.parse(JSON.stringify(findStrategy(name)!)) as Json;
      const all = mutations(doc);
      for (const [i, m] of sample(all, 150).entries()) {
        const file = join(dir, `${name}-${i}.json`);
        writeFileSync(file, JSON.stringify(m.doc));
        await judge('strategy files (JSON)', ['check', file, '--scenario', scenario, ...BOUND], `${name} ${m.path} ${m.kind}`);
        rmSync(file);
      }
    });
  }
});

describe('mutated traces (replay and show, model only)', () => {
  it('a counterexample trace: 200 mutations through replay and show', { timeout: 300_000 }, async () => {
    const out = join(dir, 'traces');
    const made = await run(['check', 'duct-1.0', '--scenario', 'foreign-reaper', '--out', out], ROOT);
    expect(made.code).toBe(1);
    const file = readdirSync(out).find((f) => f.endsWith('no-wait-error.json'))!;
    const doc = JSON.parse(readFileSync(join(out, file), 'utf8')) as Json;
    for (const [i, m] of sample(mutations(doc), 200).entries()) {
      const path = join(dir, `trace-${i}.json`);
      writeFileSync(path, JSON.stringify(m.doc));
      await judge('trace files', ['replay', path], `replay ${m.path} ${m.kind}`);
      await judge('trace files', ['show', path], `show ${m.path} ${m.kind}`);
      rmSync(path);
    }
  });
});

describe('flags given bad values', () => {
  const VALUES = ['', '-1', '0', 'x', '1e3', '0x10', '99999999999999999999', '--json', ' 3', '3 ', 'ℵ', '../../etc/passwd', 'a'.repeat(5000)];
  const FLAGS: [string, string[]][] = [
    ['check', ['--scenario', '--engine', '--seed', '--runs', '--scheduler', '--pct-depth', '--workers', '--children', '--killers', '--retries', '--pids', '--scope', '--max-states', '--max-seconds', '--max-memory']],
    ['matrix', ['--shard', '--seeds', '--scope', '--engine']],
    ['conform', ['--runs', '--seed']],
    ['run', ['--schedules', '--seed', '--scheduler', '--repeat']],
  ];
  for (const [command, flags] of FLAGS) {
    it(`${command}: ${flags.length} flags × ${VALUES.length} values`, { timeout: 300_000 }, async () => {
      for (const flag of flags) {
        for (const v of VALUES) {
          // Values that are valid for some flags (0 seeds, -1 seeds) run a real check: keep it small.
          const target = command === 'check' ? ['pidfd', '--scenario', 'reuse'] : command === 'run' ? [] : [];
          const tail = command === 'run' ? ['--', 'true'] : [];
          // conform, run and matrix would start real replays or a whole matrix on a value they
          // accept (a seed of -1): those commands get only values no flag of theirs accepts.
          if (command !== 'check' && /^\s*-?\d+\s*$/.test(v)) continue;
          const out = command === 'check' ? ['--out', join(dir, 'out')] : [];
          await judge('flag values', [command, ...target, flag, v, ...out, ...(command === 'matrix' ? ['--no-real'] : []), ...tail], `${command} ${flag} ${JSON.stringify(v.slice(0, 20))}`);
        }
      }
    });
  }
});

describe('the tally', () => {
  it('prints what was tried (docs/hardening.md quotes it)', () => {
    const rows = [...tally].map(([klass, counts]) => `${klass}: ${[...counts].map(([o, n]) => `${n} ${o}`).join(', ')}`);
    console.log(`bad-input sweep:\n  ${rows.join('\n  ')}`);
    expect(tally.size).toBe(3);
  });
});
