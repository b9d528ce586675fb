/**
 * One model of the report, two renderers: the Markdown pages and the HTML site read the same
 * report model (report/report-model.ts), the Mermaid text and the SVG the same sequence diagram,
 * and the step-through view's worlds come from replaying the trace in the model. No browser here
 * (browser.test.ts opens the site in Chromium).
 */
import { describe, expect, it } from 'vitest';
import { findStrategy } from '../../catalogue/index.ts';
import { findScenario } from '../../model/scenario.ts';
import { DEFAULT_SCOPE } from '../../model/scope.ts';
import { INVARIANT_NAMES } from '../../properties/invariants.ts';
import type { InvariantName } from '../../properties/invariants.ts';
import type { TraceFile } from '../../properties/trace.ts';
import { runCell } from '../../cli/cells.ts';
import { ABBREVIATIONS } from '../../cli/format/matrix-table.ts';
import { reportModel } from '../../report/report-model.ts';
import type { ReportCell } from '../../report/report-model.ts';
import { indexMarkdownOf } from '../../report/index-md.ts';
import { counterexampleMarkdown, counterexamplePageMarkdown } from '../../report/counterexample-md.ts';
import { mermaidOf } from '../../report/mermaid.ts';
import { sequenceSvg } from '../../report/html/sequence-svg.ts';
import { htmlSite } from '../../report/html/site.ts';
import { worldViews } from '../../report/html/world-views.ts';
import { parseConformSummary } from '../../report/conformance.ts';

function traceOf(strategy: string, scenario: string, invariant: InvariantName): TraceFile {
  const cell = runCell(findStrategy(strategy)!, findScenario(scenario)!, DEFAULT_SCOPE);
  return cell.traces[invariant]!;
}

const duct = traceOf('duct-0.6.3-py39', 'reuse', 'no-wait-error');
const statuses = (s: string) => Object.fromEntries(INVARIANT_NAMES.map((n) => [n, s])) as Record<InvariantName, string>;
const real = {
  reproduced: true,
  message: 'reproduced on Linux 6.1: no-wait-error — waiter returns error(ECHILD)',
  divergence: null,
  steps: duct.steps.map((s, i) => ({ step: i + 1, actor: s.actor, call: s.call.name, model: 'ok', linux: 'ok' })),
};
const cells: ReportCell[] = [
  { strategy: 'duct-0.6.3-py39', scenario: 'reuse', applies: true, method: 'exhaustive', states: 120, statuses: { ...statuses('holds'), 'no-wait-error': 'violated' }, counterexamples: [{ trace: duct, page: 'd.md', json: 'd.json', linux: 'reproduced', onLinux: real.message, real }] },
  { strategy: 'duct-0.6.3-py39', scenario: 'pool', applies: true, method: 'exhaustive', states: 9, statuses: { ...statuses('holds'), 'no-deadlock': 'incomplete' }, counterexamples: [] },
  { strategy: 'duct-0.6.3-py39', scenario: 'poll-race', applies: false, method: 'exhaustive', states: 0, statuses: statuses('n/a'), counterexamples: [] },
];
const model = reportModel(cells, { scope: 'pids 100-101', generated: 'by a test', linux: 'Linux 6.1', abbreviations: ABBREVIATIONS });

describe('the report model', () => {
  it('gives each cell one verdict word: violated, incomplete (a bound), n/a, holds', () => {
    expect(model.cells.map((c) => c.verdict)).toEqual(['violated', 'incomplete', 'n/a']);
  });

  it('the Markdown index and the HTML index show the same cells', () => {
    const md = indexMarkdownOf(model);
    expect(md).toContain('| duct-0.6.3-py39 | [wait-error](d.md) | incomplete | n/a |');
    const index = htmlSite(model).find((f) => f.name === 'index.html')!.text;
    expect(index).toContain('<td class="v-violated"><span class="verdict">violated</span><span class="links"><a href="d.html"');
    expect(index).toContain('<td class="v-incomplete"><span class="verdict">incomplete</span>');
    expect(index).toContain('<td class="v-na"><span class="verdict">n/a</span>');
    expect(index).toContain('exhaustive, 120 states');
  });

  it('a counterexample page is the same whether made from a whole report or from its trace alone', () => {
    const x = model.counterexamples[0]!;
    expect(counterexamplePageMarkdown(x)).toBe(counterexampleMarkdown(duct, 'd.json', 'd.json', real.message));
  });

  it('the Mermaid text and the SVG draw the same diagram: one SVG group per step, the violation last', () => {
    const d = model.counterexamples[0]!.diagram;
    const svg = sequenceSvg(d, 'duct');
    expect(svg.match(/<g class="step[^"]*" data-step="\d+">/g)).toHaveLength(duct.steps.length);
    expect(mermaidOf(d).split('\n').filter((l) => /^ {2}\S/.test(l) && !l.startsWith('  participant'))).toHaveLength(d.items.length);
    expect(svg).toContain('VIOLATED no-wait-error: waiter returned error(ECHILD)');
  });

  it('the HTML page shows the real replay step by step, and the conformance summary when there is one', () => {
    const page = htmlSite(model).find((f) => f.name === 'd.html')!.text;
    expect(page).toContain('On Linux, step by step');
    expect((page.match(/<tr><td>\d+<\/td>/g) ?? []).length).toBeGreaterThanOrEqual(duct.steps.length);
    const summary = parseConformSummary(JSON.stringify({ schedules: 5, steps: 50, divergences: 1, unforceable: 0, errors: 0, seed: 1, runs: 1, seconds: 1, saved: ['x.json'] }))!;
    expect(parseConformSummary('not json')).toBeUndefined();
    const withSummary = reportModel(cells, { scope: '', generated: '', linux: '', abbreviations: ABBREVIATIONS, conformance: summary });
    expect(htmlSite(withSummary).find((f) => f.name === 'index.html')!.text).toContain('Divergences: <strong class="bad">1</strong>');
  });
});

describe('the worlds of the step-through view', () => {
  const views = worldViews(duct);

  it('one world before the first step and one after each step', () => {
    expect(views).toHaveLength(duct.steps.length + 1);
  });

  it('shows the process table, threads, locks and ghost facts as the model has them', () => {
    expect(views[0]!.procs).toEqual([{ pid: 100, inc: 1, state: 'running', parent: 'ours', role: 'child', status: '' }]);
    expect(views[10]!.procs[0]).toMatchObject({ state: 'zombie', status: 'exited(3)' });
    expect(views[11]!.procs[0]).toMatchObject({ state: 'reaped' });
    expect(views[11]!.freePids).toEqual([100, 101]);
    expect(views[11]!.ghost[0]).toBe('reaped incarnation 1 of pid 100 (the child): pid 100 is free again (K1)');
    expect(views[1]!.locks).toContainEqual(['wait_lock', 'held by waiter']);
    const waiter = views[13]!.threads.find((t) => t.name === 'waiter')!;
    expect(waiter).toMatchObject({ kind: 'returned', state: 'returned error(ECHILD)' });
  });

  it('a pidfd strategy shows its fds', () => {
    const t = traceOf('pidfd', 'two-waiters', 'no-wait-error');
    expect(worldViews(t)[0]!.fds).toContainEqual([3, 'pidfd → incarnation 1']);
  });
});
