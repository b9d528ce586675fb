/**
 * `reapcheck matrix [--out DIR] [--json] [--no-real] [--engine E] [--seed N] [--runs N] [--scope k=v,...]`:
 * every catalogue strategy in every scenario — the table of expected-verdicts.md, computed — and
 * every counterexample replayed on Linux when a sandbox can be had. With `--out`, a report:
 * `DIR/index.md` (the matrix, each cell linking to its counterexamples), a markdown page and a
 * JSON trace per counterexample. Exit 1 when any cell has a violation, which the catalogue's
 * known-buggy strategies guarantee: that is the finding (`--exit-zero`: exit 0 all the same).
 */
import { CATALOGUE } from '../../catalogue/index.ts';
import { MATRIX_SCENARIOS } from '../../model/scenario.ts';
import type { InvariantName } from '../../properties/invariants.ts';
import { INVARIANT_NAMES } from '../../properties/invariants.ts';
import type { TraceFile } from '../../properties/trace.ts';
import type { RealReport } from '../../real/index.ts';
import { parseArgs } from '../args.ts';
import type { FlagSpec } from '../args.ts';
import { EXIT, UsageError } from '../errors.ts';
import type { Cell } from '../cells.ts';
import { cellsDocument, cellsExitCode, runCellParallel } from '../cells.ts';
import { ENGINE_FLAGS, engineOptions } from '../engine.ts';
import { applyScaleFlags, SCALE_FLAGS } from '../scale-flags.ts';
import { resolveScope, scopeText } from '../scope-flag.ts';
import { ABBREVIATIONS, formatMatrix } from '../format/matrix-table.ts';
import { makeProgress } from '../progress.ts';
import { replayBatch } from '../real-replays.ts';
import { writeReport } from '../write-report.ts';
import type { CommandHelp, CommandOutput } from './output.ts';
import { parseShard, shardUnits, WHOLE } from '../../properties/shard.ts';

function positiveInt(flag: string, v: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new UsageError(`--${flag} must be a whole number of at least 1; got ${JSON.stringify(v)}`);
  return Number(v);
}

const FLAGS: readonly FlagSpec[] = [
  { name: 'scope', value: 'k=v,...', repeatable: true, example: 'pidCount=3,spawns=1' },
  ...ENGINE_FLAGS,
  ...SCALE_FLAGS,
  { name: 'shard', value: 'i/n', example: '2/4' },
  { name: 'seeds', value: 'K', example: '4' },
  { name: 'out', value: 'DIR', example: 'reapcheck-report' },
  { name: 'no-real' },
  { name: 'exit-zero' },
  { name: 'json' },
];

export const MATRIX_HELP: CommandHelp = {
  usage: 'matrix',
  flags: FLAGS,
  summary: 'every catalogue strategy in every scenario; counterexamples replayed on Linux; with --out a report (index.md, pages, traces)',
};

/** The Linux outcome of each counterexample, keyed by its trace. */
export type LinuxOutcomes = Map<TraceFile, RealReport>;

function linuxText(r: RealReport | undefined): string | undefined {
  if (!r) return undefined;
  return r.reproduced ? 'reproduced' : r.divergence ? `diverged at step ${r.divergence.step}` : `not reproduced${r.error ? `: ${r.error}` : ''}`;
}

export async function matrixCommand(argv: readonly string[], cwd: string): Promise<CommandOutput> {
  const args = parseArgs('matrix', argv, FLAGS);
  if (args.positionals.length > 0) throw new UsageError(`"reapcheck matrix" takes no arguments; got ${args.positionals.join(' ')}`);
  const { scope, reductions } = applyScaleFlags(resolveScope(undefined, '', args.values.get('scope') ?? []), args.values, args.switches);
  const engine = { ...engineOptions(args.values, scope), ...reductions };
  const json = args.switches.has('json');
  const progress = makeProgress(!json);
  // The CLI may read a clock (the model never does, style.md §2): wall time includes the overhead between cells.
  const t0 = performance.now();
  // --shard i/n: this machine's share of the work units (cells; with --seeds, (cell, seed) pairs of the random engine).
  const shard = args.values.has('shard') ? parseShard(args.values.get('shard')![0]!) : WHOLE;
  const seeds = args.values.has('seeds') ? positiveInt('seeds', args.values.get('seeds')![0]!) : undefined;
  if (seeds !== undefined && engine.engine !== 'random') throw new UsageError('--seeds K runs the random engine with K seeds per cell: add --engine random');
  const pairs = CATALOGUE.flatMap((st) => MATRIX_SCENARIOS.map((sc) => [st, sc] as const));
  const units = shardUnits(pairs, shard, seeds !== undefined ? { seed: engine.seed, seeds } : undefined);
  const cells: Cell[] = [];
  for (const { cell: [st, sc], seed } of units) {
    const done = cells.length;
    cells.push(await runCellParallel(st, sc, scope, { ...engine, seed: seed ?? engine.seed, onProgress: (what) => progress(`cell ${done + 1}/${units.length}: ${what}`, true) }));
    progress(`cells done: ${cells.length}/${units.length}`);
  }
  const wall = (performance.now() - t0) / 1000;

  const traces = cells.flatMap((c) => Object.values(c.traces) as TraceFile[]);
  let linux = 'not run (--no-real)';
  const outcomes: LinuxOutcomes = new Map();
  if (!args.switches.has('no-real')) {
    progress(`replaying ${traces.length} counterexamples on Linux, in a private pid namespace`);
    const batch = await replayBatch(traces);
    if (batch.ok) {
      traces.forEach((t, i) => outcomes.set(t, batch.reports[i]!));
      const n = batch.reports.filter((r) => r.reproduced).length;
      linux = `Linux ${batch.reports[0]?.linux ?? ''}: ${n} of ${traces.length} counterexamples reproduced`;
    } else {
      linux = `not run: ${batch.reason}`;
    }
  }
  progress.done();

  const out = args.values.get('out')?.[0];
  let where = '';
  if (out !== undefined) {
    const index = writeReport(cells, out, cwd, { scope: scopeText(scope), linux, outcomes: (t) => outcomes.get(t), short: linuxText });
    where = `report: ${index} (${traces.length} counterexamples, each a picture, a step table and a replay command)\n`;
  }
  // --exit-zero (as in flake8 and ruff): violations are the expected findings, the run itself succeeded.
  const code = args.switches.has('exit-zero') ? EXIT.ok : cellsExitCode(cells);
  if (json) {
    const doc = JSON.parse(cellsDocument(cells)) as { cells: Record<string, unknown>[] };
    if (outcomes.size > 0) {
      doc.cells.forEach((cj, i) => {
        const linuxOf: Partial<Record<InvariantName, string>> = {};
        for (const name of INVARIANT_NAMES) {
          const t = cells[i]!.traces[name];
          if (t) linuxOf[name] = linuxText(outcomes.get(t)) ?? 'not run';
        }
        cj.linux = linuxOf;
      });
    }
    return { stdout: `${JSON.stringify(doc)}\n`, code };
  }
  return { stdout: `${where}${formatMatrix(cells, scope, wall)}real replay: ${linux}\n`, code };
}

export { ABBREVIATIONS };
