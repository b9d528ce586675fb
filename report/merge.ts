/**
 * Merging the `{"cells":[...]}` documents of shards (`--shard i/n`, properties/shard.ts) into the
 * document the unsharded run prints. An exhaustive cell lives in exactly one shard, so two copies
 * of one mean the shards overlap: refused. Random-engine cells of one (strategy, scenario) from
 * different seeds are shares of one check and are combined: an invariant is violated when any
 * seed violated it (a counterexample is a counterexample, whoever found it), holds otherwise.
 */
import { InputError } from '../model/errors.ts';
import { INVARIANT_NAMES } from '../properties/invariants.ts';
import type { InvariantName } from '../properties/invariants.ts';
import { CATALOGUE } from '../catalogue/index.ts';
import { MATRIX_SCENARIOS } from '../model/scenario.ts';
import type { MergedCell } from './cells-document.ts';
import { KNOWN_FIELDS, readCellsDocument } from './cells-document.ts';

/** A cell with the file it came from, for error messages. */
export interface SourcedCell {
  readonly cell: MergedCell;
  readonly origin: string;
}

const seedsOf = (c: MergedCell): number[] => c.seeds ?? (c.seed === undefined ? [] : [c.seed]);
const cellName = (c: MergedCell) => `${c.strategy} × ${c.scenario}`;

/**
 * One random-engine cell from several seed shares of the same (strategy, scenario), as if one
 * run had tried all their seeds: runs, states, transitions and seconds add up; of each violated
 * invariant's traces the shortest is kept (ties: the lowest seed). The result does not depend on
 * the order of `parts`.
 */
export function combineRandomCells(parts: readonly SourcedCell[]): MergedCell {
  if (parts.length === 1) return parts[0]!.cell;
  const sorted = [...parts].sort((a, b) => Math.min(...seedsOf(a.cell)) - Math.min(...seedsOf(b.cell)));
  const first = sorted[0]!;
  const disagree = (what: string, other: SourcedCell) =>
    new InputError(`cell ${cellName(first.cell)} of ${first.origin} and of ${other.origin} disagree on ${what}: merge only shards of one command line`);
  const invariants = {} as Record<InvariantName, MergedCell['invariants'][InvariantName]>;
  for (const name of INVARIANT_NAMES) {
    const all = sorted.map((p) => p.cell.invariants[name]);
    const na = sorted.find((p) => (p.cell.invariants[name] === 'n/a') !== (all[0] === 'n/a'));
    if (na) throw disagree(`whether ${name} applies`, na);
    // A share the time bound cut leaves the combined check undecided unless another share found a violation.
    invariants[name] = all.includes('violated') ? 'violated' : all.includes('incomplete') ? 'incomplete' : all[0]!;
  }
  for (const p of sorted) {
    for (const key of new Set([...Object.keys(p.cell), ...Object.keys(first.cell)])) {
      if (KNOWN_FIELDS.includes(key)) continue;
      const v = (c: MergedCell) => JSON.stringify((c as unknown as Record<string, unknown>)[key]);
      if (v(p.cell) !== v(first.cell)) throw disagree(key, p);
    }
  }
  const sum = (f: (c: MergedCell) => number) => sorted.reduce((a, p) => a + f(p.cell), 0);
  const seeds = sorted.flatMap((p) => seedsOf(p.cell)).sort((a, b) => a - b);
  const extra = Object.fromEntries(Object.entries(first.cell).filter(([k]) => !KNOWN_FIELDS.includes(k)));
  // Key order as cellJson prints it, so a merged document reads like an unsharded one.
  const out: MergedCell = {
    strategy: first.cell.strategy,
    scenario: first.cell.scenario,
    method: 'random',
    states: sum((c) => c.states),
    transitions: sum((c) => c.transitions),
    seconds: Math.round(sum((c) => c.seconds) * 1000) / 1000,
    invariants,
    seed: seeds[0]!,
    seeds,
    runs: sum((c) => c.runs ?? 0),
    ...extra,
  };
  const cut = sorted.find((p) => p.cell.incomplete)?.cell.incomplete;
  if (cut && INVARIANT_NAMES.some((n) => invariants[n] === 'incomplete')) out.incomplete = cut;
  if (sorted.some((p) => p.cell.traces)) {
    out.traces = {};
    out.lengths = {};
    for (const name of INVARIANT_NAMES) {
      const withTrace = sorted.filter((p) => p.cell.traces?.[name] !== undefined);
      const len = (p: SourcedCell) => p.cell.lengths?.[name] ?? Infinity;
      const best = withTrace.reduce<SourcedCell | null>((b, p) => (b === null || len(p) < len(b) ? p : b), null);
      if (!best) continue;
      out.traces[name] = best.cell.traces![name]!;
      if (best.cell.lengths?.[name] !== undefined) out.lengths[name] = best.cell.lengths[name]!;
    }
  }
  return out;
}

/**
 * The catalogue's order (strategy, then scenario), which is the unsharded matrix's: a merge gives
 * the same document whatever order the shards' files come in. Names outside the catalogue (a
 * user's strategies and scenarios) follow, in the order they first appear in the documents.
 */
function orderKey(cells: readonly MergedCell[]): (c: MergedCell) => [number, number] {
  const rank = (known: readonly string[], seen: string[], name: string) => {
    const k = known.indexOf(name);
    if (k >= 0) return k;
    if (!seen.includes(name)) seen.push(name);
    return known.length + seen.indexOf(name);
  };
  const strategies: string[] = [];
  const scenarios: string[] = [];
  const names = CATALOGUE.map((s) => s.name);
  const scNames = MATRIX_SCENARIOS.map((s) => s.name);
  for (const c of cells) rank(names, strategies, c.strategy), rank(scNames, scenarios, c.scenario);
  return (c) => [rank(names, strategies, c.strategy), rank(scNames, scenarios, c.scenario)];
}

/**
 * Merge the `{"cells":[...]}` documents of shards into one document, `origins[k]` naming where
 * `docs[k]` came from (a file name). A malformed document, or a cell present twice (same
 * strategy and scenario: an exhaustive cell twice, an exhaustive and a random one, or random
 * ones sharing a seed), is a one-line InputError naming the file(s).
 */
export function mergeCellDocuments(docs: readonly unknown[], origins: readonly string[]): { cells: MergedCell[] } {
  if (docs.length !== origins.length) throw new RangeError(`${docs.length} documents but ${origins.length} origins`);
  const groups = new Map<string, SourcedCell[]>();
  docs.forEach((doc, k) => {
    for (const cell of readCellsDocument(doc, origins[k]!)) {
      const key = JSON.stringify([cell.strategy, cell.scenario]);
      const group = groups.get(key) ?? [];
      const clash = group.find((p) => p.cell.method === 'exhaustive' || cell.method === 'exhaustive' || seedsOf(p.cell).some((s) => seedsOf(cell).includes(s)));
      if (clash) {
        const where = clash.origin === origins[k] ? `twice in ${clash.origin}` : `in both ${clash.origin} and ${origins[k]}`;
        const seed = cell.method === 'random' && clash.cell.method === 'random' ? ` with the same seed` : '';
        throw new InputError(`cell ${cellName(cell)} is ${where}${seed}: the shards overlap; merge the n documents of one --shard i/n run, each once`);
      }
      group.push({ cell, origin: origins[k]! });
      groups.set(key, group);
    }
  });
  const cells = [...groups.values()].map(combineRandomCells);
  const key = orderKey(cells);
  const cmp = (a: MergedCell, b: MergedCell) => {
    const [x, y] = [key(a), key(b)];
    return x[0] - y[0] || x[1] - y[1];
  };
  return { cells: cells.sort(cmp) };
}
