/**
 * Reading a trace file named on the command line: a missing or unreadable file, or one that is
 * not a valid trace, is one line of InputError.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../model/errors.ts';
import type { TraceFile } from '../properties/trace.ts';
import { decodeTrace } from '../properties/trace-decode.ts';

export function loadTrace(path: string, cwd: string): TraceFile {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, path), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      code === 'ENOENT'
        ? `${path}: no such trace file; traces are written by reapcheck check (to reapcheck-traces/) and reapcheck matrix --out DIR`
        : `${path}: cannot read it (${code ?? String(e)})`,
    );
  }
  return decodeTrace(text, path);
}
