/**
 * The frame every page of the HTML report shares: the document head (local style and script only:
 * the site is opened from disk and makes no request), a skip link for keyboard users, and the
 * header that leads back to the matrix.
 */
import { esc } from './escape.ts';

export interface PageParts {
  readonly title: string;
  /** Links in the header (the matrix page has none but its title). */
  readonly nav?: string;
  readonly body: string;
  /** Does the page need the step-through script? */
  readonly script?: boolean;
}

export const STYLE_FILE = 'reapcheck-report.css';
export const SCRIPT_FILE = 'reapcheck-step-through.js';

export function page(p: PageParts): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(p.title)}</title>
<link rel="stylesheet" href="${STYLE_FILE}">
${p.script ? `<script src="${SCRIPT_FILE}" defer></script>\n` : ''}</head>
<body>
<a class="skip" href="#main">Skip to the content</a>
<header class="site">${p.nav ?? ''}</header>
<main id="main">
${p.body}
</main>
<footer class="site"><p>Made by reapcheck. Every file of this report is local: it opens from disk and fetches nothing.</p></footer>
</body>
</html>
`;
}
