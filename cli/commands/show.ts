/**
 * `reapcheck show <trace>`: print a trace file as the numbered step table, with what was checked,
 * what went wrong, and the replay command.
 */
import { parseArgs } from '../args.ts';
import type { FlagSpec } from '../args.ts';
import { EXIT, UsageError } from '../errors.ts';
import { loadTrace, readTraceText } from '../load-trace.ts';
import { formatTrace } from '../format/step-table.ts';
import { scopeText } from '../scope-flag.ts';
import { mermaidSequence } from '../../report/mermaid.ts';
import type { CommandHelp, CommandOutput } from './output.ts';
import { decodeRunFile, isRunFile, runMermaid, runStepTable } from '../../report/run-file.ts';

const FLAGS: readonly FlagSpec[] = [{ name: 'mermaid' }];

export const SHOW_HELP: CommandHelp = {
  usage: 'show <trace.json>',
  flags: FLAGS,
  summary: 'print a counterexample trace, or a schedule saved by run, as a step table (or its Mermaid sequence diagram)',
};

/** A schedule of `reapcheck run`, shown like a trace: its step table, or its sequence diagram. */
function showRun(path: string, cwd: string, mermaid: boolean): CommandOutput | null {
  let value: unknown;
  try {
    value = JSON.parse(readTraceText(path, cwd));
  } catch {
    return null; // not readable or not JSON: loadTrace says why, in its words
  }
  if (!isRunFile(value)) return null;
  const f = decodeRunFile(value, path);
  if (mermaid) return { stdout: `${runMermaid(f)}\n`, code: EXIT.ok };
  const lines = [
    `reapcheck run: ${f.command.join(' ')} (${f.scheduler}, seed ${f.seed})`,
    ...f.verdicts.filter((v, i) => f.verdicts.findIndex((w) => w.name === v.name) === i).map((v) => `  ${v.name} VIOLATED: ${v.message}`),
    ...runStepTable(f, '  '),
    `  the program: ${f.exit}`,
    `  replay: reapcheck run --replay ${path} -- ${f.command.join(' ')}`,
  ];
  return { stdout: `${lines.join('\n')}\n`, code: EXIT.ok };
}

export function showCommand(argv: readonly string[], cwd: string): CommandOutput {
  const args = parseArgs('show', argv, FLAGS);
  if (args.positionals.length !== 1) throw new UsageError('show takes one trace file, e.g. reapcheck show reapcheck-traces/naive--reuse--no-stray-signal.json');
  const path = args.positionals[0]!;
  const run = showRun(path, cwd, args.switches.has('mermaid'));
  if (run) return run;
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
