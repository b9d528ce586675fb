/**
 * Levels that move to disk (properties/spill-level.ts): rows read back are the rows written, in
 * chunks and across levels, the folder goes away, and a search whose levels all spill returns what
 * the in-memory search returns (states, transitions, every counterexample).
 */
import fs from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { SpillFolder, SpillLevel } from '../../properties/spill-level.ts';
import { search } from '../../properties/bfs.ts';
import { createInstance } from '../../model/instance.ts';
import { findStrategy } from '../../catalogue/index.ts';
import { POOL } from '../../model/scenario.ts';
import { DEFAULT_SCOPE, scaledScope } from '../../model/scope.ts';

const spillFolders = (): string[] => fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('reapcheck-spill-'));

describe('a level on disk', () => {
  it('gives back the rows written, chunk by chunk, level after level', () => {
    const before = spillFolders();
    const folder = new SpillFolder();
    const level = new SpillLevel(3, 0, folder, 'a', 16);
    for (const n of [1000, 7, 40, 0, 333]) {
      level.clear();
      for (let r = 0; r < n; r++) {
        const o = level.append();
        level.words.set([r, n, r * 7 + 1], o);
      }
      expect(level.count).toBe(n);
      for (let r = 0; r < n; r++) {
        const o = level.row(r);
        expect(Array.from(level.rowWords.subarray(o, o + 3))).toEqual([r, n, r * 7 + 1]);
      }
    }
    expect(level.spilled).toBe(true);
    expect(folder.written).toBeGreaterThan(1000 * 12);
    expect(spillFolders().length).toBe(before.length + 1);
    level.close();
    folder.close();
    expect(spillFolders()).toEqual(before);
  });

  it('stays in memory under its bound (no file, no folder)', () => {
    const before = spillFolders();
    const folder = new SpillFolder();
    const level = new SpillLevel(3, 1 << 20, folder, 'a');
    for (let r = 0; r < 5000; r++) level.words[level.append()] = r;
    expect(level.spilled).toBe(false);
    expect(level.words[level.row(4999)]).toBe(4999);
    folder.close();
    expect(folder.written).toBe(0);
    expect(spillFolders()).toEqual(before);
  });
});

describe('a search whose levels spill', () => {
  const inst = createInstance(findStrategy('pidfd')!, POOL, scaledScope(DEFAULT_SCOPE, { children: 2 }));
  for (const mode of [{}, { symmetry: true, por: true }]) {
    it(`equals the in-memory search: pidfd × pool, 2 children, ${JSON.stringify(mode)}`, () => {
      const before = spillFolders();
      const mem = search(inst, mode);
      const disk = search(inst, { ...mode, spillBytes: 0, spillChunkRows: 64 });
      expect(mem.spilled).toBeUndefined();
      expect(disk.spilled).toBeGreaterThan(0);
      expect([disk.states, disk.transitions, disk.truncated]).toEqual([mem.states, mem.transitions, mem.truncated]);
      expect(JSON.stringify([...disk.found])).toBe(JSON.stringify([...mem.found]));
      expect(spillFolders()).toEqual(before);
    });
  }
});
