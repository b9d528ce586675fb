/**
 * `reapcheck merge <shard.json>... [--json] [--out DIR]`: combine the `{"cells":[...]}` documents
 * of `matrix --shard i/n --json` runs (one per machine, from any batch runner: a CI job matrix,
 * Kubernetes indexed jobs) into one matrix, and with `--out` one report whose pages are made from
 * the trace files the shards wrote (`--out` on each shard, paths as the cells list them).
 */
import { writeHtmlReport } from '../write-report.ts';
import { reportModel } from '../../report/report-model.ts';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../../model/errors.ts';
import { INVARIANT_NAMES } from '../../properties/invariants.ts';
import type { InvariantName } from '../../properties/invariants.ts';
import { encodeTrace } from '../../properties/trace.ts';
import { mergeCellDocuments } from '../../report/merge.ts';
import { parseDocumentText } from '../../report/cells-document.ts';
import type { MergedCell } from '../../report/cells-document.ts';
import type { ReportCell } from '../../report/index-md.ts';
import { indexMarkdownOf } from '../../report/index-md.ts';
import { counterexampleMarkdown } from '../../report/counterexample-md.ts';
import { parseArgs } from '../args.ts';
import type { FlagSpec } from '../args.ts';
import { EXIT, UsageError } from '../errors.ts';
import { loadTrace } from '../load-trace.ts';
import { ABBREVIATIONS } from '../format/matrix-table.ts';
import { renderTable } from '../format/table.ts';
import { ensureDir, traceBaseName, writeFileAtomic } from '../write-traces.ts';
import type { CommandHelp, CommandOutput } from './output.ts';
import { readTraceText } from '../load-trace.ts';

const FLAGS: readonly FlagSpec[] = [{ name: 'json' }, { name: 'out', value: 'DIR', example: 'reapcheck-report' }];

export const MERGE_HELP: CommandHelp = {
  usage: 'merge <shard.json>...',
  flags: FLAGS,
  summary: 'combine the JSON of matrix --shard i/n runs into one matrix (and with --out one report)',
};

function statusText(c: MergedCell): string {
  const bad = INVARIANT_NAMES.filter((n) => c.invariants[n] === 'violated').map((n) => ABBREVIATIONS[n]);
  if (INVARIANT_NAMES.some((n) => c.invariants[n] === 'incomplete')) bad.push('incomplete');
  if (bad.length > 0) return bad.join('\n');
  return INVARIANT_NAMES.every((n) => c.invariants[n] === 'n/a') ? 'n/a' : 'holds';
}

function textMatrix(cells: readonly MergedCell[]): string {
  const strategies = [...new Set(cells.map((c) => c.strategy))];
  const scenarios = [...new Set(cells.map((c) => c.scenario))];
  const at = (st: string, sc: string) => cells.find((c) => c.strategy === st && c.scenario === sc);
  const rows = strategies.map((st) => [st, ...scenarios.map((sc) => (at(st, sc) ? statusText(at(st, sc)!) : ''))]);
  return `${renderTable(['strategy', ...scenarios], rows, { spaced: true }).join('\n')}\n\n${cells.length} cells merged\n`;
}

/** The report of merged cells, its pages made from the shards' trace files. */
function writeMergedReport(cells: readonly MergedCell[], dir: string, cwd: string): string {
  ensureDir(resolve(cwd, dir));
  const report: ReportCell[] = cells.map((c) => {
    const counterexamples = (Object.entries(c.traces ?? {}) as [InvariantName, string][]).flatMap(([, path]) => {
      if (!existsSync(resolve(cwd, path))) throw new InputError(`${path}: a trace file a shard listed is missing; copy the shards' --out folders here too, or merge without --out`);
      const trace = loadTrace(path, cwd);
      const base = traceBaseName(trace);
      writeFileAtomic(resolve(cwd, dir, `${base}.json`), encodeTrace(trace));
      const linux = c.linux?.[trace.invariant!];
      writeFileAtomic(resolve(cwd, dir, `${base}.md`), counterexampleMarkdown(trace, `${base}.json`, `${dir}/${base}.json`, linux));
      return [{ trace, page: `${base}.md`, json: `${base}.json`, ...(linux ? { linux } : {}) }];
    });
    const applies = !INVARIANT_NAMES.every((n) => c.invariants[n] === 'n/a');
    return { strategy: c.strategy, scenario: c.scenario, applies, method: c.method, states: c.states, statuses: c.invariants, counterexamples };
  });
  const index = `${dir}/index.md`;
  const meta = { scope: 'as each shard ran it', linux: 'as each shard ran it', generated: 'by `reapcheck merge`', abbreviations: ABBREVIATIONS };
  // One report model gives both the Markdown index and the HTML site, as matrix --out writes them.
  const model = reportModel(report, meta);
  writeFileAtomic(resolve(cwd, index), indexMarkdownOf(model));
  writeHtmlReport(model, dir, cwd);
  return index;
}

export function mergeCommand(argv: readonly string[], cwd: string): CommandOutput {
  const args = parseArgs('merge', argv, FLAGS);
  if (args.positionals.length === 0) throw new UsageError('merge needs the JSON files of the shards, e.g. reapcheck merge shard-1.json shard-2.json');
  const docs = args.positionals.map((f) => {
    return parseDocumentText(readTraceText(f, cwd, 'shard document (the JSON matrix --shard i/n --json printed)'), f);
  });
  const merged = mergeCellDocuments(docs, args.positionals);
  const out = args.values.get('out')?.[0];
  const where = out !== undefined ? `report: ${writeMergedReport(merged.cells, out, cwd)}\n` : '';
  const any = (status: string) => merged.cells.some((c) => INVARIANT_NAMES.some((n) => c.invariants[n] === status));
  const code = any('violated') ? EXIT.violated : any('incomplete') ? EXIT.incomplete : EXIT.ok;
  return { stdout: args.switches.has('json') ? `${JSON.stringify(merged)}\n` : `${where}${textMatrix(merged.cells)}`, code };
}
