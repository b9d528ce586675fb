/**
 * The house rules, checked on the code as it is: arrows point one way (model ← properties ← real ←
 * cli; inside real/, os ← sandbox ← workers ← processes ← replay ← jobs), and no file reaches
 * itself through its imports. docs/architecture.md says the same in words.
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { importCircles, readImportGraph, ruleBreaks, type ImportGraph } from './import-graph.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('the import graph of the tree', () => {
  const graph = readImportGraph(root);

  it('is read from the code (the rooms are there and their arrows are seen)', () => {
    expect(graph.size).toBeGreaterThan(150);
    // One arrow known to exist in each direction the rules talk about, so an empty reading cannot pass.
    expect(graph.get('properties/bfs.ts')).toContain('model/transitions.ts');
    expect(graph.get('real/replay/replay.ts')).toContain('real/sandbox/guard.ts');
  });

  it('has no arrow that runs back up (model never imports properties, real or cli; real/ rooms only downwards)', () => {
    expect(ruleBreaks(graph)).toEqual([]);
  });

  it('has no import circle', () => {
    expect(importCircles(graph)).toEqual([]);
  });
});

describe('the house check itself', () => {
  const g = (edges: Record<string, string[]>): ImportGraph => new Map(Object.entries(edges));

  it('finds an arrow from model/ into properties/ and one from a low room of real/ into a higher one', () => {
    const breaks = ruleBreaks(
      g({
        'model/a.ts': ['properties/b.ts'],
        'properties/b.ts': [],
        'real/sandbox/c.ts': ['real/replay/d.ts'],
        'real/replay/d.ts': ['real/os/e.ts'],
        'real/os/e.ts': [],
        'real/stray.ts': [],
      }),
    );
    expect(breaks).toEqual([
      'model/a.ts → properties/b.ts: model/ may not import properties/',
      'real/sandbox/c.ts → real/replay/d.ts: real/sandbox may not import real/replay (a room above it)',
    ]);
  });

  it('finds a circle of two files and one of three, and not a diamond', () => {
    const circles = importCircles(
      g({
        'real/jobs/a.ts': ['real/jobs/b.ts'],
        'real/jobs/b.ts': ['real/jobs/a.ts'],
        'cli/x.ts': ['cli/y.ts', 'cli/z.ts'],
        'cli/y.ts': ['cli/w.ts'],
        'cli/z.ts': ['cli/w.ts'],
        'cli/w.ts': [],
        'model/p.ts': ['model/q.ts'],
        'model/q.ts': ['model/r.ts'],
        'model/r.ts': ['model/p.ts'],
      }),
    );
    expect(circles.sort()).toEqual([['model/p.ts', 'model/q.ts', 'model/r.ts'], ['real/jobs/a.ts', 'real/jobs/b.ts']]);
  });
});
