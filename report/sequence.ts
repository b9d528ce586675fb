/**
 * A trace as a sequence diagram, as data: the lifelines (the strategy's threads, the environment's
 * actors, the kernel) and, in order, the messages and notes of each step. One model read by two
 * renderers — the Mermaid text of the Markdown report (mermaid.ts) and the SVG of the HTML report
 * (html/sequence-svg.ts) — so the picture on GitHub and the picture in a browser cannot drift.
 *
 * Syscalls are messages to the kernel and its answers back; shared-memory and lock operations are
 * notes on the thread; ghost facts are notes on the kernel; the violation is the last note.
 */
import type { TraceFile } from '../properties/trace.ts';
import { stepAction, stepOutcome } from './step-table.ts';

const SYSCALLS = new Set(['waitpid', 'waitid', 'kill', 'pidfd_open', 'pidfd_send_signal', 'poll', 'close', 'open']);

/** The kernel's lifeline: always the last one. */
export const KERNEL = 'Kernel';

/** An arrow between two lifelines. */
export interface DiagramMessage {
  readonly kind: 'message';
  /** The step it belongs to (1-based). */
  readonly step: number;
  /** Is the step number printed on it (the first item of a step)? */
  readonly numbered: boolean;
  readonly from: string;
  readonly to: string;
  readonly text: string;
  /** What the step got, printed after an arrow on the same label. */
  readonly outcome?: string;
  /** The kernel's answer (a dashed arrow back). */
  readonly answer: boolean;
  /** A call that blocks: the caller does not wait on the arrow (Mermaid's `-)`). */
  readonly async: boolean;
}

/** A note over one or more lifelines. */
export interface DiagramNote {
  readonly kind: 'note';
  /** The step it belongs to; null for the closing violation note. */
  readonly step: number | null;
  readonly numbered: boolean;
  readonly over: readonly string[];
  readonly text: string;
  readonly outcome?: string;
  /** A ghost fact (what only the invariants see), or the violation itself. */
  readonly tone: 'action' | 'ghost' | 'violation';
}

export type DiagramItem = DiagramMessage | DiagramNote;

export interface SequenceDiagram {
  /** Actors in order of first appearance, then the kernel. */
  readonly participants: readonly string[];
  readonly items: readonly DiagramItem[];
  /** How many steps it shows: each step is drawn by the items that carry its number. */
  readonly steps: number;
}

export function sequenceDiagram(t: TraceFile): SequenceDiagram {
  const actors: string[] = [];
  for (const s of t.steps) if (!actors.includes(s.actor)) actors.push(s.actor);
  const items: DiagramItem[] = [];
  const message = (step: number, numbered: boolean, from: string, to: string, text: string, extra: { outcome?: string; answer?: boolean; async?: boolean } = {}) =>
    items.push({ kind: 'message', step, numbered, from, to, text, ...(extra.outcome !== undefined ? { outcome: extra.outcome } : {}), answer: extra.answer ?? false, async: extra.async ?? false });
  t.steps.forEach((s, i) => {
    const n = i + 1;
    const out = stepOutcome(s);
    if (s.phase === 'complete') message(n, true, KERNEL, s.actor, stepAction(s), { outcome: out, answer: true });
    else if (s.phase === 'enter') message(n, true, s.actor, KERNEL, stepAction(s), { async: true });
    else if (SYSCALLS.has(s.call.name) || s.phase === 'event') {
      message(n, true, s.actor, KERNEL, stepAction(s));
      if (out !== '-') message(n, false, KERNEL, s.actor, out, { answer: true });
    } else {
      items.push({ kind: 'note', step: n, numbered: true, over: [s.actor], text: stepAction(s), ...(out !== '-' ? { outcome: out } : {}), tone: 'action' });
    }
    for (const note of s.notes) items.push({ kind: 'note', step: n, numbered: false, over: [KERNEL], text: note, tone: 'ghost' });
  });
  const last = t.steps[t.steps.length - 1]?.actor ?? KERNEL;
  items.push({ kind: 'note', step: null, numbered: false, over: [last, KERNEL], text: `VIOLATED ${t.invariant}: ${t.message}`, tone: 'violation' });
  return { participants: [...actors, KERNEL], items, steps: t.steps.length };
}
