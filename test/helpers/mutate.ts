/**
 * Systematic mutations of a JSON document (a strategy, a trace), for the bad-input sweep: every
 * value in the tree replaced by a value of another kind, deleted, or duplicated — the mistakes a
 * hand-edited file or a buggy generator makes. Deterministic: the same document gives the same
 * mutations in the same order.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface Mutation {
  /** Where, as a JSON path: `roles.wait[3].pid`. */
  readonly path: string;
  /** What was done: `delete`, `duplicate`, or the kind of value put there. */
  readonly kind: string;
  readonly doc: Json;
}

/** The replacement values, one per kind; each differs in type or range from most real fields. */
const REPLACEMENTS: readonly [string, Json][] = [
  ['null', null],
  ['empty string', ''],
  ['string', 'nonsense'],
  ['negative', -1],
  ['huge', 1e12],
  ['fraction', 0.5],
  ['bool', true],
  ['array', []],
  ['object', {}],
  ['deep', { a: [{ b: [[[[1]]]] }] }],
];

const clone = (x: Json): Json => JSON.parse(JSON.stringify(x)) as Json;

/** Every path of `doc` but the root, parents before children. */
function paths(doc: Json, at: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [];
  if (Array.isArray(doc)) doc.forEach((v, i) => out.push([...at, i], ...paths(v, [...at, i])));
  else if (doc !== null && typeof doc === 'object') for (const [k, v] of Object.entries(doc)) out.push([...at, k], ...paths(v, [...at, k]));
  return out;
}

function pathText(p: readonly (string | number)[]): string {
  return p.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

/** `doc` with the value at `p` changed by `f` (which gets the parent and the key). */
function at(doc: Json, p: readonly (string | number)[], f: (parent: Json[] | Record<string, Json>, key: string | number) => void): Json {
  const copy = clone(doc);
  let node = copy as Json[] | Record<string, Json>;
  for (const k of p.slice(0, -1)) node = (node as Record<string, Json>)[k as string] as Json[] | Record<string, Json>;
  f(node, p[p.length - 1]!);
  return copy;
}

/** Every mutation of `doc`: per path, deleted, duplicated (in an array) and replaced by each kind of value. */
export function mutations(doc: Json): Mutation[] {
  const out: Mutation[] = [];
  for (const p of paths(doc)) {
    const path = pathText(p);
    out.push({
      path,
      kind: 'delete',
      doc: at(doc, p, (parent, key) => (Array.isArray(parent) ? parent.splice(key as number, 1) : delete parent[key as string])),
    });
    if (typeof p[p.length - 1] === 'number') {
      out.push({ path, kind: 'duplicate', doc: at(doc, p, (parent, key) => (parent as Json[]).splice(key as number, 0, clone((parent as Json[])[key as number]!))) });
    }
    for (const [kind, value] of REPLACEMENTS) {
      out.push({ path, kind, doc: at(doc, p, (parent, key) => ((parent as Record<string, Json>)[key as string] = clone(value))) });
    }
  }
  return out;
}

/** Every `step`-th of `list` starting at `offset`: a deterministic sample spread over the whole document. */
export function sample<T>(list: readonly T[], count: number, offset = 0): T[] {
  if (list.length <= count) return [...list];
  const step = list.length / count;
  return Array.from({ length: count }, (_, i) => list[Math.floor(offset + i * step) % list.length]!);
}
