/**
 * `reapcheck list`: every catalogue strategy, scenario and invariant, one line each with its
 * one-line description, under the exact names the other commands accept.
 */
import { CATALOGUE } from '../../catalogue/index.ts';
import { SCALE_SCENARIOS, SCENARIOS, PROCESS_SCENARIOS } from '../../model/scenario.ts';
import { INVARIANTS } from '../../properties/invariants.ts';
import { parseArgs } from '../args.ts';
import { UsageError } from '../errors.ts';
import { renderTable } from '../format/table.ts';
import type { CommandHelp, CommandOutput } from './output.ts';

export const LIST_HELP: CommandHelp = { usage: 'list', flags: [], summary: 'the catalogue strategies, the scenarios and the invariants' };

/**
 * The first sentence of a paragraph: catalogue descriptions are paragraphs, a list line is one
 * sentence. A sentence ends at ". " — "Popen.wait()" or "3.9" do not end one.
 */
export function firstSentence(text: string): string {
  const m = /^(.*?[.!?])\s/.exec(text.replace(/\s+/g, ' '));
  return (m ? m[1]! : text).replace(/\.$/, '');
}

export function listCommand(argv: readonly string[]): CommandOutput {
  const args = parseArgs('list', argv, LIST_HELP.flags);
  if (args.positionals.length > 0) throw new UsageError(`"reapcheck list" takes no arguments; got ${args.positionals.join(' ')}`);
  // An empty header aligns the two columns; its (blank) line is dropped.
  const section = (title: string, rows: [string, string][]) => [`${title}:`, ...renderTable(['', ''], rows, { indent: '  ' }).slice(1)];
  const lines = [
    ...section('strategies', CATALOGUE.map((s) => [s.name, firstSentence(s.description)])),
    '',
    ...section('scenarios', SCENARIOS.map((s) => [s.name, s.description])),
    '',
    ...section('process-wide scenarios (for strategies with a loop role; 2 children unless --children says)', PROCESS_SCENARIOS.map((s) => [s.name, s.description])),
    '',
    // Not in the matrix (expected-verdicts.md has no column for them): named with --scenario, grown with --children.
    ...section('scale scenarios (use with --scenario and --children N)', SCALE_SCENARIOS.map((s) => [s.name, s.description])),
    '',
    ...section('invariants', INVARIANTS.map((i) => [i.name, i.doc])),
  ];
  return { stdout: `${lines.join('\n')}\n`, code: 0 };
}
