/**
 * `reapcheck replay <trace>`: step the model along a trace file and confirm the same violation
 * (exit 1, as `check` does for a violation), or report the first step the model does not allow,
 * or that the trace runs without the violation (exit 3).
 */
import { parseArgs } from '../args.ts';
import { EXIT, UsageError } from '../errors.ts';
import { loadTrace } from '../load-trace.ts';
import { describeModelReplay, replayInModel } from '../../properties/replay.ts';
import type { CommandHelp, CommandOutput } from './output.ts';

export const REPLAY_HELP: CommandHelp = {
  synopsis: 'replay <trace.json> [--json]',
  summary: 'replay a trace in the model: exit 1 when it violates its invariant again, 3 when the model disagrees with it',
};

export function replayCommand(argv: readonly string[], cwd: string): CommandOutput {
  const args = parseArgs('replay', argv, [{ name: 'json' }]);
  if (args.positionals.length !== 1) throw new UsageError('replay takes one trace file, e.g. reapcheck replay reapcheck-traces/naive--reuse--no-stray-signal.json');
  const t = loadTrace(args.positionals[0]!, cwd);
  const r = replayInModel(t);
  const code = r.kind === 'violated' ? EXIT.violated : EXIT.diverged;
  if (args.switches.has('json')) return { stdout: `${JSON.stringify({ reproduced: r.kind === 'violated', invariant: t.invariant, model: r })}\n`, code };
  const head = `${t.strategy.name} × ${t.scenario.name}, ${t.steps.length} steps, expecting ${t.invariant}`;
  return { stdout: `${head}\n${describeModelReplay(r)}\n`, code };
}
