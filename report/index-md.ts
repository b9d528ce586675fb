/**
 * The report's front page in Markdown, `index.md`, from the report model (report-model.ts): the
 * verdict matrix (each violated cell linking to its counterexamples), then one row per
 * counterexample with its length, how it was found and whether it was reproduced on Linux.
 */
import type { CellModel, ReportModel } from './report-model.ts';
import { cellAt } from './report-model.ts';

export type { ReportCell, ReportMeta } from './report-model.ts';

function cellText(r: ReportModel, c: CellModel | undefined): string {
  if (!c) return '';
  if (!c.applies) return 'n/a';
  const abbr = (x: CellModel['counterexamples'][number]) => (x.trace.invariant ? (r.invariants.find((i) => i.name === x.trace.invariant)?.abbreviation ?? x.trace.invariant) : 'trace');
  const links = c.counterexamples.map((x) => `[${abbr(x)}](${x.files.md})`);
  // A bound left some invariant undecided: never shown as holds.
  if (c.incomplete) links.push('incomplete');
  return links.length > 0 ? links.join('<br>') : 'holds';
}

export function indexMarkdownOf(r: ReportModel): string {
  const lines = [
    '# reapcheck report',
    '',
    `Generated ${r.generated}. Scope: ${r.scope}. Real replay: ${r.linux}.`,
    '',
    'Each cell lists the invariants the strategy violates in that scenario; each links to its counterexample',
    '(a picture, a step table and the replay commands). `holds` was established by the method in the table below.',
    '',
    `| strategy | ${r.scenarios.join(' | ')} |`,
    `|---|${r.scenarios.map(() => '---').join('|')}|`,
    ...r.strategies.map((st) => `| ${st} | ${r.scenarios.map((sc) => cellText(r, cellAt(r, st, sc))).join(' | ')} |`),
    '',
    `Legend: ${r.invariants.map((i) => `${i.abbreviation} = \`${i.name}\``).join(', ')}.`,
    '',
    '## Counterexamples',
    '',
    '| strategy | scenario | invariant | steps | found by | reproduced on Linux | trace |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const c of r.cells) {
    for (const x of c.counterexamples) {
      const t = x.trace;
      lines.push(`| ${c.strategy} | ${c.scenario} | [${t.invariant}](${x.files.md}) | ${t.steps.length} | ${x.foundByShort} | ${x.linuxShort ?? 'not run'} | [json](${x.files.json}) |`);
    }
  }
  lines.push('', '## How each cell was checked', '', '| strategy | scenario | method | states (or schedules) |', '|---|---|---|---|');
  for (const c of r.cells) if (c.applies) lines.push(`| ${c.strategy} | ${c.scenario} | ${c.method} | ${c.states} |`);
  lines.push('');
  return lines.join('\n');
}
