/**
 * Parts that cross between search workers are rebuilt in the model's shapes (properties/part-shapes.ts):
 * over every part of every catalogue cell and of two-children scopes, a part sent as a peer
 * sends it (structured clone) and rebuilt is the same data with the same properties in the same
 * order, at every depth, as the part the model made — the order is what gives V8 objects one hidden
 * class. And a worker that imports a peer's parts ends with parts shaped as its own.
 */
import { describe, expect, it } from 'vitest';
import { CATALOGUE, findStrategy } from '../../catalogue/index.ts';
import { SCENARIOS, findScenario, scenarioApplies } from '../../model/scenario.ts';
import { DEFAULT_SCOPE, scaledScope } from '../../model/scope.ts';
import type { Instance } from '../../model/instance.ts';
import { createInstance } from '../../model/instance.ts';
import { worldKey } from '../../model/world.ts';
import { applyStep, enabledSteps, initialWorld } from '../../model/transitions.ts';
import { sameData } from '../../properties/part-table.ts';
import { PART_WORDS, WorldParts } from '../../properties/packed-frontier.ts';
import { PART_SHAPES } from '../../properties/part-shapes.ts';

/** Every part table's parts after a breadth-first walk of `inst` (at most `max` worlds). */
function partsOf(inst: Instance, max = 5_000): WorldParts {
  const init = initialWorld(inst);
  const parts = new WorldParts(init.threads.length);
  let level = parts.newLevel();
  parts.push(level, init, null, 0);
  const seen = new Set([worldKey(init)]);
  while (level.count > 0 && seen.size < max) {
    const next = parts.newLevel();
    for (let i = 0; i < level.count; i++) {
      const w = parts.decode(level, i);
      for (const step of enabledSteps(inst, w)) {
        const after = applyStep(inst, w, step, true).after;
        const k = worldKey(after);
        if (seen.has(k)) continue;
        seen.add(k);
        parts.push(next, after, level.words, i * parts.stride);
      }
    }
    level = next;
  }
  return parts;
}

/** The layout of a value: its own keys in order at every depth (arrays by their items). */
function layout(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return typeof v;
  if (Array.isArray(v)) return v.map(layout);
  return Object.entries(v).map(([k, x]) => [k, layout(x)]);
}

/** Parts of every table (the threads' last), rebuilt from a clone; the number of parts and of mismatches. */
function check(parts: WorldParts): { parts: number; bad: string[] } {
  const bad: string[] = [];
  let n = 0;
  for (let k = 0; k <= PART_WORDS; k++) {
    for (const part of parts.partsOf(k)) {
      n++;
      const shaped = (PART_SHAPES[k] as (p: unknown) => unknown)(structuredClone(part));
      if (!sameData(shaped, part) || JSON.stringify(layout(shaped)) !== JSON.stringify(layout(part))) bad.push(`table ${k}: ${JSON.stringify(part)}`);
    }
  }
  return { parts: n, bad };
}

describe('parts from a peer', () => {
  it('are rebuilt as the model makes them: every part of every catalogue cell', () => {
    let parts = 0;
    for (const s of CATALOGUE) {
      for (const sc of SCENARIOS) {
        if (!scenarioApplies(sc, s.roles)) continue;
        const r = check(partsOf(createInstance(s, sc, DEFAULT_SCOPE)));
        expect(r.bad, `${s.name} × ${sc.name}`).toEqual([]);
        parts += r.parts;
      }
    }
    expect(parts).toBeGreaterThan(3_000); // 3,981 today
  });

  it('and of two-children scopes (pool, and a process-wide one); a worker importing them holds parts shaped as its own', () => {
    for (const [name, scenario] of [['pidfd', 'pool'], ['duct-1.0', 'pool'], ['libuv-node', 'stop-others-reaper-any']]) {
      const inst = createInstance(findStrategy(name!)!, findScenario(scenario!)!, scaledScope(DEFAULT_SCOPE, { children: 2 }));
      const mine = partsOf(inst);
      expect(check(mine).bad, name).toEqual([]);
      // A peer with nothing yet takes every part, sent as a port sends it.
      const peer = new WorldParts(inst.threads.length);
      const map: number[][] = [];
      peer.importParts(structuredClone(mine.partsSince([])), map);
      for (let k = 0; k <= PART_WORDS; k++) {
        const theirs = peer.partsOf(k);
        expect(theirs.length, `${name}, table ${k}`).toBe(mine.partsOf(k).length);
        theirs.forEach((p, i) => expect(JSON.stringify(layout(p))).toBe(JSON.stringify(layout(mine.partsOf(k)[map[k]!.indexOf(i)]))));
      }
    }
  });
});
