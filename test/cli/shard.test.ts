/**
 * Beyond one machine: `matrix --shard i/n` runs disjoint shares, `merge` combines their JSON into
 * the unsharded matrix (and a report from their traces); `--scheduler pct` on the command line.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reapcheck, SLOW } from './run-bin.ts';

const dir = mkdtempSync(join(tmpdir(), 'reapcheck-shard-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
type Doc = { cells: { strategy: string; scenario: string; invariants: Record<string, string> }[] };
const verdicts = (d: Doc) => d.cells.map((c) => `${c.strategy} × ${c.scenario}: ${JSON.stringify(c.invariants)}`);

describe('matrix --shard and merge', () => {
  it('two shards merged equal the unsharded matrix; the merged report links every trace', { timeout: SLOW }, () => {
    const files = [1, 2].map((i) => {
      const r = reapcheck(['matrix', '--shard', `${i}/2`, '--json', '--no-real', '--out', join(dir, `shard${i}`)]);
      const f = join(dir, `shard${i}.json`);
      writeFileSync(f, r.stdout);
      return f;
    });
    const parts = files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as Doc);
    expect(parts[0]!.cells.length + parts[1]!.cells.length).toBe(143);
    const merged = reapcheck(['merge', ...files, '--json', '--out', join(dir, 'merged')]);
    expect(merged.code).toBe(1);
    const whole = reapcheck(['matrix', '--json', '--no-real']);
    expect(verdicts(JSON.parse(merged.stdout))).toEqual(verdicts(JSON.parse(whole.stdout)));
    const index = readFileSync(join(dir, 'merged', 'index.md'), 'utf8');
    for (const [, link] of index.matchAll(/\]\(([^)]+)\)/g)) expect(existsSync(join(dir, 'merged', link!)), link).toBe(true);
    // The HTML site too, from the same report model: every counterexample page it links exists.
    const html = readFileSync(join(dir, 'merged', 'index.html'), 'utf8');
    const pages = [...html.matchAll(/href="([^"#]+\.html)"/g)].map((m) => m[1]!);
    expect(pages.length).toBeGreaterThan(50);
    for (const p of pages) expect(existsSync(join(dir, 'merged', p)), p).toBe(true);
  });

  it('overlapping shards and bad specs are one line, exit 2', { timeout: SLOW }, () => {
    const f = join(dir, 'shard1.json');
    const overlap = reapcheck(['merge', f, f]);
    expect(overlap.code).toBe(2);
    expect(overlap.stderr).toMatch(/^reapcheck: cell .* is twice in .*shard1\.json: the shards overlap/);
    const bad = reapcheck(['matrix', '--shard', '3/2']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^reapcheck: --shard "3\/2" is out of range/);
  });
});

describe('--scheduler pct', () => {
  it('finds the naive × reuse stray signal with PCT schedules', { timeout: SLOW }, () => {
    const r = reapcheck(['check', 'naive', '--scenario', 'reuse', '--engine', 'random', '--scheduler', 'pct', '--pct-depth', '2', '--runs', '300', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).cells[0].invariants['no-stray-signal']).toBe('violated');
  });

  it('needs the random engine: one line, exit 2', () => {
    const r = reapcheck(['check', 'naive', '--scheduler', 'pct']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/add --engine random/);
  });
});
