/**
 * Writing the matrix report: the traces and pages of every counterexample (write-traces.ts) and
 * `index.md` over them. Returns the path of `index.md` as the user would type it.
 */
import { join, resolve } from 'node:path';
import type { InvariantName } from '../properties/invariants.ts';
import { INVARIANT_NAMES } from '../properties/invariants.ts';
import type { TraceFile } from '../properties/trace.ts';
import { encodeTrace } from '../properties/trace.ts';
import type { Cell } from './cells.ts';
import type { RealReport } from '../real/index.ts';
import { ensureDir, traceBaseName, writeFileAtomic } from './write-traces.ts';
import { counterexampleMarkdown } from '../report/counterexample-md.ts';
import type { ReportCell } from '../report/index-md.ts';
import { indexMarkdown } from '../report/index-md.ts';
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

export function writeReport(cells: readonly Cell[], dir: string, cwd: string, opts: ReportOptions): string {
  ensureDir(resolve(cwd, dir));
  const report: ReportCell[] = cells.map((cell) => {
    const paths: Partial<Record<InvariantName, string>> = {};
    const counterexamples = (Object.entries(cell.traces) as [InvariantName, TraceFile][]).map(([name, trace]) => {
      const base = traceBaseName(trace);
      const real = opts.outcomes(trace);
      const linux = opts.short(real);
      paths[name] = join(dir, `${base}.json`);
      writeFileAtomic(resolve(cwd, dir, `${base}.json`), encodeTrace(trace));
      writeFileAtomic(resolve(cwd, dir, `${base}.md`), counterexampleMarkdown(trace, `${base}.json`, paths[name], real?.message));
      return { trace, page: `${base}.md`, json: `${base}.json`, ...(linux ? { linux } : {}) };
    });
    cell.paths = paths;
    const statuses = {} as Record<InvariantName, string>;
    for (const n of INVARIANT_NAMES) statuses[n] = cell.verdict.invariants[n].status;
    return { strategy: cell.verdict.strategy, scenario: cell.verdict.scenario, applies: cell.applies, method: cell.verdict.method, states: cell.verdict.states, statuses, counterexamples };
  });
  const index = join(dir, 'index.md');
  writeFileAtomic(resolve(cwd, index), indexMarkdown(report, { scope: opts.scope, linux: opts.linux, generated: 'by `reapcheck matrix`', abbreviations: ABBREVIATIONS }));
  return index;
}
