/**
 * The whole HTML report as files: `index.html`, one page per counterexample (named as its
 * Markdown page, `.html`), and the one style sheet and one script they share. Pure: the caller
 * (cli/write-report.ts) writes them.
 */
import type { ReportModel } from '../report-model.ts';
import { counterexampleHtml } from './counterexample-html.ts';
import { indexHtml } from './index-html.ts';
import { SCRIPT_FILE, STYLE_FILE } from './page.ts';
import { assetText } from './assets.ts';

export interface SiteFile {
  readonly name: string;
  readonly text: string;
}

export function htmlSite(r: ReportModel): SiteFile[] {
  const cx = r.counterexamples;
  return [
    { name: STYLE_FILE, text: assetText('report.css') },
    { name: SCRIPT_FILE, text: assetText('step-through.js') },
    ...cx.map((x, i) => ({ name: x.files.html, text: counterexampleHtml(x, { prev: cx[i - 1], next: cx[i + 1] }) })),
    { name: 'index.html', text: indexHtml(r) },
  ];
}
