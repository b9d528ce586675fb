/**
 * Benchmark: what the HTML report adds to `npm start`. Runs `npm start`'s command (`matrix --out
 * DIR --exit-zero`, real replay included, which writes the Markdown and the HTML report) as a
 * subprocess, and, in-process on the same counterexamples, times making the Markdown report and
 * the HTML site (replaying every trace through the model for the step-through view, drawing the
 * SVGs, writing the files) on their own. `npm start` without the HTML is the first figure less the
 * HTML's. Rerun: `npx tsx bench/report-html.ts [repeat]`.
 */
import os from 'node:os';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATALOGUE } from '../catalogue/index.ts';
import { MATRIX_SCENARIOS, scenarioApplies } from '../model/scenario.ts';
import { DEFAULT_SCOPE, scenarioScope } from '../model/scope.ts';
import { createInstance } from '../model/instance.ts';
import { checkExhaustive } from '../properties/exhaustive.ts';
import type { InvariantName } from '../properties/invariants.ts';
import { INVARIANT_NAMES } from '../properties/invariants.ts';
import { encodeTrace, makeTrace } from '../properties/trace.ts';
import type { ReportCell } from '../report/report-model.ts';
import { reportModel } from '../report/report-model.ts';
import { indexMarkdownOf } from '../report/index-md.ts';
import { counterexamplePageMarkdown } from '../report/counterexample-md.ts';
import { htmlSite } from '../report/html/site.ts';

const repeat = Number(process.argv[2] ?? 3);
const BIN = fileURLToPath(new URL('../bin/reapcheck.mjs', import.meta.url));
const tmp = mkdtempSync(join(os.tmpdir(), 'reapcheck-bench-html-'));
console.log(`report benchmark: node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${repeat} runs`);

// The cells and counterexamples of the matrix, once.
const cells: ReportCell[] = [];
for (const st of CATALOGUE) {
  for (const sc of MATRIX_SCENARIOS) {
    const applies = scenarioApplies(sc, st.roles);
    const inst = applies ? createInstance(st, sc, scenarioScope(DEFAULT_SCOPE, sc)) : undefined;
    const v = inst ? checkExhaustive(inst) : undefined;
    const statuses = Object.fromEntries(INVARIANT_NAMES.map((n) => [n, v ? v.invariants[n].status : 'n/a'])) as Record<InvariantName, string>;
    const counterexamples = INVARIANT_NAMES.flatMap((n) => {
      const iv = v?.invariants[n];
      if (iv?.status !== 'violated') return [];
      const trace = makeTrace(inst!, iv.counterexample, { engine: 'exhaustive' });
      const base = `${st.name}--${sc.name}--${n}`;
      return [{ trace, page: `${base}.md`, json: `${base}.json` }];
    });
    cells.push({ strategy: st.name, scenario: sc.name, applies, method: 'exhaustive', states: v?.states ?? 0, statuses, counterexamples });
  }
}
const abbreviations = Object.fromEntries(INVARIANT_NAMES.map((n) => [n, n])) as Record<InvariantName, string>;

try {
  for (let r = 1; r <= repeat; r++) {
    const out = join(tmp, `start-${r}`);
    let t0 = performance.now();
    const run = spawnSync(process.execPath, [BIN, 'matrix', '--out', out, '--exit-zero'], { encoding: 'utf8' });
    const start = (performance.now() - t0) / 1000;
    if (run.status !== 0) throw new Error(`matrix exited ${run.status}: ${run.stderr}`);

    const dir = join(tmp, `gen-${r}`);
    mkdirSync(dir);
    t0 = performance.now();
    const model = reportModel(cells, { scope: 'default', generated: 'by the benchmark', linux: 'not run', abbreviations });
    for (const x of model.counterexamples) {
      writeFileSync(join(dir, x.files.json), encodeTrace(x.trace));
      writeFileSync(join(dir, x.files.md), counterexamplePageMarkdown(x));
    }
    writeFileSync(join(dir, 'index.md'), indexMarkdownOf(model));
    const markdown = (performance.now() - t0) / 1000;
    t0 = performance.now();
    let bytes = 0;
    for (const f of htmlSite(model)) {
      writeFileSync(join(dir, f.name), f.text);
      bytes += Buffer.byteLength(f.text);
    }
    const html = (performance.now() - t0) / 1000;
    console.log(
      `run ${r}: npm start (matrix --out, real replay, Markdown + HTML) ${start.toFixed(2)} s; ` +
        `of which Markdown report ${markdown.toFixed(2)} s, HTML site ${html.toFixed(2)} s (${model.counterexamples.length + 1} pages, ${(bytes / 2 ** 20).toFixed(1)} MiB); ` +
        `without the HTML ≈ ${(start - html).toFixed(2)} s`,
    );
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
