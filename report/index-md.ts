/**
 * The report's front page, `index.md`: the verdict matrix (each violated cell linking to its
 * counterexamples), then one row per counterexample with its length, how it was found and
 * whether it was reproduced on Linux.
 */
import type { InvariantName } from '../properties/invariants.ts';
import { INVARIANT_NAMES } from '../properties/invariants.ts';
import type { TraceFile } from '../properties/trace.ts';

/** What the report needs of one cell. */
export interface ReportCell {
  readonly strategy: string;
  readonly scenario: string;
  readonly applies: boolean;
  readonly method: string;
  readonly states: number;
  readonly statuses: Readonly<Record<InvariantName, string>>;
  /** Per violated invariant: the trace and its page's file name (relative to index.md). */
  readonly counterexamples: readonly { readonly trace: TraceFile; readonly page: string; readonly json: string; readonly linux?: string }[];
}

export interface ReportMeta {
  readonly scope: string;
  readonly generated: string;
  /** "Linux 6.18 (85 of 85 reproduced)", or why real replay did not run. */
  readonly linux: string;
  readonly abbreviations: Readonly<Record<InvariantName, string>>;
}

export function indexMarkdown(cells: readonly ReportCell[], meta: ReportMeta): string {
  const strategies = [...new Set(cells.map((c) => c.strategy))];
  const scenarios = [...new Set(cells.map((c) => c.scenario))];
  const at = (st: string, sc: string) => cells.find((c) => c.strategy === st && c.scenario === sc);
  const cellText = (c: ReportCell | undefined) => {
    if (!c) return '';
    if (!c.applies) return 'n/a';
    const links = c.counterexamples.map((x) => `[${x.trace.invariant ? meta.abbreviations[x.trace.invariant] : 'trace'}](${x.page})`);
    // A bound left some invariant undecided: never shown as holds.
    if (INVARIANT_NAMES.some((n) => c.statuses[n] === 'incomplete')) links.push('incomplete');
    return links.length > 0 ? links.join('<br>') : 'holds';
  };
  const lines = [
    '# reapcheck report',
    '',
    `Generated ${meta.generated}. Scope: ${meta.scope}. Real replay: ${meta.linux}.`,
    '',
    'Each cell lists the invariants the strategy violates in that scenario; each links to its counterexample',
    '(a picture, a step table and the replay commands). `holds` was established by the method in the table below.',
    '',
    `| strategy | ${scenarios.join(' | ')} |`,
    `|---|${scenarios.map(() => '---').join('|')}|`,
    ...strategies.map((st) => `| ${st} | ${scenarios.map((sc) => cellText(at(st, sc))).join(' | ')} |`),
    '',
    `Legend: ${INVARIANT_NAMES.map((n) => `${meta.abbreviations[n]} = \`${n}\``).join(', ')}.`,
    '',
    '## Counterexamples',
    '',
    '| strategy | scenario | invariant | steps | found by | reproduced on Linux | trace |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const c of cells) {
    for (const x of c.counterexamples) {
      const t = x.trace;
      const how = t.engine === 'exhaustive' ? 'BFS (shortest)' : `random, seed ${t.seed}`;
      lines.push(`| ${c.strategy} | ${c.scenario} | [${t.invariant}](${x.page}) | ${t.steps.length} | ${how} | ${x.linux ?? 'not run'} | [json](${x.json}) |`);
    }
  }
  lines.push('', '## How each cell was checked', '', '| strategy | scenario | method | states (or schedules) |', '|---|---|---|---|');
  for (const c of cells) if (c.applies) lines.push(`| ${c.strategy} | ${c.scenario} | ${c.method} | ${c.states} |`);
  lines.push('');
  return lines.join('\n');
}
