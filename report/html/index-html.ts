/**
 * The front page of the HTML report, `index.html` (from the same model as `index.md`,
 * report/report-model.ts): the matrix with each cell coloured by its verdict — and saying it in
 * words, colour is never the only sign — linked to its counterexamples, with the method and the
 * state count; the list of counterexamples with the "reproduced on Linux" column; the conformance
 * summary when there is one.
 */
import type { CellModel, ReportModel } from '../report-model.ts';
import { cellAt } from '../report-model.ts';
import type { ConformSummary } from '../conformance.ts';
import { esc } from './escape.ts';
import { page } from './page.ts';

const VERDICT_TEXT: Record<CellModel['verdict'], string> = {
  holds: 'holds',
  violated: 'violated',
  'n/a': 'n/a',
  incomplete: 'incomplete',
};

function abbreviation(r: ReportModel, name: string | null): string {
  return r.invariants.find((i) => i.name === name)?.abbreviation ?? String(name);
}

function cellHtml(r: ReportModel, c: CellModel | undefined): string {
  if (!c) return '<td></td>';
  const links = c.counterexamples.map((x) => `<a href="${esc(x.files.html)}" title="${esc(x.title)}">${esc(abbreviation(r, x.trace.invariant))}</a>`);
  const how = c.applies ? `<span class="how">${esc(c.method)}, ${c.states.toLocaleString('en')} ${c.method === 'random' ? 'schedules' : 'states'}</span>` : '';
  const extra = c.verdict === 'violated' && c.incomplete ? ' <span class="badge incomplete">+ incomplete</span>' : '';
  return `<td class="v-${c.verdict === 'n/a' ? 'na' : c.verdict}"><span class="verdict">${VERDICT_TEXT[c.verdict]}</span>${extra}${links.length > 0 ? `<span class="links">${links.join(' ')}</span>` : ''}${how}</td>`;
}

function matrix(r: ReportModel): string {
  const head = `<tr><th scope="col">strategy</th>${r.scenarios.map((s) => `<th scope="col">${esc(s)}</th>`).join('')}</tr>`;
  const rows = r.strategies.map((st) => `<tr><th scope="row">${esc(st)}</th>${r.scenarios.map((sc) => cellHtml(r, cellAt(r, st, sc))).join('')}</tr>`);
  return `<div class="scroll" tabindex="0" role="region" aria-labelledby="matrix-caption"><table class="matrix"><caption id="matrix-caption">Strategies (rows) in scenarios (columns): each cell's verdict, the invariants it violates (each a link to its counterexample), and how it was checked</caption>
<thead>${head}</thead><tbody>${rows.join('\n')}</tbody></table></div>`;
}

function legend(r: ReportModel): string {
  const verdicts = [
    ['holds', 'holds', 'every invariant holds, by the method named'],
    ['violated', 'violated', 'some invariant is violated: the links are its counterexamples'],
    ['na', 'n/a', 'the scenario needs a role the strategy lacks'],
    ['incomplete', 'incomplete', 'a bound stopped the search before it decided'],
  ];
  return `<ul class="legend">${verdicts.map(([cls, word, what]) => `<li><span class="swatch v-${cls}">${word}</span> ${what}</li>`).join('')}</ul>
<p class="abbr">${r.invariants.map((i) => `<abbr title="${esc(i.doc)}">${esc(i.abbreviation)}</abbr> = <code>${esc(i.name)}</code>`).join(', ')}</p>`;
}

function counterexampleTable(r: ReportModel): string {
  if (r.counterexamples.length === 0) return '<p>No counterexamples: nothing was violated.</p>';
  const rows = r.cells.flatMap((c) =>
    c.counterexamples.map(
      (x) =>
        `<tr><td>${esc(c.strategy)}</td><td>${esc(c.scenario)}</td><td><a href="${esc(x.files.html)}">${esc(String(x.trace.invariant))}</a></td><td>${x.steps.length}</td><td>${esc(x.foundByShort)}</td><td class="${x.linuxShort === 'reproduced' ? 'ok' : x.linuxShort ? 'bad' : ''}">${esc(x.linuxShort ?? 'not run')}</td><td><a href="${esc(x.files.json)}">json</a></td></tr>`,
    ),
  );
  return `<div class="scroll" tabindex="0" role="region" aria-labelledby="cx-caption"><table class="counterexamples"><caption id="cx-caption">${r.counterexamples.length} counterexamples</caption>
<thead><tr><th scope="col">strategy</th><th scope="col">scenario</th><th scope="col">invariant</th><th scope="col">steps</th><th scope="col">found by</th><th scope="col">reproduced on Linux</th><th scope="col">trace</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></div>`;
}

function conformance(c: ConformSummary): string {
  return `<section aria-labelledby="conform-h"><h2 id="conform-h">Conformance: the model against this kernel</h2>
<p>Seed ${c.seed}, ${c.runs} schedules per cell: ${c.schedules.toLocaleString('en')} schedules, ${c.steps.toLocaleString('en')} steps compared in ${c.seconds} s.
Divergences: <strong class="${c.divergences === 0 ? 'ok' : 'bad'}">${c.divergences}</strong>; errors: ${c.errors}; not forceable: ${c.unforceable}.</p>
${c.saved.length > 0 ? `<ul>${c.saved.map((s) => `<li><code>${esc(s)}</code> (<code>reapcheck replay --real ${esc(s)}</code>)</li>`).join('')}</ul>` : ''}
<p>A passing run is evidence that the model agrees with this kernel on these schedules, not a proof.</p></section>`;
}

export function indexHtml(r: ReportModel): string {
  const body = `<h1>reapcheck report</h1>
<p>Generated ${esc(r.generated.replace(/`/g, ''))}. Scope: ${esc(r.scope)}. Real replay: ${esc(r.linux)}.</p>
<section aria-labelledby="matrix-h"><h2 id="matrix-h">The matrix</h2>
${legend(r)}
${matrix(r)}</section>
<section aria-labelledby="cx-h"><h2 id="cx-h">Counterexamples</h2>
${counterexampleTable(r)}</section>
${r.conformance ? conformance(r.conformance) : ''}`;
  return page({ title: 'reapcheck report', nav: '<nav aria-label="report"><span class="brand">reapcheck</span></nav>', body });
}
