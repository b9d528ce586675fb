/**
 * The numeric fingerprint (model/world-fingerprint.ts) against the key it replaces in the search:
 * over every world the catalogue reaches, two worlds share a fingerprint exactly when they share a
 * `worldKey`, and the thread memo (hashes of the expanded world's threads reused for its
 * successors) never changes a fingerprint. Also the step copy (`stepCopy`): successors share what
 * the step did not change, and the world before a step is never changed.
 */
import { describe, it, expect } from 'vitest';
import { CATALOGUE, findStrategy } from '../../catalogue/index.ts';
import { SCENARIOS, findScenario, scenarioApplies } from '../../model/scenario.ts';
import { DEFAULT_SCOPE, scaledScope } from '../../model/scope.ts';
import type { Instance } from '../../model/instance.ts';
import { createInstance } from '../../model/instance.ts';
import type { World } from '../../model/world.ts';
import { worldKey } from '../../model/world.ts';
import { applyStep, enabledSteps, initialWorld } from '../../model/transitions.ts';
import { reg } from '../../model/strategy/builder.ts';
import { RUNNING } from '../../model/values.ts';
import { instance } from '../helpers/worlds.ts';
import { ThreadMemo, worldFingerprint } from '../../model/world-fingerprint.ts';

/** Every world of `inst` by breadth-first search on keys; counts worlds whose fingerprint disagrees with the key. */
function compare(inst: Instance): { worlds: number; mismatches: string[] } {
  const fp = new Uint32Array(2);
  const viaMemo = new Uint32Array(2);
  const memo = new ThreadMemo();
  const keyOfFp = new Map<string, string>();
  const fpOfKey = new Map<string, string>();
  const mismatches: string[] = [];
  const visit = (w: World): boolean => {
    const k = worldKey(w);
    worldFingerprint(w, fp);
    const f = `${fp[0]}:${fp[1]}`;
    if ((keyOfFp.get(f) ?? k) !== k) mismatches.push(`two keys, one fingerprint: ${k} / ${keyOfFp.get(f)}`);
    if ((fpOfKey.get(k) ?? f) !== f) mismatches.push(`one key, two fingerprints: ${k}`);
    keyOfFp.set(f, k);
    if (fpOfKey.has(k)) return false;
    fpOfKey.set(k, f);
    return true;
  };
  let level = [initialWorld(inst)];
  visit(level[0]!);
  while (level.length > 0) {
    const next: World[] = [];
    for (const w of level) {
      memo.of(w);
      for (const s of enabledSteps(inst, w)) {
        const after = applyStep(inst, w, s, true).after;
        worldFingerprint(after, viaMemo, memo);
        worldFingerprint(after, fp);
        if (viaMemo[0] !== fp[0] || viaMemo[1] !== fp[1]) mismatches.push(`the memo changed the fingerprint of ${worldKey(after)}`);
        if (visit(after)) next.push(after);
      }
    }
    level = next;
  }
  return { worlds: fpOfKey.size, mismatches };
}

describe('world fingerprints', () => {
  it('distinguish exactly the worlds worldKey distinguishes, over every catalogue cell', () => {
    let worlds = 0;
    for (const s of CATALOGUE) {
      for (const sc of SCENARIOS) {
        if (!scenarioApplies(sc, s.roles)) continue;
        const r = compare(createInstance(s, sc, DEFAULT_SCOPE));
        expect(r.mismatches).toEqual([]);
        worlds += r.worlds;
      }
    }
    expect(worlds).toBe(82_410); // the catalogue matrix's state count (bench/README.md)
  }, 60_000);

  it('do so with a killer that retries (rounds)', () => {
    const inst = createInstance(findStrategy('duct-1.0')!, findScenario('pool')!, scaledScope(DEFAULT_SCOPE, { killers: 1, retries: 1 }));
    expect(compare(inst).mismatches).toEqual([]);
  }, 60_000);

  it('do so for two children too (pool scenario, one killer each)', () => {
    const inst = createInstance(findStrategy('pidfd')!, findScenario('pool')!, scaledScope(DEFAULT_SCOPE, { children: 2, killers: 1 }));
    const r = compare(inst);
    expect(r.mismatches).toEqual([]);
    expect(r.worlds).toBeGreaterThan(1000);
  }, 60_000);
});

describe('step copies', () => {
  it('share what the step did not change: threads but the stepping one, shared memory on environment steps, unchanged tables', () => {
    const inst = createInstance(findStrategy('pidfd')!, findScenario('pool')!, scaledScope(DEFAULT_SCOPE, { children: 2, killers: 1 }));
    let w = initialWorld(inst);
    for (const k of [2, 0]) w = applyStep(inst, w, enabledSteps(inst, w)[k]!).after; // a step or two in, so that steps differ
    const before = JSON.stringify(w);
    for (const s of enabledSteps(inst, w)) {
      const after = applyStep(inst, w, s, true).after;
      if (s.kind === 'thread') {
        after.threads.forEach((t, i) => expect(t === w.threads[i]).toBe(i !== s.thread));
      } else {
        expect(after.threads).toBe(w.threads);
        expect(after.vars).toBe(w.vars);
      }
      // The process and fd tables are replaced when the step changes them, shared otherwise.
      expect(after.procs === w.procs).toBe(JSON.stringify(after.procs) === JSON.stringify(w.procs));
      expect(after.fds === w.fds).toBe(JSON.stringify(after.fds) === JSON.stringify(w.fds));
    }
    expect(JSON.stringify(w)).toBe(before);
  });

  it('copy shared memory and lock tables on the first write only, and never change the world they came from', () => {
    // duct-1.0 writes shared variables and takes mutexes; the rwlock strategy below takes both sides of one.
    const rw = instance({ shared: { rwlocks: ['rw'], vars: { x: false } }, wait: (p) => void p.rlock('rw').write('x', true).runlock('rw').return(RUNNING), kill: (p) => void p.lock('rw').read('x', reg('r')).unlock('rw').return(RUNNING) });
    const insts = [createInstance(findStrategy('duct-1.0')!, findScenario('pool')!, scaledScope(DEFAULT_SCOPE, { children: 2, killers: 1 })), rw];
    const seen = { vars: 0, owners: 0, readers: 0 };
    for (const inst of insts) {
      const queue: World[] = [initialWorld(inst)];
      const keys = new Set([worldKey(queue[0]!)]);
      for (let q = 0; q < queue.length && q < 3000; q++) {
        const w = queue[q]!;
        const before = JSON.stringify(w);
        for (const s of enabledSteps(inst, w)) {
          const after = applyStep(inst, w, s, true).after;
          for (const table of ['vars', 'owners', 'readers'] as const) {
            const same = JSON.stringify(after[table]) === JSON.stringify(w[table]);
            expect(after[table] === w[table]).toBe(same);
            if (!same) seen[table]++;
          }
          expect(JSON.stringify(w)).toBe(before);
          const k = worldKey(after);
          if (!keys.has(k)) keys.add(k), queue.push(after);
        }
      }
    }
    // Every table was written somewhere, so the copies on write were exercised.
    expect(Math.min(seen.vars, seen.owners, seen.readers)).toBeGreaterThan(0);
  });
});
