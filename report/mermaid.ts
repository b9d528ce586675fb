/**
 * A trace as a Mermaid `sequenceDiagram` (GitHub renders it natively): the strategy's threads,
 * the environment's actors and the kernel as lifelines; syscalls as messages to the kernel and
 * its answers back; shared-memory and lock operations as notes on the thread; ghost facts as notes
 * on the kernel; the violation as the last note.
 */
import type { TraceFile } from '../properties/trace.ts';
import { stepAction, stepOutcome } from './step-table.ts';

const SYSCALLS = new Set(['waitpid', 'waitid', 'kill', 'pidfd_open', 'pidfd_send_signal', 'poll', 'close', 'open']);

/** Mermaid reads `;` as a line end and `#` as an entity: keep them out of labels. */
function label(s: string): string {
  return s.replace(/;/g, ',').replace(/#/g, 'no. ').replace(/[\r\n]+/g, ' ');
}

export function mermaidSequence(t: TraceFile): string {
  const actors: string[] = [];
  for (const s of t.steps) if (!actors.includes(s.actor)) actors.push(s.actor);
  const lines = ['sequenceDiagram'];
  for (const a of actors) lines.push(`  participant ${a}`);
  lines.push('  participant Kernel');
  t.steps.forEach((s, i) => {
    const n = i + 1;
    const isCall = SYSCALLS.has(s.call.name) || s.phase === 'event';
    if (s.phase === 'complete') {
      lines.push(`  Kernel-->>${s.actor}: ${n}. ${label(stepAction(s))} → ${label(stepOutcome(s))}`);
    } else if (s.phase === 'enter') {
      lines.push(`  ${s.actor}-)Kernel: ${n}. ${label(stepAction(s))}`);
    } else if (isCall) {
      lines.push(`  ${s.actor}->>Kernel: ${n}. ${label(stepAction(s))}`);
      const out = stepOutcome(s);
      if (out !== '-') lines.push(`  Kernel-->>${s.actor}: ${label(out)}`);
    } else {
      const out = stepOutcome(s);
      lines.push(`  Note over ${s.actor}: ${n}. ${label(stepAction(s))}${out !== '-' ? ` → ${label(out)}` : ''}`);
    }
    for (const note of s.notes) lines.push(`  Note over Kernel: ${label(note)}`);
  });
  const last = t.steps[t.steps.length - 1]?.actor ?? 'Kernel';
  lines.push(`  Note over ${last},Kernel: VIOLATED ${t.invariant}: ${label(t.message)}`);
  return lines.join('\n');
}
