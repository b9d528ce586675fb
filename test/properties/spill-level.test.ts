/**
 * Levels that move to disk (properties/spill-level.ts): rows read back are the rows written, in
 * chunks and across levels, in order and out of it, with rows cut off the tail and appended again;
 * the folder goes away; and a search whose levels all spill — the sequential one, and the parallel
 * one on 1 to 3 workers, whose shares are sorted, compacted and handed over on disk — returns what
 * the in-memory search returns (states, transitions, every counterexample).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { removedAtExit, SpillFolder, SpillLevel, spillFolderName, SpillWord } from '../../properties/spill-level.ts';
import { search } from '../../properties/bfs.ts';
import { parallelSearch } from '../../properties/parallel/search.ts';
import { closeSearchPools } from '../../properties/parallel/pool.ts';
import { createInstance } from '../../model/instance.ts';
import { findStrategy } from '../../catalogue/index.ts';
import { POOL } from '../../model/scenario.ts';
import { DEFAULT_SCOPE, scaledScope } from '../../model/scope.ts';
import { exhaustiveVerdict } from '../../properties/exhaustive.ts';
import { formatCheckReport } from '../../cli/format/check-report.ts';
import { cellJson } from '../../cli/cells.ts';
import { readCellsDocument } from '../../report/cells-document.ts';
import { InputError } from '../../model/errors.ts';

/** The temporary folder as the file loaded: one test points TMPDIR elsewhere for a while. */
const SYSTEM_TMP = os.tmpdir();
/**
 * This file's own TMPDIR: another test file runs at the same time (vitest maxWorkers 2), and a
 * search of its that spills (bounds.test.ts's --max-memory) makes reapcheck-spill- folders too.
 * Counted in a folder of its own, the folders are this file's alone.
 */
const OWN_TMP = fs.mkdtempSync(path.join(SYSTEM_TMP, 'reapcheck-spilltest-'));
process.env.TMPDIR = OWN_TMP;
afterAll(() => {
  process.env.TMPDIR = SYSTEM_TMP;
  fs.rmSync(OWN_TMP, { recursive: true, force: true });
});
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

  it('reads rows out of order, hands over its tail and takes rows after it, as an array would', () => {
    const folder = new SpillFolder();
    const level = new SpillLevel(2, 0, folder, 'a', 32);
    const model: number[][] = [];
    const add = (x: number): void => {
      const o = level.append();
      level.words.set([x, 3 * x + 1], o);
      model.push([x, 3 * x + 1]);
    };
    for (let r = 0; r < 500; r++) add(r);
    // Two runs read in turns (a share sorted by key), then from the end backwards.
    const order = [...Array(250).keys()].flatMap((r) => [r, 250 + r]).concat([...Array(500).keys()].reverse());
    for (const i of order) {
      const o = level.row(i);
      expect(Array.from(level.rowWords.subarray(o, o + 2))).toEqual(model[i]);
    }
    // Tails cut on disk and in memory, with rows appended in between.
    for (const [at, more] of [[480, 30], [100, 7], [99, 200], [290, 0], [0, 41]] as const) {
      expect(Array.from(level.rowsFrom(at))).toEqual(model.slice(at).flat());
      level.truncate(at);
      model.length = at;
      for (let r = 0; r < more; r++) add(1000 * at + r);
      expect(level.count).toBe(model.length);
      for (let i = 0; i < model.length; i++) {
        const o = level.row(i);
        expect(Array.from(level.rowWords.subarray(o, o + 2))).toEqual(model[i]);
      }
    }
    level.close();
    folder.close();
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

afterAll(() => closeSearchPools());

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

  it('equals the in-memory search on 1, 2 and 3 workers whose levels all spill: pidfd × pool, 2 children, 4 pids (steals, hand-overs)', async () => {
    const big = createInstance(findStrategy('pidfd')!, POOL, scaledScope(DEFAULT_SCOPE, { children: 2, pids: 4 }));
    const before = spillFolders();
    const mem = search(big, { symmetry: true });
    for (const workers of [1, 2, 3]) {
      let steals = 0;
      let moved = 0;
      const onLevel = (l: { steals: number; moved: number }): void => void ((steals += l.steals), (moved += l.moved));
      const disk = await parallelSearch(big, { workers, symmetry: true, spillBytes: 0, spillChunkRows: 64, onLevel });
      expect(disk.spilled, `${workers} workers`).toBeGreaterThan(0);
      if (workers > 1) expect(steals + moved, `${workers} workers moved states`).toBeGreaterThan(0);
      expect([disk.states, disk.transitions, disk.truncated]).toEqual([mem.states, mem.transitions, mem.truncated]);
      expect(JSON.stringify([...disk.found])).toBe(JSON.stringify([...mem.found]));
      expect(spillFolders()).toEqual(before);
    }
    const inMemory = await parallelSearch(big, { workers: 2, symmetry: true });
    expect(inMemory.spilled).toBeUndefined();
  }, 120_000);

  it('is named in the check report and the JSON, with the bytes written, only when a level went to disk', () => {
    const scope = scaledScope(DEFAULT_SCOPE, { children: 2 });
    const line = (spillBytes?: number): string => {
      const r = search(inst, { symmetry: true, ...(spillBytes === undefined ? {} : { spillBytes, spillChunkRows: 64 }) });
      const verdict = exhaustiveVerdict(inst, r, r.found, performance.now());
      return formatCheckReport([{ verdict, applies: true, traces: {} }], scope).split('\n')[0]!;
    };
    expect(line()).not.toContain('disk');
    // And in the JSON of check --json and matrix --json, which merge reads back.
    const r = search(inst, { symmetry: true, spillBytes: 0, spillChunkRows: 64 });
    const json = cellJson({ verdict: exhaustiveVerdict(inst, r, r.found, performance.now()), applies: true, traces: {} });
    expect(json.spilled).toBe(r.spilled);
    expect(readCellsDocument(JSON.parse(JSON.stringify({ cells: [json] })), 'a.json')[0]!.spilled).toBe(r.spilled);
    expect(() => readCellsDocument({ cells: [{ ...json, spilled: -1 }] }, 'a.json')).toThrow(/a\.json.*spilled must be a whole number/);
    expect(line(0)).toMatch(/^pidfd × pool: exhaustive search, \d+ states, \d+ transitions, [\d.]+ s; levels written to disk: \d+\.\d MiB$/);
  });
});

describe('a level that cannot go to disk', () => {
  const inst = createInstance(findStrategy('pidfd')!, POOL, scaledScope(DEFAULT_SCOPE, { children: 2 }));
  /** Run `f` with TMPDIR naming a folder under a regular file: no folder can be made there (ENOTDIR, even as root). */
  const underAFile = async (f: () => Promise<void> | void): Promise<void> => {
    const file = path.join(os.tmpdir(), `reapcheck-not-a-folder-${process.pid}`);
    fs.writeFileSync(file, '');
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = path.join(file, 'tmp');
    try {
      await f();
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
      fs.rmSync(file);
    }
  };

  it('a full disk ends the search with one line saying what to do (not an internal bug)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reapcheck-spill-test-'));
    try {
      // The level's file is /dev/full: every write fails with ENOSPC.
      fs.symlinkSync('/dev/full', path.join(dir, 'a'));
      const level = new SpillLevel(3, 0, new SpillFolder(dir), 'a', 16);
      const fill = (): void => {
        for (let r = 0; r < 100; r++) level.append();
      };
      expect(fill).toThrow(InputError);
      expect(fill).toThrow(/^a level of the search that outgrew its share of the memory bound could not be kept on disk in \S+ \(ENOSPC: no space left on device\): free space there, point TMPDIR at a folder with room, or raise --max-memory/);
      level.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a folder that cannot be made ends the sequential search and the parallel one (from inside a worker) with that line', async () => {
    await underAFile(async () => {
      expect(() => search(inst, { spillBytes: 0 })).toThrow(/could not be kept on disk in .*reapcheck-not-a-folder-\d+\/tmp \(ENOTDIR: not a directory\)/);
      const parallel = parallelSearch(inst, { workers: 2, spillBytes: 0 });
      await expect(parallel).rejects.toThrow(InputError);
      await expect(parallel).rejects.toThrow(/could not be kept on disk in .*reapcheck-not-a-folder-\d+\/tmp\/reapcheck-spill-[0-9a-f-]+ \(ENOTDIR: not a directory\)/);
    });
  }, 60_000); // starting two workers under a loaded CI run took more than the default 5 s
});

describe('levels on disk when the run is interrupted', () => {
  /** The 'exit' listener `removedAtExit` added, alone, as process.exit would run it (emitting 'exit' would run vitest's too). */
  const exitListener = (add: () => () => void): { run: () => void; forget: () => void } => {
    const before = process.listeners('exit');
    const forget = add();
    const added = process.listeners('exit').filter((l) => !before.includes(l));
    expect(added).toHaveLength(1);
    return { run: () => added[0]!(130), forget };
  };

  it('a worker makes no file once its coordinator began to exit', () => {
    // The order a Ctrl-C met about once in ten runs: the coordinator's 'exit' listener removed the
    // folder, then a worker, still running until the process ends it, made its first file there.
    const dir = spillFolderName();
    const word = new SharedArrayBuffer(4);
    const spill = (worker: number): void => {
      const level = new SpillLevel(3, 0, new SpillFolder(dir, word), `w${worker}-a`, 16);
      try {
        for (let r = 0; r < 40; r++) level.append();
      } finally {
        level.close();
      }
    };
    const exit = exitListener(() => removedAtExit(dir, word));
    try {
      spill(0);
      expect(fs.readdirSync(dir)).toEqual(['w0-a']);
      exit.run();
      expect(fs.existsSync(dir)).toBe(false);
      expect(() => spill(1)).toThrow(/its process is exiting/);
      expect(fs.existsSync(dir)).toBe(false);
    } finally {
      exit.forget();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the exit listener waits for a worker making a file, then removes the folder with it', async () => {
    const dir = spillFolderName();
    const word = new SharedArrayBuffer(4);
    // A worker thread that holds the word while it makes the folder and a file, slowly: 150 ms,
    // long enough that the listener runs meanwhile, well under the listener's 2 s wait.
    const worker = new Worker(
      `const { workerData: d, parentPort } = require('node:worker_threads');
       const fs = require('node:fs');
       const w = new Int32Array(d.word);
       if (Atomics.compareExchange(w, 0, d.free, d.making) !== d.free) throw new Error('the word was not free');
       parentPort.postMessage('holding');
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 150);
       fs.mkdirSync(d.dir, { recursive: true });
       fs.writeFileSync(d.dir + '/w1-a', 'rows');
       Atomics.compareExchange(w, 0, d.making, d.free);
       Atomics.notify(w, 0);`,
      { eval: true, workerData: { word, dir, free: SpillWord.Free, making: SpillWord.Making } },
    );
    const exit = exitListener(() => removedAtExit(dir, word));
    try {
      const [said] = (await once(worker, 'message')) as [string];
      expect(said).toBe('holding');
      exit.run();
      await once(worker, 'exit');
      expect(fs.existsSync(dir)).toBe(false);
      expect(Atomics.load(new Int32Array(word), 0)).toBe(SpillWord.Closed);
    } finally {
      exit.forget();
      await worker.terminate();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('are removed when the process exits in the middle of a parallel search (Ctrl-C on the command line)', async () => {
    // The child's TMPDIR is a folder of this test's: what the search leaves there is its own.
    const tmp = fs.mkdtempSync(path.join(SYSTEM_TMP, 'reapcheck-spill-exit-'));
    try {
      const fixture = fileURLToPath(new URL('../fixtures/spill-until-interrupted.ts', import.meta.url));
      const child = spawn(process.execPath, ['--import', 'tsx', fixture], { env: { ...process.env, TMPDIR: tmp }, stdio: 'ignore' });
      const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      const written = (): boolean => fs.readdirSync(tmp).some((d) => d.startsWith('reapcheck-spill-') && fs.readdirSync(path.join(tmp, d)).length > 0);
      const start = Date.now();
      while (!written() && Date.now() - start < 30_000) await new Promise((r) => setTimeout(r, 50));
      expect(written()).toBe(true);
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      // (tsx keeps its cache there too: only the levels' folders are the search's.)
      expect(fs.readdirSync(tmp).filter((d) => d.startsWith('reapcheck-spill-'))).toEqual([]);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }, 60_000);
});
