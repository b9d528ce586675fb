/**
 * The model's process records and thread states each have one V8 hidden class over a whole search
 * (model/world.ts `procOf`, `threadOf`). A spread copy (`{ ...p, state }`) gets a map of its own:
 * processes had five, every read of their fields was megamorphic, and `perf` put
 * `Builtins_LoadIC_Megamorphic` at about 6% of a reduced search (issue 16). And what a search
 * worker receives by structured clone is rebuilt with the model's maps and internalized strings
 * (properties/part-shapes.ts, interned.ts). Counted in a child
 * Node with `--allow-natives-syntax` (`%HaveSameMap`), which the test's own process does not have.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('hidden classes of the model', () => {
  it('one for every process record, one for every thread state, over 20,000 worlds of duct-1.0 × pool with 3 children; cloned ones rebuilt to them', () => {
    const r = spawnSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', 'test/fixtures/hidden-classes.ts'], { cwd: ROOT, encoding: 'utf8', timeout: 50_000 });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { worlds: number; procs: number; threads: number; seen: { procs: number; threads: number }; cloned: Record<string, number | boolean> };
    expect(out.worlds).toBeGreaterThanOrEqual(20_000);
    expect(out.seen.procs).toBeGreaterThan(30_000); // exits and reaps among them: the spreads were there
    expect({ procs: out.procs, threads: out.threads }).toEqual({ procs: 1, threads: 1 });
    // A clone's strings are not internalized (that is why the worker interns them), and after the rebuild they are.
    expect(out.cloned).toEqual({ rebuilt: expect.any(Number), shaped: true, ops: expect.any(Number), opsInternalized: true, rawCloneInternalized: false });
    expect(out.cloned.rebuilt).toBeGreaterThan(1000);
  });
});
