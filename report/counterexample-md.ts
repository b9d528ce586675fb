/**
 * The markdown page of one counterexample: what was checked, what went wrong, the picture (a
 * Mermaid sequence diagram), the step table, and the commands that replay it.
 */
import type { TraceFile } from '../properties/trace.ts';
import { INVARIANTS } from '../properties/invariants.ts';
import { mermaidSequence } from './mermaid.ts';
import { markdownStepTable } from './step-table.ts';

/**
 * `jsonName` is the trace file's name relative to the page (they sit side by side); `replayPath`
 * the same file as the replay commands name it (from where the report was made); `linux` what the
 * real replay said.
 */
export function counterexampleMarkdown(t: TraceFile, jsonName: string, replayPath: string = jsonName, linux?: string): string {
  const inv = INVARIANTS.find((i) => i.name === t.invariant)!;
  const how =
    t.engine === 'exhaustive'
      ? 'breadth-first search over every reachable world: no shorter schedule violates it'
      : `fast-check random schedules, seed ${t.seed}, shrunk (fast-check path \`${t.path}\`)`;
  const lines = [
    `# ${t.strategy.name} × ${t.scenario.name}: ${t.invariant} violated`,
    '',
    `[← the matrix](index.md) · trace file: [${jsonName}](${jsonName})`,
    '',
    `- **Strategy** \`${t.strategy.name}\`${t.strategy.versions ? ` (${t.strategy.versions})` : ''}: ${t.strategy.description}`,
    `- **Scenario** \`${t.scenario.name}\`: ${t.scenario.description}`,
    `- **Invariant** \`${t.invariant}\`: ${inv.doc}.`,
    `- **What went wrong**: ${t.message}`,
    `- **Found by** ${how}; ${t.steps.length} steps.`,
    ...(linux ? [`- **On Linux**: ${linux}`] : []),
    '',
    '```mermaid',
    mermaidSequence(t),
    '```',
    '',
    markdownStepTable(t),
    '',
  ];
  if (t.blocked && t.blocked.length > 0) {
    lines.push('Blocked threads at the end:', '', ...t.blocked.map((b) => `- ${b.thread} waits for ${b.waitsFor}`), '');
  }
  lines.push(
    'Replay it:',
    '',
    '```sh',
    `npx reapcheck replay ${replayPath}          # in the model`,
    `npx reapcheck replay --real ${replayPath}   # against real processes, in a private pid namespace`,
    '```',
    '',
  );
  return lines.join('\n');
}
