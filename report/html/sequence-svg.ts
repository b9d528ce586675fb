/**
 * A sequence diagram (report/sequence.ts, the model the Mermaid text is made from too) drawn as
 * SVG, here in Node when the report is made: lifelines for the threads, the environment's actors
 * and the kernel; syscalls as arrows to the kernel and answers back; notes for lock and memory
 * operations, ghost facts and the violation. Hand-written rather than a bundled library (Mermaid is
 * megabytes of script): the layout of a sequence diagram is rows and columns, and drawing it here
 * keeps the site small and the picture visible without running any script.
 *
 * Every item of step n sits in one `<g class="step" data-step="n">`, so the picture has exactly one
 * group per step; the step-through view highlights the group of the step it shows.
 */
import type { DiagramItem, SequenceDiagram } from '../sequence.ts';
import { KERNEL } from '../sequence.ts';
import { esc } from './escape.ts';

const COL = 190;
const KERNEL_COL = 320;
const MARGIN = 12;
const LINE = 15;
/** An estimate of one character's width at 12px in a monospace font: labels are wrapped by it. */
const CHAR = 7.3;

/** Words into lines of at most `max` characters; a word longer than a line is cut. */
export function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (let word of text.split(/\s+/).filter(Boolean)) {
    while (word.length > max) {
      if (cur) lines.push(cur), (cur = '');
      lines.push(word.slice(0, max));
      word = word.slice(max);
    }
    if (!cur) cur = word;
    else if (cur.length + 1 + word.length <= max) cur += ` ${word}`;
    else lines.push(cur), (cur = word);
  }
  if (cur) lines.push(cur);
  return lines.length > 0 ? lines : [''];
}

function labelOf(it: DiagramItem): string {
  return `${it.numbered ? `${it.step}. ` : ''}${it.text}${it.outcome !== undefined ? ` → ${it.outcome}` : ''}`;
}

function textLines(lines: readonly string[], x: number, y: number, anchor: 'start' | 'middle'): string {
  return lines.map((l, i) => `<text x="${x}" y="${y + i * LINE}" text-anchor="${anchor}">${esc(l)}</text>`).join('');
}

export function sequenceSvg(d: SequenceDiagram, title: string): string {
  const n = d.participants.length;
  const left = (i: number) => MARGIN + i * COL;
  const width = (i: number) => (d.participants[i] === KERNEL ? KERNEL_COL : COL);
  const centre = (p: string) => {
    const i = d.participants.indexOf(p);
    return left(i) + width(i) / 2;
  };
  const total = left(n - 1) + width(n - 1) + MARGIN;
  let y = 58;
  const body: string[] = [];
  let group: string[] = [];
  let groupStep: number | null | undefined;
  const flush = () => {
    if (group.length === 0) return;
    const cls = groupStep === null ? 'violation' : `step${groupStep === d.steps ? ' last' : ''}`;
    body.push(`<g class="${cls}"${groupStep !== null ? ` data-step="${groupStep}"` : ''}>${group.join('')}</g>`);
    group = [];
  };
  for (const it of d.items) {
    if (it.step !== groupStep) flush();
    groupStep = it.step;
    if (it.kind === 'message') {
      const x1 = centre(it.from);
      const x2 = centre(it.to);
      const lines = wrap(labelOf(it), Math.floor((Math.abs(x2 - x1) - 12) / CHAR));
      const mid = (x1 + x2) / 2;
      const yArrow = y + lines.length * LINE + 2;
      const cls = it.answer ? 'msg answer' : it.async ? 'msg async' : 'msg';
      group.push(`<g class="${cls}">${textLines(lines, mid, y + 10, 'middle')}<line x1="${x1}" y1="${yArrow}" x2="${x2 + (x2 > x1 ? -2 : 2)}" y2="${yArrow}" marker-end="url(#${it.async ? 'open' : 'head'})"/></g>`);
      y = yArrow + 14;
    } else {
      const xs = it.over.map(centre);
      const first = d.participants.indexOf(it.over[0]!);
      const last = d.participants.indexOf(it.over[it.over.length - 1]!);
      const x0 = it.over.length === 1 ? Math.min(...xs) - (width(first) - 16) / 2 : left(first) + 8;
      const x1 = it.over.length === 1 ? Math.max(...xs) + (width(last) - 16) / 2 : left(last) + width(last) - 8;
      const lines = wrap(labelOf(it), Math.floor((x1 - x0 - 12) / CHAR));
      const h = lines.length * LINE + 10;
      group.push(`<g class="note ${it.tone}"><rect x="${x0}" y="${y}" width="${x1 - x0}" height="${h}" rx="3"/>${textLines(lines, x0 + 6, y + 16, 'start')}</g>`);
      y += h + 8;
    }
  }
  flush();
  const height = y + 10;
  const heads = d.participants.map((p, i) => `<g class="actor"><rect x="${left(i) + 8}" y="8" width="${width(i) - 16}" height="30" rx="4"/><text x="${centre(p)}" y="28" text-anchor="middle">${esc(p)}</text></g>`);
  const lifelines = d.participants.map((p) => `<line class="lifeline" x1="${centre(p)}" y1="38" x2="${centre(p)}" y2="${height - 6}"/>`);
  return [
    `<svg class="sequence" xmlns="http://www.w3.org/2000/svg" width="${total}" height="${height}" viewBox="0 0 ${total} ${height}" role="img" aria-labelledby="seq-title" aria-describedby="steps-caption">`,
    `<title id="seq-title">${esc(title)}</title>`,
    '<defs><marker id="head" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker>',
    '<marker id="open" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10" fill="none"/></marker></defs>',
    ...lifelines,
    ...heads,
    ...body,
    '</svg>',
  ].join('\n');
}
