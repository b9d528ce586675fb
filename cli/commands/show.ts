/**
 * `reapcheck show <trace>`: print a trace file as the numbered step table, with what was checked,
 * what went wrong, and the replay command.
 */
import { parseArgs } from '../args.ts';
import { EXIT, UsageError } from '../errors.ts';
import { loadTrace } from '../load-trace.ts';
import { formatTrace } from '../format/step-table.ts';
import { scopeText } from '../scope-flag.ts';
import { mermaidSequence } from '../../report/mermaid.ts';
import type { CommandHelp, CommandOutput } from './output.ts';

export const SHOW_HELP: CommandHelp = {
  synopsis: 'show <trace.json> [--mermaid]',
  summary: 'print a counterexample trace as a step table (or its Mermaid sequence diagram)',
};

export function showCommand(argv: readonly string[], cwd: string): CommandOutput {
  const args = parseArgs('show', argv, [{ name: 'mermaid' }]);
  if (args.positionals.length !== 1) throw new UsageError('show takes one trace file, e.g. reapcheck show reapcheck-traces/naive--reuse--no-stray-signal.json');
  const path = args.positionals[0]!;
  const t = loadTrace(path, cwd);
  if (args.switches.has('mermaid')) return { stdout: `${mermaidSequence(t)}\n`, code: EXIT.ok };
  const lines = [
    `${t.strategy.name} × ${t.scenario.name}: ${t.invariant} VIOLATED`,
    `  ${t.message}`,
    `  scope: ${scopeText(t.scope)}`,
    ...formatTrace(t, '  '),
    `  replay: reapcheck replay ${path}`,
  ];
  return { stdout: `${lines.join('\n')}\n`, code: EXIT.ok };
}
