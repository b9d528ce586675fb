/**
 * Writing a report: the traces of every counterexample, the report model over them
 * (report/report-model.ts), and from that one model the Markdown pages (`index.md`, one page per
 * counterexample) and the HTML site (`index.html`, one page per counterexample, its script and
 * style). Returns the path of `index.md` as the user would type it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { InvariantName } from '../properties/invariants.ts';
import { INVARIANT_NAMES } from '../properties/invariants.ts';
import type { TraceFile } from '../properties/trace.ts';
import { encodeTrace } from '../properties/trace.ts';
import type { Cell } from './cells.ts';
import type { RealReport } from '../real/index.ts';
import { ensureDir, traceBaseName, writeFileAtomic } from './write-traces.ts';
import { counterexamplePageMarkdown } from '../report/counterexample-md.ts';
import type { ReportCell, ReportMeta, ReportModel } from '../report/report-model.ts';
import { reportModel } from '../report/report-model.ts';
import { indexMarkdownOf } from '../report/index-md.ts';
import { htmlSite } from '../report/html/site.ts';
import type { ConformSummary } from '../report/conformance.ts';
import { CONFORM_SUMMARY_FILE, parseConformSummary } from '../report/conformance.ts';
import { ABBREVIATIONS } from './format/matrix-table.ts';

export interface ReportOptions {
  readonly scope: string;
  /** One line: the Linux release and how many counterexamples it reproduced, or why it did not run. */
  readonly linux: string;
  /** The real replay's report of a trace, if it ran. */
  readonly outcomes: (t: TraceFile) => RealReport | undefined;
  /** The short form of a real report for the index's column. */
  readonly short: (r: RealReport | undefined) => string | undefined;
}

/** The report's cells, each counterexample named by its files in `dir` (`cell.paths` set as the user would type them). */
function reportCells(cells: readonly Cell[], dir: string, opts?: ReportOptions): ReportCell[] {
  return cells.map((cell) => {
    const paths: Partial<Record<InvariantName, string>> = {};
    const counterexamples = (Object.entries(cell.traces) as [InvariantName, TraceFile][]).map(([name, trace]) => {
      const base = traceBaseName(trace);
      const real = opts?.outcomes(trace);
      const linux = opts?.short(real);
      paths[name] = join(dir, `${base}.json`);
      return { trace, page: `${base}.md`, json: `${base}.json`, replayPath: paths[name], ...(linux ? { linux } : {}), ...(real ? { onLinux: real.message, real } : {}) };
    });
    cell.paths = paths;
    const statuses = {} as Record<InvariantName, string>;
    for (const n of INVARIANT_NAMES) statuses[n] = cell.verdict.invariants[n].status;
    return { strategy: cell.verdict.strategy, scenario: cell.verdict.scenario, applies: cell.applies, method: cell.verdict.method, states: cell.verdict.states, statuses, counterexamples };
  });
}

/** The conformance summary saved beside the report (`conform --json > DIR/conform.json`), if any. */
function conformanceIn(dir: string): ConformSummary | undefined {
  const path = join(dir, CONFORM_SUMMARY_FILE);
  return existsSync(path) ? parseConformSummary(readFileSync(path, 'utf8')) : undefined;
}

/** Write the HTML site of `model` into `dir`; returns the path of `index.html` as the user would type it. */
export function writeHtmlReport(model: ReportModel, dir: string, cwd: string): string {
  for (const f of htmlSite(model)) writeFileAtomic(resolve(cwd, dir, f.name), f.text);
  return join(dir, 'index.html');
}

export function writeReport(cells: readonly Cell[], dir: string, cwd: string, opts: ReportOptions): string {
  ensureDir(resolve(cwd, dir));
  const conformance = conformanceIn(resolve(cwd, dir));
  const meta: ReportMeta = { scope: opts.scope, linux: opts.linux, generated: 'by `reapcheck matrix`', abbreviations: ABBREVIATIONS, ...(conformance ? { conformance } : {}) };
  const model = reportModel(reportCells(cells, dir, opts), meta);
  for (const x of model.counterexamples) {
    writeFileAtomic(resolve(cwd, dir, x.files.json), encodeTrace(x.trace));
    writeFileAtomic(resolve(cwd, dir, x.files.md), counterexamplePageMarkdown(x));
  }
  const index = join(dir, 'index.md');
  writeFileAtomic(resolve(cwd, index), indexMarkdownOf(model));
  writeHtmlReport(model, dir, cwd);
  return index;
}

/**
 * The HTML report of `check --out DIR`: the cells checked and a page per counterexample, beside the
 * traces writeCellTraces wrote. Returns the path of `index.html`.
 */
export function writeCheckReport(cells: readonly Cell[], dir: string, cwd: string, scope: string): string {
  const conformance = conformanceIn(resolve(cwd, dir));
  const meta: ReportMeta = { scope, linux: 'not run (check does not replay on Linux; reapcheck replay --real does)', generated: 'by `reapcheck check`', abbreviations: ABBREVIATIONS, ...(conformance ? { conformance } : {}) };
  return writeHtmlReport(reportModel(reportCells(cells, dir), meta), dir, cwd);
}
