/**
 * `reapcheck matrix [--scope k=v,...] [--json]`: every catalogue strategy in every scenario,
 * exhaustively — the table of expected-verdicts.md, computed. Exit 1 when any cell has a
 * violation, which the catalogue's known-buggy strategies guarantee: that is the finding.
 */
import { CATALOGUE } from '../../catalogue/index.ts';
import { SCENARIOS } from '../../model/scenario.ts';
import { parseArgs } from '../args.ts';
import type { FlagSpec } from '../args.ts';
import { EXIT, UsageError } from '../errors.ts';
import { anyViolated, cellsDocument, runCell } from '../cells.ts';
import { resolveScope } from '../scope-flag.ts';
import { formatMatrix } from '../format/matrix-table.ts';
import type { CommandHelp, CommandOutput } from './output.ts';

export const MATRIX_HELP: CommandHelp = {
  synopsis: 'matrix [--scope k=v,...] [--json]',
  summary: 'every catalogue strategy in every scenario, as a table (or {"cells":[...]} with --json)',
};

const FLAGS: readonly FlagSpec[] = [
  { name: 'scope', value: 'k=v,...', repeatable: true, example: 'pidCount=3,spawns=1' },
  { name: 'json' },
];

export function matrixCommand(argv: readonly string[]): CommandOutput {
  const args = parseArgs('matrix', argv, FLAGS);
  if (args.positionals.length > 0) throw new UsageError(`"reapcheck matrix" takes no arguments; got ${args.positionals.join(' ')}`);
  const scope = resolveScope(undefined, '', args.values.get('scope') ?? []);
  // The CLI may read a clock (the model never does, style.md §2): wall time includes the overhead between cells.
  const t0 = performance.now();
  const cells = CATALOGUE.flatMap((st) => SCENARIOS.map((sc) => runCell(st, sc, scope)));
  const wall = (performance.now() - t0) / 1000;
  const stdout = args.switches.has('json') ? cellsDocument(cells) : formatMatrix(cells, scope, wall);
  return { stdout, code: anyViolated(cells) ? EXIT.violated : EXIT.ok };
}
