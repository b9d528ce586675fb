/**
 * One counterexample's HTML page (from the same model as its Markdown page,
 * report/counterexample-model.ts): what was checked and what went wrong, the sequence diagram as
 * SVG, the step-through view of the world after each step, the step table (the diagram's text
 * alternative), the real replay's step-by-step comparison when one ran, and the replay commands.
 */
import type { CounterexampleModel } from '../counterexample-model.ts';
import { esc, jsonForScript } from './escape.ts';
import { page } from './page.ts';
import { sequenceSvg } from './sequence-svg.ts';
import { worldViews } from './world-views.ts';

/** The neighbours in the report's order, for the previous/next links. */
export interface Neighbours {
  readonly prev?: CounterexampleModel;
  readonly next?: CounterexampleModel;
}

const code = (s: string) => `<code>${esc(s)}</code>`;

function facts(x: CounterexampleModel): string {
  const t = x.trace;
  const rows: [string, string][] = [
    ['Strategy', `${code(t.strategy.name)}${t.strategy.versions ? ` (${esc(t.strategy.versions)})` : ''}: ${esc(t.strategy.description)}`],
    ['Scenario', `${code(t.scenario.name)}: ${esc(t.scenario.description)}`],
    ['Invariant', `${code(String(t.invariant))}: ${esc(x.invariantDoc)}.`],
    ['What went wrong', esc(t.message)],
    ['Found by', `${esc(x.foundBy)}${x.foundByPath !== null ? ` (fast-check path ${code(x.foundByPath)})` : ''}; ${t.steps.length} steps.`],
    ['On Linux', x.onLinux ? esc(x.onLinux) : 'not replayed on Linux in this run (see the commands below)'],
  ];
  return `<dl class="facts">${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

function stepTable(x: CounterexampleModel): string {
  const rows = x.steps.map(
    (r) =>
      `<tr id="step-${r.n}" data-step="${r.n}"${r.n === x.steps.length ? ' class="violating"' : ''}><td>${r.n}</td><td>${esc(r.actor)}</td><td>${code(r.action)}</td><td>${esc(r.outcome)}</td><td>${r.notes.map(esc).join('<br>')}${r.n === x.steps.length ? ` <strong class="badge violated">violates ${esc(String(x.trace.invariant))}</strong>` : ''}</td></tr>`,
  );
  return `<div class="scroll" tabindex="0" role="region" aria-labelledby="steps-caption"><table class="steps"><caption id="steps-caption">The ${x.steps.length} steps in words (the text version of the picture)</caption>
<thead><tr><th scope="col">#</th><th scope="col">thread</th><th scope="col">step</th><th scope="col">result</th><th scope="col">what it means</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></div>`;
}

function realComparison(x: CounterexampleModel): string {
  if (!x.real) return '';
  const r = x.real;
  const changes = (l: readonly string[] | undefined) => (l && l.length > 0 ? `<br><span class="procs">${l.map(esc).join('<br>')}</span>` : '');
  const rows = r.steps.map((s) => {
    // The texts differ in tense ("returns" / "returned"): only the divergence the replay found marks a row.
    const differs = r.divergence?.step === s.step;
    return `<tr${differs ? ' class="differs"' : ''}><td>${s.step}</td><td>${esc(s.actor)}</td><td>${code(s.call)}</td><td>${esc(s.model)}${changes(s.procs?.model)}</td><td>${esc(s.linux)}${changes(s.procs?.linux)}</td></tr>`;
  });
  return `<section aria-labelledby="real-h"><h2 id="real-h">On Linux, step by step</h2>
<p class="${r.reproduced ? 'ok' : 'bad'}">${esc(r.message)}</p>
<div class="scroll" tabindex="0" role="region" aria-label="the real replay, step by step"><table class="real"><thead><tr><th scope="col">#</th><th scope="col">thread</th><th scope="col">call</th><th scope="col">the model predicted</th><th scope="col">Linux did</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></div></section>`;
}

function stepThrough(x: CounterexampleModel): string {
  const n = x.steps.length;
  const data = {
    invariant: x.trace.invariant,
    message: x.trace.message,
    blocked: x.blocked,
    steps: x.steps.map((r) => ({ n: r.n, actor: r.actor, action: r.action, outcome: r.outcome })),
    worlds: worldViews(x.trace),
  };
  return `<section id="step-through" aria-labelledby="st-h"><h2 id="st-h">The world after each step</h2>
<p class="hint">Move with the slider or the buttons; keys: <kbd>←</kbd> <kbd>→</kbd> (or <kbd>k</kbd> <kbd>j</kbd>), <kbd>Home</kbd>, <kbd>End</kbd>. A step in the picture or the table opens it here. Step ${n} (marked) violates the invariant.</p>
<div class="controls">
<button type="button" id="st-prev" aria-label="previous step">◀</button>
<input type="range" id="st-slider" min="0" max="${n}" step="1" value="0" list="st-ticks" aria-label="step">
<datalist id="st-ticks"><option value="0" label="start"></option><option value="${n}" label="violation"></option></datalist>
<button type="button" id="st-next" aria-label="next step">▶</button>
</div>
<p id="st-label" class="st-label" aria-live="polite"></p>
<p id="st-violation" class="banner violated" role="status" hidden></p>
<div id="st-world" class="world"></div>
<noscript><p>The step-through view needs JavaScript; the step table below says the same in words.</p></noscript>
<script type="application/json" id="st-data">${jsonForScript(data)}</script>
</section>`;
}

export function counterexampleHtml(x: CounterexampleModel, around: Neighbours = {}): string {
  const link = (y: CounterexampleModel | undefined, rel: string, text: string) => (y ? `<a href="${esc(y.files.html)}" rel="${rel}">${text}: ${esc(y.title)}</a>` : '');
  const nav = `<nav aria-label="report"><a href="index.html">← the matrix</a> ${link(around.prev, 'prev', 'previous')} ${link(around.next, 'next', 'next')} <a href="${esc(x.files.json)}">trace file (${esc(x.files.json)})</a></nav>`;
  const blocked = x.blocked.length > 0 ? `<p>Blocked threads at the end:</p><ul>${x.blocked.map((b) => `<li>${esc(b.thread)} waits for ${esc(b.waitsFor)}</li>`).join('')}</ul>` : '';
  const body = `<h1>${esc(x.title)}</h1>
${facts(x)}
<section aria-labelledby="pic-h"><h2 id="pic-h">The picture</h2>
<figure class="sequence"><div class="scroll" tabindex="0" role="region" aria-label="sequence diagram, scrolls sideways">${sequenceSvg(x.diagram, `Sequence diagram of ${x.title}: ${x.steps.length} steps; the step table below is its text version`)}</div>
<figcaption>Arrows are system calls and the kernel's answers, notes on a thread are lock and memory operations, notes on the kernel are ghost facts (what only the invariants see).</figcaption></figure></section>
${stepThrough(x)}
<section aria-labelledby="table-h"><h2 id="table-h">The steps</h2>
${stepTable(x)}
${blocked}</section>
${realComparison(x)}
<section aria-labelledby="replay-h"><h2 id="replay-h">Replay it</h2>
<pre><code>${esc(x.replay.model)}          # in the model
${esc(x.replay.real)}   # against real processes, in a private pid namespace</code></pre></section>`;
  return page({ title: x.title, nav, body, script: true });
}
