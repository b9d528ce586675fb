/**
 * The project's import graph, read from the source text, and the house rules held against it:
 * which top-level room may import which, the order of the rooms inside `real/`, and no circles.
 *
 * Hand-written rather than dependency-cruiser or madge: both parse TypeScript through the
 * `typescript` package's JavaScript API, which TypeScript 7 (the compiler this project pins) no
 * longer ships (its package holds only the native `tsc` launcher), and neither knows the rooms of
 * `real/` without a configuration as long as this file. Type-only imports count as arrows: a type
 * that has to come from a room above is a sign the type lives in the wrong room.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** file (path from the repository root) → the files it imports. */
export type ImportGraph = Map<string, string[]>;

/** The folders whose code makes up the tool (tests, fixtures and generated files stay out). */
export const SOURCE_ROOTS = ['lib', 'model', 'properties', 'catalogue', 'report', 'real', 'cli', 'bench', 'bin', 'examples'];

/** Which top-level rooms each room may import (itself always). The arrows point down: model ← properties ← real ← cli. */
export const TOP_RULES: Readonly<Record<string, readonly string[]>> = {
  model: [],
  properties: ['model'],
  catalogue: ['model'],
  report: ['model', 'properties', 'catalogue'],
  real: ['model', 'properties', 'catalogue'],
  cli: ['model', 'properties', 'catalogue', 'report', 'real'],
  // bench may run the command itself (bin/), as a user would, to time it whole.
  bench: ['model', 'properties', 'catalogue', 'report', 'real', 'bin'],
  // The library (what `import … from 'reapcheck'` gives) runs the command's own cell runner and
  // engine (cli/cells.ts, cli/engine.ts), so a verdict in a test suite is the command's verdict.
  lib: ['model', 'properties', 'catalogue', 'report', 'real', 'cli'],
  bin: ['cli'],
  examples: ['model', 'catalogue'],
};

/**
 * The rooms of `real/`, lowest first: a file may import its own room and the rooms before it.
 * `os` wraps Linux calls; `sandbox` decides where anything may run and what a trace may touch;
 * `workers` are the threads that make syscalls; `processes` makes children and unrelated processes
 * on chosen pids; `run` drives a real program's calls (`reapcheck run`); `replay` runs one trace —
 * `run` and `replay` never import each other (`run` comes first, and `replay` has no reason to
 * use it); `jobs` is what a sandbox runs; `index.ts` the surface.
 */
export const REAL_ROOMS = ['os', 'sandbox', 'workers', 'processes', 'run', 'replay', 'jobs', 'index.ts'];

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|new\s+URL\(\s*)'(\.{1,2}\/[^']+)'/g;

/** Drop comments, so that an import named in prose is not an arrow. */
function stripComments(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

function sourceFiles(root: string, dir: string, out: string[]): void {
  let names: string[];
  try {
    names = readdirSync(join(root, dir));
  } catch {
    return;
  }
  for (const n of names.sort()) {
    const p = join(dir, n);
    if (statSync(join(root, p)).isDirectory()) sourceFiles(root, p, out);
    else if (/\.(ts|mts|mjs|js)$/.test(n)) out.push(p);
  }
}

/** Read the import graph of the source folders under `root`. Only relative imports are arrows. */
export function readImportGraph(root: string): ImportGraph {
  const files: string[] = [];
  for (const r of SOURCE_ROOTS) {
    try {
      if (statSync(join(root, r)).isDirectory()) sourceFiles(root, r, files);
      else files.push(r);
    } catch {
      /* a room this checkout lacks */
    }
  }
  const graph: ImportGraph = new Map();
  for (const f of files) {
    const src = stripComments(readFileSync(join(root, f), 'utf8'));
    const targets = new Set<string>();
    for (const m of src.matchAll(IMPORT)) {
      const target = relative(root, resolve(root, dirname(f), m[1]!));
      if (/\.(ts|mts|mjs|js)$/.test(target)) targets.add(target);
    }
    graph.set(f, [...targets].sort());
  }
  return graph;
}

/** The room of a file for the rules: its top folder, and inside real/ its sub-room. */
function topRoom(file: string): string {
  return file.split('/')[0]!;
}
function realRoom(file: string): number {
  const second = file.split('/')[1]!;
  return REAL_ROOMS.indexOf(second);
}

/** Every arrow that breaks a house rule, one line each (empty: the house is in order). */
export function ruleBreaks(graph: ImportGraph): string[] {
  const out: string[] = [];
  for (const [from, targets] of graph) {
    for (const to of targets) {
      if (!graph.has(to)) {
        if (SOURCE_ROOTS.includes(topRoom(to))) out.push(`${from} imports ${to}, which does not exist`);
        continue;
      }
      const a = topRoom(from);
      const b = topRoom(to);
      if (a !== b && !(TOP_RULES[a] ?? []).includes(b)) out.push(`${from} → ${to}: ${a}/ may not import ${b}/`);
      if (a === 'real' && b === 'real') {
        const ra = realRoom(from);
        const rb = realRoom(to);
        if (ra < 0) out.push(`${from} is in no room of real/ (rooms: ${REAL_ROOMS.join(', ')})`);
        else if (rb > ra) out.push(`${from} → ${to}: real/${REAL_ROOMS[ra]} may not import real/${REAL_ROOMS[rb]} (a room above it)`);
      }
    }
  }
  return [...new Set(out)];
}

/** The import circles (strongly connected components of more than one file, or a file importing itself). */
export function importCircles(graph: ImportGraph): string[][] {
  // Tarjan's algorithm, iterative so that a deep tree cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const circles: string[][] = [];
  let next = 0;
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: { v: string; i: number }[] = [{ v: start, i: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const top = work[work.length - 1]!;
      const succ = (graph.get(top.v) ?? []).filter((t) => graph.has(t));
      if (top.i < succ.length) {
        const w = succ[top.i++]!;
        if (!index.has(w)) {
          index.set(w, next);
          low.set(w, next++);
          stack.push(w);
          onStack.add(w);
          work.push({ v: w, i: 0 });
        } else if (onStack.has(w)) low.set(top.v, Math.min(low.get(top.v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1]!.v;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.v)!));
      }
      if (low.get(top.v) === index.get(top.v)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== top.v);
        if (comp.length > 1 || (graph.get(top.v) ?? []).includes(top.v)) circles.push(comp.sort());
      }
    }
  }
  return circles;
}
