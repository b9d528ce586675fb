/**
 * Writing counterexamples to disk: per violated invariant a JSON trace (valid input for
 * `reapcheck replay`) and, for reports, a markdown page. Every file is written to a temporary
 * name and renamed into place, so a reader never sees a half-written file.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
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
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export function ensureDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
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
