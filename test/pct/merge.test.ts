/**
 * Merging shard documents (report/merge.ts): the shards of the catalogue matrix merge into the
 * unsharded matrix's JSON, whatever order their files come in; random-engine seed shares combine
 * into the run over all seeds; bad or overlapping documents give one-line errors naming the files.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE, findStrategy } from '../../catalogue/index.ts';
import { findScenario, SCENARIOS } from '../../model/scenario.ts';
import { DEFAULT_SCOPE } from '../../model/scope.ts';
import { InputError } from '../../model/errors.ts';
import type { CellJson } from '../../report/cell-json.ts';
import { cellJson, cellsDocument, runCell } from '../../cli/cells.ts';
import { DEFAULT_ENGINE } from '../../cli/engine.ts';
import { shardCells, shardUnits, WHOLE } from '../../properties/shard.ts';
import type { Shard } from '../../properties/shard.ts';
import { combineRandomCells, mergeCellDocuments } from '../../report/merge.ts';
import { parseDocumentText } from '../../report/cells-document.ts';

const EXHAUSTIVE = { ...DEFAULT_ENGINE, engine: 'exhaustive' as const };
let matrix: CellJson[] = [];
let unsharded = '';

beforeAll(() => {
  // Exactly what `reapcheck matrix --json` prints (3-5 s): the reference a merge must give back.
  const cells = CATALOGUE.flatMap((st) => SCENARIOS.map((sc) => runCell(st, sc, DEFAULT_SCOPE, EXHAUSTIVE)));
  matrix = cells.map(cellJson);
  unsharded = cellsDocument(cells);
}, 60_000);

/** Throw-catching helper: the InputError's message, asserted to be one line. */
function oneLineError(f: () => unknown): string {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(InputError);
  const msg = (err as Error).message;
  expect(msg).not.toContain('\n');
  return msg;
}

describe('merging the shards of the catalogue matrix', () => {
  it.each([1, 2, 3, 4, 5])('n = %i: the merge is the unsharded matrix JSON, in any file order', (n) => {
    const docs = Array.from({ length: n }, (_, i) => JSON.parse(JSON.stringify({ cells: shardCells(matrix, i + 1, n) })));
    const names = docs.map((_, i) => `shard-${i + 1}-of-${n}.json`);
    expect(`${JSON.stringify(mergeCellDocuments(docs, names))}\n`).toBe(unsharded);
    const rev = [...docs].reverse();
    expect(`${JSON.stringify(mergeCellDocuments(rev, [...names].reverse()))}\n`).toBe(unsharded);
  });
});

describe('merging random-engine seed shares', () => {
  const st = findStrategy('duct-1.0')!;
  const cellsOf = ['poll-race', 'foreign-reaper'].map((n) => findScenario(n)!);
  const random = { seed: 42, seeds: 4 };
  const runUnit = (u: { cell: (typeof cellsOf)[number]; seed?: number }) => cellJson(runCell(st, u.cell, DEFAULT_SCOPE, { ...DEFAULT_ENGINE, engine: 'random', seed: u.seed!, runs: 60 }));
  const noSeconds = (d: { cells: CellJson[] }) => d.cells.map((c) => ({ ...c, seconds: 0 }));

  it('shards of (cell, seed) units merge into the combination of every seed', () => {
    const whole = shardUnits(cellsOf, WHOLE, random).map((u) => ({ u, json: runUnit(u) }));
    const combined = cellsOf.map((sc) => combineRandomCells(whole.filter((x) => x.u.cell === sc).map((x) => ({ cell: x.json, origin: 'whole' }))));
    expect(combined.map((c) => [c.seeds, c.runs])).toEqual([[[42, 43, 44, 45], 240], [[42, 43, 44, 45], 240]]);
    for (const n of [2, 3, 4]) {
      // Each shard prints one cell per unit it ran (a shard may also combine its own units first).
      const docs = Array.from({ length: n }, (_, i) => {
        const shard: Shard = { index: i + 1, count: n };
        return { cells: shardUnits(cellsOf, shard, random).map((u) => whole.find((x) => x.u.cell === u.cell && x.u.seed === u.seed)!.json) };
      });
      const merged = mergeCellDocuments(docs, docs.map((_, i) => `r${i + 1}.json`));
      // The catalogue's scenario order: poll-race comes after foreign-reaper.
      expect(noSeconds(merged)).toEqual(noSeconds({ cells: [combined[1]!, combined[0]!] }));
    }
  });

  it('an invariant is violated if any seed violated it, holds if every seed held it', () => {
    const base = runUnit({ cell: cellsOf[0]!, seed: 1 });
    const holds = { ...base, invariants: { ...base.invariants, 'no-stale-poll': 'holds' as const } };
    const violated = { ...base, seed: 2, invariants: { ...base.invariants, 'no-stale-poll': 'violated' as const } };
    const c = combineRandomCells([{ cell: holds, origin: 'a' }, { cell: violated, origin: 'b' }]);
    expect(c.invariants['no-stale-poll']).toBe('violated');
    expect(c.runs).toBe(120);
    expect(combineRandomCells([{ cell: holds, origin: 'a' }, { cell: { ...holds, seed: 3 }, origin: 'b' }]).invariants['no-stale-poll']).toBe('holds');
  });
});

describe('bad and overlapping documents', () => {
  // A cell as cellJson prints it, written out: it.each tables are built before beforeAll runs.
  const invariants = { 'no-stray-signal': 'violated', 'no-wrong-reap': 'holds', 'status-correct': 'holds', 'no-wait-error': 'holds', 'no-stale-poll': 'n/a', 'no-deadlock': 'holds', 'no-zombie-left': 'holds', 'no-kill-error': 'holds' };
  const cell = () => ({ strategy: 'naive', scenario: 'reuse', method: 'exhaustive', states: 10, transitions: 12, seconds: 0.001, invariants: { ...invariants } });

  it.each([
    ['not an object', 5, /top level/],
    ['no cells', { rows: [] }, /top level/],
    ['a cell not an object', { cells: [3] }, /cells\[0\] must be an object/],
    ['bad method', { cells: [{ ...cell(), method: 'magic' }] }, /cells\[0\]\.method/],
    ['bad status', { cells: [{ ...cell(), invariants: { ...cell().invariants, 'no-stray-signal': 'maybe' } }] }, /no-stray-signal/],
    ['missing invariant', { cells: [{ ...cell(), invariants: {} }] }, /invariants\./],
    ['unknown invariant', { cells: [{ ...cell(), invariants: { ...cell().invariants, 'no-fun': 'holds' } }] }, /no-fun/],
    ['random without a seed', { cells: [{ ...cell(), method: 'random', runs: 5 }] }, /seed/],
    ['negative states', { cells: [{ ...cell(), states: -1 }] }, /states/],
  ])('%s: one line naming the file', (_, doc, what) => {
    const msg = oneLineError(() => mergeCellDocuments([{ cells: [] }, doc], ['good.json', 'bad.json']));
    expect(msg).toContain('bad.json');
    expect(msg).not.toContain('good.json');
    expect(msg).toMatch(what);
  });

  it('text that is not JSON: one line naming the file', () => {
    expect(oneLineError(() => parseDocumentText('{"cells": [', 'cut.json'))).toContain('cut.json');
  });

  it('the same exhaustive cell in two files: one line naming both', () => {
    const msg = oneLineError(() => mergeCellDocuments([{ cells: [cell()] }, { cells: [{ ...cell(), scenario: 'fd-reuse' }] }, { cells: [cell()] }], ['a.json', 'b.json', 'c.json']));
    expect(msg).toContain('naive × reuse');
    expect(msg).toContain('a.json');
    expect(msg).toContain('c.json');
    expect(msg).not.toContain('b.json');
  });

  it('random cells sharing a seed, or a random and an exhaustive copy, overlap', () => {
    const r = { ...cell(), method: 'random', seed: 7, runs: 10 };
    expect(oneLineError(() => mergeCellDocuments([{ cells: [r] }, { cells: [{ ...r, seeds: [6, 7], seed: 6 }] }], ['x.json', 'y.json']))).toMatch(/x\.json and y\.json with the same seed/);
    expect(oneLineError(() => mergeCellDocuments([{ cells: [r] }, { cells: [cell()] }], ['x.json', 'y.json']))).toMatch(/both x\.json and y\.json/);
    expect(oneLineError(() => mergeCellDocuments([{ cells: [cell(), cell()] }], ['x.json']))).toMatch(/twice in x\.json/);
  });
});
