/**
 * `reapcheck check <name|file> [--scenario S]... [--scope k=v,...] [--json]`: check a catalogue
 * strategy, or the strategies of a user's file, in every scenario that applies (or the ones
 * named), exhaustively. Exit 0 when every invariant holds, 1 when one is violated.
 */
import { CATALOGUE, findStrategy } from '../../catalogue/index.ts';
import { MATRIX_SCENARIOS } from '../../model/scenario.ts';
import type { Scenario } from '../../model/scenario.ts';
import type { Strategy } from '../../model/strategy/types.ts';
import { InputError } from '../../model/errors.ts';
import { parseArgs } from '../args.ts';
import type { FlagSpec } from '../args.ts';
import { EXIT, UsageError } from '../errors.ts';
import type { Cell } from '../cells.ts';
import { anyViolated, cellsDocument, cellsErrorLine, cellsExitCode, runCellParallel } from '../cells.ts';
import { loadStrategyFile, looksLikeFile } from '../load-strategy.ts';
import { resolveScope } from '../scope-flag.ts';
import { formatCheckReport } from '../format/check-report.ts';
import type { CommandHelp, CommandOutput } from './output.ts';
import { ENGINE_FLAGS, engineOptions } from '../engine.ts';
import { applyScaleFlags, SCALE_FLAGS } from '../scale-flags.ts';
import { SCALE_SCENARIOS } from '../../model/scenario.ts';
import { makeProgress } from '../progress.ts';
import type { UserInvariant } from '../../properties/user-invariants.ts';
import { userInvariants } from '../../properties/user-invariants.ts';
import { writeCellTraces } from '../write-traces.ts';
import { writeCheckReport } from '../write-report.ts';
import { scopeText } from '../scope-flag.ts';

const FLAGS: readonly FlagSpec[] = [
  { name: 'scenario', value: 'S', repeatable: true, example: 'reuse' },
  { name: 'scope', value: 'k=v,...', repeatable: true, example: 'pidCount=3,spawns=1' },
  ...ENGINE_FLAGS,
  ...SCALE_FLAGS,
  { name: 'out', value: 'DIR', example: 'traces' },
  { name: 'json' },
];

export const CHECK_HELP: CommandHelp = {
  usage: 'check <name|file>',
  flags: FLAGS,
  summary: 'check a catalogue strategy or your own file (.ts, .js, .mjs, .json); counterexamples are written to --out (default reapcheck-traces)',
};

/** Where `check` writes the traces of the counterexamples it prints, unless --out says otherwise. */
export const DEFAULT_TRACE_DIR = 'reapcheck-traces';

/** What the command line named: strategies, the scenarios available to them, the file's scope. */
interface Target {
  readonly strategies: readonly Strategy[];
  readonly scenarios: readonly Scenario[];
  readonly fileScope: unknown;
  /** The file's own invariants (load-strategy.ts). */
  readonly invariants?: readonly UserInvariant[];
}

async function resolveTarget(word: string, cwd: string): Promise<Target> {
  // A catalogue name wins over a file of the same name in the cwd; `./naive` names the file.
  const known = findStrategy(word);
  if (known) return { strategies: [known], scenarios: MATRIX_SCENARIOS, fileScope: undefined };
  if (!looksLikeFile(word, cwd)) {
    throw new InputError(`unknown strategy ${JSON.stringify(word)}; known strategies: ${CATALOGUE.map((s) => s.name).join(', ')} (or give a path to your own strategy file)`);
  }
  const file = await loadStrategyFile(word, cwd, MATRIX_SCENARIOS.map((s) => s.name));
  return { strategies: file.strategies, scenarios: [...MATRIX_SCENARIOS, ...file.scenarios], fileScope: file.scope, ...(file.invariants ? { invariants: file.invariants } : {}) };
}

/**
 * The scenarios `--scenario` named (each once, in the order given), or all of them. The scale
 * scenarios (`pool`) are there to be named: they are not part of the default list.
 */
function chooseScenarios(defaults: readonly Scenario[], named: readonly string[]): Scenario[] {
  if (named.length === 0) return [...defaults];
  const available = [...defaults, ...SCALE_SCENARIOS.filter((s) => !defaults.some((d) => d.name === s.name))];
  return [...new Set(named)].map((name) => {
    const s = available.find((x) => x.name === name);
    if (!s) throw new InputError(`unknown scenario ${JSON.stringify(name)}; known scenarios: ${available.map((x) => x.name).join(', ')}`);
    return s;
  });
}

export async function checkCommand(argv: readonly string[], cwd: string): Promise<CommandOutput> {
  const args = parseArgs('check', argv, FLAGS);
  if (args.positionals.length === 0) throw new UsageError('check needs a strategy: a catalogue name (see "reapcheck list") or a file, e.g. reapcheck check pidfd');
  if (args.positionals.length > 1) throw new UsageError(`check takes one strategy name or file; got ${args.positionals.length}: ${args.positionals.join(' ')}`);
  const word = args.positionals[0]!;
  const target = await resolveTarget(word, cwd);
  const scenarios = chooseScenarios(target.scenarios, args.values.get('scenario') ?? []);
  const base = resolveScope(target.fileScope, word, args.values.get('scope') ?? []);
  const { scope, reductions } = applyScaleFlags(base, args.values, args.switches);
  // A file's own invariants: the engine runs them in the sequential, unreduced search (engine.ts).
  const extra = target.invariants?.length ? { extra: userInvariants(target.invariants) } : {};
  const engine = { ...engineOptions(args.values, scope), ...reductions, ...extra };
  const json = args.switches.has('json');
  const progress = makeProgress(!json);
  const cells: Cell[] = [];
  for (const st of target.strategies) for (const sc of scenarios) cells.push(await runCellParallel(st, sc, scope, { ...engine, onProgress: (what) => progress(what, true) }));
  progress.done();
  // Every counterexample printed ends with its replay command, so its trace must exist: write them.
  const out = args.values.get('out')?.[0];
  if (out !== undefined || (!json && anyViolated(cells))) writeCellTraces(cells, out ?? DEFAULT_TRACE_DIR, cwd, false);
  // --out names a folder the user asked for: it gets the HTML report too (index.html, a page per counterexample).
  if (out !== undefined) writeCheckReport(cells, out, cwd, scopeText(scope));
  if (out === undefined && json) for (const c of cells) delete c.paths;
  const stdout = json ? cellsDocument(cells) : formatCheckReport(cells, scope);
  const code = cellsExitCode(cells);
  const stderr = cellsErrorLine(cells);
  return { stdout, code, ...(stderr ? { stderr } : {}) };
}
