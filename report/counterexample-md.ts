/**
 * The markdown page of one counterexample (counterexample-model.ts): what was checked, what went
 * wrong, the picture (a Mermaid sequence diagram), the step table, and the commands that replay it.
 */
import type { TraceFile } from '../properties/trace.ts';
import type { CounterexampleModel } from './counterexample-model.ts';
import { counterexampleModel, filesOf } from './counterexample-model.ts';
import { mermaidOf } from './mermaid.ts';
import { markdownStepRows } from './step-table.ts';

export function counterexamplePageMarkdown(x: CounterexampleModel): string {
  const t = x.trace;
  const how = `${x.foundBy}${x.foundByPath !== null ? ` (fast-check path \`${x.foundByPath}\`)` : ''}`;
  const lines = [
    `# ${x.title}`,
    '',
    `[← the matrix](index.md) · trace file: [${x.files.json}](${x.files.json})`,
    '',
    `- **Strategy** \`${t.strategy.name}\`${t.strategy.versions ? ` (${t.strategy.versions})` : ''}: ${t.strategy.description}`,
    `- **Scenario** \`${t.scenario.name}\`: ${t.scenario.description}`,
    `- **Invariant** \`${t.invariant}\`: ${x.invariantDoc}.`,
    `- **What went wrong**: ${t.message}`,
    `- **Found by** ${how}; ${t.steps.length} steps.`,
    ...(x.onLinux ? [`- **On Linux**: ${x.onLinux}`] : []),
    '',
    '```mermaid',
    mermaidOf(x.diagram),
    '```',
    '',
    markdownStepRows(x.steps),
    '',
  ];
  if (x.blocked.length > 0) {
    lines.push('Blocked threads at the end:', '', ...x.blocked.map((b) => `- ${b.thread} waits for ${b.waitsFor}`), '');
  }
  lines.push('Replay it:', '', '```sh', `${x.replay.model}          # in the model`, `${x.replay.real}   # against real processes, in a private pid namespace`, '```', '');
  return lines.join('\n');
}

/**
 * The page of a trace written without the rest of a report (merge, write-traces.ts): `jsonName` is
 * the trace file's name relative to the page, `replayPath` the same file as the replay commands
 * name it, `linux` what the real replay said.
 */
export function counterexampleMarkdown(t: TraceFile, jsonName: string, replayPath: string = jsonName, linux?: string): string {
  return counterexamplePageMarkdown(counterexampleModel(t, filesOf(jsonName.replace(/\.json$/, ''), replayPath), linux ? { onLinux: linux } : {}));
}
