/**
 * The encoded frontier (properties/packed-frontier.ts) and its part tables (part-table.ts): a world
 * decoded from its row is the world encoded, field by field, over every world of every catalogue
 * cell and of a two-children pool scope, whether it was pushed next to its parent or alone; and
 * two parts share an index only when they are the same data.
 */
import { describe, it, expect } from 'vitest';
import { CATALOGUE, findStrategy } from '../../catalogue/index.ts';
import { SCENARIOS, findScenario, scenarioApplies } from '../../model/scenario.ts';
import { DEFAULT_SCOPE, scaledScope } from '../../model/scope.ts';
import type { Instance } from '../../model/instance.ts';
import { createInstance } from '../../model/instance.ts';
import { worldKey } from '../../model/world.ts';
import { applyStep, enabledSteps, initialWorld } from '../../model/transitions.ts';
import { PartTable, sameData } from '../../properties/part-table.ts';
import { WorldParts } from '../../properties/packed-frontier.ts';

/** Breadth-first over `inst` (on keys), every successor pushed next to its parent and alone; counts decodes that differ. */
function roundTrip(inst: Instance, max = 20_000): { worlds: number; bad: number } {
  const init = initialWorld(inst);
  const parts = new WorldParts(init.threads.length);
  let level = parts.newLevel();
  parts.push(level, init, null, 0);
  const seen = new Set([worldKey(init)]);
  let worlds = 1;
  let bad = 0;
  const alone = parts.newLevel();
  while (level.count > 0 && worlds < max) {
    const next = parts.newLevel();
    for (let i = 0; i < level.count; i++) {
      const w = parts.decode(level, i);
      for (const step of enabledSteps(inst, w)) {
        const after = applyStep(inst, w, step, true).after;
        const k = worldKey(after);
        if (seen.has(k)) continue;
        seen.add(k);
        worlds++;
        parts.push(next, after, level.words, i * parts.stride);
        parts.push(alone, after, null, 0);
        if (!sameData(parts.decode(next, next.count - 1), after) || !sameData(parts.decode(alone, alone.count - 1), after)) bad++;
      }
    }
    level = next;
  }
  return { worlds, bad };
}

describe('the encoded frontier', () => {
  it('decodes every world of every catalogue cell to the world encoded', () => {
    let worlds = 0;
    for (const s of CATALOGUE) {
      for (const sc of SCENARIOS) {
        if (!scenarioApplies(sc, s.roles)) continue;
        const r = roundTrip(createInstance(s, sc, DEFAULT_SCOPE));
        expect(r.bad, `${s.name} × ${sc.name}`).toBe(0);
        worlds += r.worlds;
      }
    }
    expect(worlds).toBeGreaterThan(50_000);
  });

  it('does so with two children (pool)', () => {
    for (const name of ['pidfd', 'duct-1.0']) {
      const r = roundTrip(createInstance(findStrategy(name)!, findScenario('pool')!, scaledScope(DEFAULT_SCOPE, { children: 2 })));
      expect(r.bad, name).toBe(0);
      expect(r.worlds).toBeGreaterThan(10_000);
    }
  });
});

describe('part tables', () => {
  it('give one index to equal data and two to different data', () => {
    const t = new PartTable<unknown>();
    const a = t.id({ kind: 'call', ret: 3, err: null, pid: 3, status: { kind: 'exited', code: 0 } });
    expect(t.id({ kind: 'call', ret: 3, err: null, pid: 3, status: { kind: 'exited', code: 0 } })).toBe(a);
    expect(t.id({ kind: 'call', ret: 3, err: null, pid: 3, status: { kind: 'exited', code: 1 } })).not.toBe(a);
    expect(t.id([0])).not.toBe(t.id([-0]));
    expect(t.id([null])).not.toBe(t.id([false]));
    expect(t.id(['1'])).not.toBe(t.id([1]));
    expect(t.id({ pc: 1 })).not.toBe(t.id({ pc: 1, round: undefined }));
    expect(t.id([[1], 2])).not.toBe(t.id([1, [2]]));
  });

  it('compare data field by field', () => {
    expect(sameData({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(sameData({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameData({ a: 1, b: 2 }, { a: 1 })).toBe(false);
    expect(sameData([], {})).toBe(false);
    expect(sameData(0, -0)).toBe(false);
  });
});
