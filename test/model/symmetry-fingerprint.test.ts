/**
 * The canonical fingerprint (model/symmetry-fingerprint.ts) against the canonical key it replaces
 * in the search (model/symmetry.ts `canonicalKey`, the least key over every children permutation):
 * over every world of the instances below, two worlds share a canonical fingerprint exactly when
 * they share a canonical key, and the memo of relative thread hashes and of the expanded world's
 * signatures (its note, as the search keeps it) never changes a fingerprint.
 * A fingerprint coarser than the key would merge worlds that are not symmetric (a verdict could
 * be wrong); a finer one would only cost states — the test wants neither.
 */
import { describe, it, expect } from 'vitest';
import { CATALOGUE, findStrategy } from '../../catalogue/index.ts';
import { findScenario, scenarioApplies } from '../../model/scenario.ts';
import { DEFAULT_SCOPE, scaledScope } from '../../model/scope.ts';
import type { Instance } from '../../model/instance.ts';
import { createInstance } from '../../model/instance.ts';
import type { World } from '../../model/world.ts';
import { worldKey } from '../../model/world.ts';
import { applyStep, enabledSteps, initialWorld } from '../../model/transitions.ts';
import { canonicalKey, symmetryOf } from '../../model/symmetry.ts';
import { canonicalFingerprint, noteWords, SymmetryMemo, symmetryMemoOf } from '../../model/symmetry-fingerprint.ts';
import { reg, CHILD } from '../../model/strategy/builder.ts';
import { tiny } from '../helpers/worlds.ts';
import { ALREADY_EXITED } from '../../model/values.ts';
import { WorldParts } from '../../properties/packed-frontier.ts';

/** Every world of `inst` (breadth-first on worldKey, at most `limit`), each with its canonical key and fingerprint compared. */
function compare(inst: Instance, limit = 40_000, onWorld?: (w: World) => void): { worlds: number; classes: number; mismatches: string[] } {
  const init = initialWorld(inst);
  const sym = symmetryOf(inst, init);
  const memo = new SymmetryMemo(sym);
  const fp = new Uint32Array(2);
  const viaMemo = new Uint32Array(2);
  const keyOfFp = new Map<string, string>();
  const fpOfKey = new Map<string, string>();
  const seen = new Set<string>();
  const mismatches: string[] = [];
  const notes = new Map<World, Int32Array>();
  const visit = (w: World): boolean => {
    const wk = worldKey(w);
    if (seen.has(wk)) return false;
    seen.add(wk);
    onWorld?.(w);
    const k = canonicalKey(sym, w);
    const note = new Int32Array(noteWords(sym));
    canonicalFingerprint(sym, w, fp, null, note);
    notes.set(w, note);
    const f = `${fp[0]}:${fp[1]}`;
    if ((keyOfFp.get(f) ?? k) !== k && mismatches.length < 5) mismatches.push(`two canonical keys, one fingerprint: ${k} / ${keyOfFp.get(f)}`);
    if ((fpOfKey.get(k) ?? f) !== f && mismatches.length < 5) mismatches.push(`one canonical key, two fingerprints: ${k}`);
    keyOfFp.set(f, k);
    fpOfKey.set(k, f);
    return true;
  };
  let level = [init];
  visit(init);
  // Worlds are expanded as the search expands them: decoded from a row of a level, their threads
  // the objects of the table of distinct threads, whose ids the memo hashes by (packed-frontier.ts).
  const rows = new WorldParts(init.threads.length);
  const kept = rows.newLevel();
  while (level.length > 0 && seen.size < limit) {
    const next: World[] = [];
    for (const w0 of level) {
      rows.push(kept, w0, null, 0);
      const r = kept.count - 1;
      const w = rows.decode(kept, r);
      symmetryMemoOf(w, memo, notes.get(w0)!, 0, kept.rowWords, kept.row(r) + rows.threadsAt);
      // Every successor through the memo first, one after another as the search does (each
      // patches what the one before changed), then each again without it.
      const afters = enabledSteps(inst, w).map((s) => applyStep(inst, w, s, true).after);
      const memoFps = afters.map((after) => (canonicalFingerprint(sym, after, viaMemo, memo), `${viaMemo[0]}:${viaMemo[1]}`));
      afters.forEach((after, i) => {
        canonicalFingerprint(sym, after, fp);
        if (memoFps[i] !== `${fp[0]}:${fp[1]}` && mismatches.length < 5) mismatches.push(`the memo changed the fingerprint of ${worldKey(after)}`);
        if (visit(after)) next.push(after);
      });
    }
    level = next;
  }
  return { worlds: seen.size, classes: fpOfKey.size, mismatches };
}

const TWO = scaledScope(DEFAULT_SCOPE, { children: 2 });

describe('canonical fingerprints', () => {
  it('merge exactly the worlds canonical keys merge: every strategy, two children, pool and reuse', () => {
    for (const s of CATALOGUE) {
      for (const name of ['pool', 'reuse', 'sibling-reuse', 'foreign-reaper']) {
        const sc = findScenario(name)!;
        if (!scenarioApplies(sc, s.roles)) continue;
        const r = compare(createInstance(s, sc, scaledScope(TWO, { killers: 1 })), 20_000);
        expect(r.mismatches, `${s.name} × ${name}`).toEqual([]);
      }
    }
  }, 120_000);

  it('do so with two killers a child (thread symmetry inside children) and three children', () => {
    const pidfd = findStrategy('pidfd')!;
    const pool = findScenario('pool')!;
    for (const inst of [
      createInstance(pidfd, pool, TWO),
      createInstance(findStrategy('duct-1.0')!, pool, TWO),
      createInstance(pidfd, pool, scaledScope(DEFAULT_SCOPE, { children: 3, killers: 1 })),
    ]) {
      const r = compare(inst);
      expect(r.mismatches, `${inst.strategy.name} ${inst.children} children`).toEqual([]);
      // Symmetric worlds exist here: the classes are fewer than the worlds.
      expect(r.classes).toBeLessThan(r.worlds);
    }
  }, 120_000);

  it('do so where children cannot be permuted (one child, fd churner): thread symmetry only', () => {
    const r1 = compare(createInstance(findStrategy('naive')!, findScenario('two-waiters')!, DEFAULT_SCOPE));
    expect(r1.mismatches).toEqual([]);
    expect(r1.classes).toBeLessThan(r1.worlds);
    const r2 = compare(createInstance(findStrategy('pidfd-close')!, findScenario('fd-reuse')!, scaledScope(DEFAULT_SCOPE, { children: 2, killers: 1 })));
    expect(r2.mismatches).toEqual([]);
  }, 120_000);

  it("do so when a thread holds another child's pid (the exact fallback path)", () => {
    // waitpid(-1) reaps any child: child 1's waiter can end up holding child 2's pid.
    const r = reg('r');
    const anyChild = tiny({
      wait: (p) => {
        p.waitpid(-1, 0, r);
        p.kill(CHILD, 9); // a step while r holds whichever child it reaped
        p.return(r.status);
      },
      kill: (p) => {
        p.kill(CHILD, 9, r);
        p.return(ALREADY_EXITED);
      },
    });
    const inst = createInstance(anyChild, findScenario('kill-to-exit')!, scaledScope(DEFAULT_SCOPE, { children: 2, killers: 1 }));
    let crossed = 0;
    const res = compare(inst, 40_000, (w) => {
      if (JSON.stringify(w.threads[0]!.regs).includes(String(inst.childPids[1]))) crossed++;
    });
    expect(res.mismatches).toEqual([]);
    expect(crossed).toBeGreaterThan(0);
    expect(res.classes).toBeLessThan(res.worlds);
  }, 60_000);
});
