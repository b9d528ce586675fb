/**
 * A trace's sequence diagram (sequence.ts) as Mermaid `sequenceDiagram` text, which GitHub
 * renders natively: what the Markdown report and `show --mermaid` print.
 */
import type { TraceFile } from '../properties/trace.ts';
import type { DiagramItem, SequenceDiagram } from './sequence.ts';
import { sequenceDiagram } from './sequence.ts';

/** Mermaid reads `;` as a line end and `#` as an entity: keep them out of labels. */
function label(s: string): string {
  return s.replace(/;/g, ',').replace(/#/g, 'no. ').replace(/[\r\n]+/g, ' ');
}

function itemLine(it: DiagramItem): string {
  const text = `${it.numbered ? `${it.step}. ` : ''}${label(it.text)}${it.outcome !== undefined ? ` → ${label(it.outcome)}` : ''}`;
  if (it.kind === 'note') return `  Note over ${it.over.join(',')}: ${text}`;
  const arrow = it.answer ? '-->>' : it.async ? '-)' : '->>';
  return `  ${it.from}${arrow}${it.to}: ${text}`;
}

/** The Mermaid text of a diagram. */
export function mermaidOf(d: SequenceDiagram): string {
  return ['sequenceDiagram', ...d.participants.map((p) => `  participant ${p}`), ...d.items.map(itemLine)].join('\n');
}

export function mermaidSequence(t: TraceFile): string {
  return mermaidOf(sequenceDiagram(t));
}
