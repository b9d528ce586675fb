/**
 * Reading a `{"cells":[...]}` document back (as `check --json` and `matrix --json` print it), for
 * merging the documents of shards. Documents come from files a user names, so every defect is a
 * one-line InputError that names the file and the place in it; nothing past validation trusts
 * the shape.
 */
import { InputError } from '../model/errors.ts';
import type { InvariantName } from '../properties/invariants.ts';
import { INVARIANT_NAMES } from '../properties/invariants.ts';
import type { CellJson } from './cell-json.ts';

/** A cell of a merged document: a random-engine cell combined from several seeds lists them all. */
export type MergedCell = CellJson & { seeds?: number[] };

const STATUSES = ['holds', 'violated', 'n/a', 'incomplete'];
/** Fields whose meaning merge.ts knows; any other field must agree between the cells it combines. */
export const KNOWN_FIELDS = ['strategy', 'scenario', 'method', 'states', 'transitions', 'seconds', 'invariants', 'traces', 'lengths', 'seed', 'seeds', 'runs', 'incomplete', 'custom', 'spilled'];

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isCount = (x: unknown) => Number.isSafeInteger(x) && (x as number) >= 0;
const isSeed = (x: unknown) => Number.isSafeInteger(x) && (x as number) >= -(2 ** 31) && (x as number) < 2 ** 31;

/** Parse a document's text; bad JSON is a one-line InputError naming `origin`. */
export function parseDocumentText(text: string, origin: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(`${origin} is not JSON (${e instanceof Error ? e.message : String(e)}); give the output of reapcheck check --json or matrix --json`);
  }
}

/** The cells of a `{"cells":[...]}` document, validated; `origin` (a file name) is named in every error. */
export function readCellsDocument(doc: unknown, origin: string): MergedCell[] {
  const bad = (where: string, what: string): never => {
    throw new InputError(`${origin} is not a reapcheck cells document: ${where} ${what}; give the output of reapcheck check --json or matrix --json`);
  };
  if (!isObject(doc) || !Array.isArray(doc.cells)) return bad('the top level', 'must be {"cells":[...]}');
  return doc.cells.map((c: unknown, k: number): MergedCell => {
    const at = `cells[${k}]`;
    if (!isObject(c)) return bad(at, 'must be an object');
    for (const f of ['strategy', 'scenario']) if (typeof c[f] !== 'string' || c[f] === '') bad(`${at}.${f}`, 'must be a non-empty string');
    if (c.method !== 'exhaustive' && c.method !== 'random') bad(`${at}.method`, 'must be "exhaustive" or "random"');
    for (const f of ['states', 'transitions']) if (!isCount(c[f])) bad(`${at}.${f}`, 'must be a whole number ≥ 0');
    if (typeof c.seconds !== 'number' || !(c.seconds >= 0)) bad(`${at}.seconds`, 'must be a number ≥ 0');
    const inv = c.invariants;
    if (!isObject(inv)) return bad(`${at}.invariants`, 'must be an object');
    for (const name of INVARIANT_NAMES) if (!STATUSES.includes(inv[name] as string)) bad(`${at}.invariants.${name}`, 'must be "holds", "violated", "n/a" or "incomplete"');
    for (const name of Object.keys(inv)) if (!(INVARIANT_NAMES as readonly string[]).includes(name)) bad(`${at}.invariants`, `names an unknown invariant ${JSON.stringify(name)}`);
    if (c.method === 'random') {
      if (!isSeed(c.seed)) bad(`${at}.seed`, 'must be a 32-bit whole number (a random-engine cell)');
      if (!Number.isSafeInteger(c.runs) || (c.runs as number) < 1) bad(`${at}.runs`, 'must be a whole number ≥ 1 (a random-engine cell)');
      if (c.seeds !== undefined && (!Array.isArray(c.seeds) || c.seeds.length === 0 || !c.seeds.every(isSeed) || !c.seeds.includes(c.seed))) bad(`${at}.seeds`, 'must be a list of 32-bit whole numbers that holds seed');
    } else if (c.seed !== undefined || c.seeds !== undefined || c.runs !== undefined) {
      bad(at, 'is exhaustive but has a seed or runs');
    }
    if (c.spilled !== undefined && !(isCount(c.spilled) && c.method === 'exhaustive')) bad(`${at}.spilled`, 'must be a whole number ≥ 0 (bytes an exhaustive search wrote to disk)');
    checkPerInvariant(c.traces, `${at}.traces`, (x) => typeof x === 'string', 'a file name', bad);
    checkPerInvariant(c.lengths, `${at}.lengths`, isCount, 'a whole number', bad);
    return c as unknown as MergedCell;
  });
}

function checkPerInvariant(x: unknown, where: string, ok: (v: unknown) => boolean, what: string, bad: (where: string, what: string) => never): void {
  if (x === undefined) return;
  if (!isObject(x)) bad(where, 'must be an object');
  for (const [name, v] of Object.entries(x as Record<string, unknown>)) {
    if (!(INVARIANT_NAMES as readonly string[]).includes(name)) bad(where, `names an unknown invariant ${JSON.stringify(name)}`);
    if (!ok(v)) bad(`${where}.${name as InvariantName}`, `must be ${what}`);
  }
}
