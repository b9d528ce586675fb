/**
 * Strings as V8 keeps its literals: internalized, one copy per content, so that `===` against a
 * literal (`p.state === 'running'`, `ins.op === 'waitpid'`) is a pointer compare. A string that
 * arrives by structured clone — a strategy sent to a search worker, a part handed over by a peer —
 * is a fresh copy, and every compare against it ran `Builtins_StringEqual` over its characters
 * (`perf`: 109 samples in two workers' search, 7 in bfs.ts's, issue 16). A property key is always
 * internalized, so a string made one comes back as the internalized copy.
 */
const table = new Map<string, string>();

/** The internalized copy of `s`. */
export function intern(s: string): string {
  let t = table.get(s);
  if (t === undefined) {
    t = Object.keys({ [s]: 0 })[0]!;
    table.set(t, t);
  }
  return t;
}

/** `x` with every string in it internalized, objects and arrays changed in place (plain data from a clone). */
export function internDeep<T>(x: T): T {
  if (typeof x === 'string') return intern(x) as T;
  if (x === null || typeof x !== 'object') return x;
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) x[i] = internDeep(x[i]);
    return x;
  }
  const o = x as Record<string, unknown>;
  for (const k of Object.keys(o)) o[k] = internDeep(o[k]);
  return x;
}
