/**
 * Reading a trace file named on the command line: a missing or unreadable file, or one that is
 * not a valid trace, is one line of InputError.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../model/errors.ts';
import type { TraceFile } from '../properties/trace.ts';
import { decodeTrace } from '../properties/trace-decode.ts';

/** The largest trace file read: a trace of 400 steps with its strategy is well under a megabyte. */
export const MAX_TRACE_BYTES = 16 * 2 ** 20;

/**
 * Read a trace file's text, refusing what is not one before reading it: a device (/dev/zero
 * never ends), a FIFO (blocks until a writer comes), a directory, a file larger than any trace.
 */
export function readTraceText(path: string, cwd: string, what = 'trace file'): string {
  const full = resolve(cwd, path);
  let st;
  try {
    st = statSync(full);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      code === 'ENOENT'
        ? `${path}: no such ${what}${what === 'trace file' ? '; traces are written by reapcheck check (to reapcheck-traces/) and reapcheck matrix --out DIR' : ''}`
        : `${path}: cannot read it (${code ?? String(e)})`,
    );
  }
  if (!st.isFile()) throw new InputError(`${path}: not a regular file (${st.isDirectory() ? 'a directory' : st.isFIFO() ? 'a FIFO' : 'a device or socket'}); give a ${what}`);
  if (st.size > MAX_TRACE_BYTES) throw new InputError(`${path}: ${st.size} bytes, more than any ${what} (at most ${MAX_TRACE_BYTES}): not a file reapcheck wrote`);
  try {
    return readFileSync(full, 'utf8');
  } catch (e) {
    throw new InputError(`${path}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

export function loadTrace(path: string, cwd: string): TraceFile {
  return decodeTrace(readTraceText(path, cwd), path);
}
