/**
 * Trace files as values: `encodeTrace` gives the text `reapcheck replay` reads, `decodeTrace`
 * validates text back into a trace (one InputError naming the problem), `writeTrace` saves one
 * whole or not at all and returns the command that replays it.
 */
import { join, resolve } from 'node:path';
import type { TraceFile } from '../properties/trace.ts';
import { encodeTrace } from '../properties/trace.ts';
import { decodeTrace as decode } from '../properties/trace-decode.ts';
import { ensureDir, traceBaseName, writeFileAtomic } from '../cli/write-traces.ts';

export type { TraceFile, TraceFileStep } from '../properties/trace.ts';
export { encodeTrace } from '../properties/trace.ts';

/** Parse and validate a trace file's text; `origin` names it in errors. */
export function decodeTrace(text: string, origin = 'trace'): TraceFile {
  return decode(text, origin);
}

/** Write `trace` into `dir` (created if needed) as `<strategy>--<scenario>--<invariant>.json`; returns the path and its replay command. */
export function writeTrace(trace: TraceFile, dir = 'reapcheck-traces'): { path: string; replay: string } {
  const abs = resolve(dir);
  ensureDir(abs);
  const path = join(abs, `${traceBaseName(trace)}.json`);
  writeFileAtomic(path, encodeTrace(trace));
  return { path, replay: `npx reapcheck replay ${path}` };
}
