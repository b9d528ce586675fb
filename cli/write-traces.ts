/**
 * Writing counterexamples to disk: per violated invariant a JSON trace (valid input for
 * `reapcheck replay`) and, for reports, a markdown page. Every file is written to a temporary
 * name and renamed into place, so a reader never sees a half-written file.
 */
import { accessSync, constants, existsSync, mkdirSync, renameSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { InvariantName } from '../properties/invariants.ts';
import type { TraceFile } from '../properties/trace.ts';
import { encodeTrace } from '../properties/trace.ts';
import { InputError } from '../model/errors.ts';
import type { Cell } from './cells.ts';
import { counterexampleMarkdown } from '../report/counterexample-md.ts';

/** `naive--reuse--no-stray-signal`: the name of a counterexample's files. */
export function traceBaseName(t: TraceFile): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');
  return `${safe(t.strategy.name)}--${safe(t.scenario.name)}--${t.invariant}`;
}

/** Write `text` to `path` through a temporary file and a rename. */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new InputError(`cannot write ${path} (${(e as NodeJS.ErrnoException).code ?? String(e)}); name another folder with --out`);
  }
}

/** Pseudo-filesystems where a folder can never be made (Node's recursive mkdir spins forever on /proc). */
const PSEUDO_FS: Readonly<Record<number, string>> = { 0x9fa0: 'proc', 0x62656572: 'sysfs', 0x1cd1: 'devpts', 0x01021994: 'tmpfs (/dev)' };

export function ensureDir(dir: string): void {
  // The nearest folder that exists: where the new one would be made.
  let at = resolve(dir);
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
  let fsType = 0;
  try {
    fsType = statfsSync(at).type;
  } catch {
    /* unknown: mkdir says */
  }
  const pseudo = PSEUDO_FS[fsType];
  if (pseudo && (pseudo !== 'tmpfs (/dev)' || at.startsWith('/dev'))) throw new InputError(`cannot create the output folder ${dir}: ${at} is on ${pseudo}, not a filesystem for files; name another with --out`);
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (e) {
    throw new InputError(`cannot create the output folder ${dir} (${(e as NodeJS.ErrnoException).code ?? String(e)}); name another with --out`);
  }
}

/**
 * Write the traces of every cell's violations into `dir` (relative to `cwd`, as the user named it)
 * and their markdown pages when `markdown`; record each JSON path, as the user would type it, in
 * `cell.paths`.
 */
export function writeCellTraces(cells: readonly Cell[], dir: string, cwd: string, markdown: boolean): void {
  ensureDir(resolve(cwd, dir));
  for (const cell of cells) {
    const paths: Partial<Record<InvariantName, string>> = {};
    for (const [name, trace] of Object.entries(cell.traces) as [InvariantName, TraceFile][]) {
      const base = traceBaseName(trace);
      const json = join(dir, `${base}.json`);
      writeFileAtomic(resolve(cwd, json), encodeTrace(trace));
      if (markdown) writeFileAtomic(resolve(cwd, dir, `${base}.md`), counterexampleMarkdown(trace, `${base}.json`, json));
      paths[name] = json;
    }
    cell.paths = paths;
  }
}
