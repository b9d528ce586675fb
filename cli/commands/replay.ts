/**
 * `reapcheck replay <trace> [--real] [--json]`: step the model along a trace file and confirm the
 * same violation (exit 1, as `check` does for a violation), or report the first step the model
 * does not allow, or that the trace runs without the violation (exit 3). With `--real`, replay it
 * against real processes in a private pid namespace and compare each step with the model's
 * prediction: exit 1 when Linux reproduces the violation, 3 on a divergence, 2 for bad input or
 * no sandbox.
 */
import { parseArgs } from '../args.ts';
import type { FlagSpec } from '../args.ts';
import { EXIT, UsageError } from '../errors.ts';
import { loadTrace } from '../load-trace.ts';
import { describeModelReplay, replayInModel } from '../../properties/replay.ts';
import type { TraceFile } from '../../properties/trace.ts';
import { formatRealReport, realReportJson } from '../../real/index.ts';
import { replayOneOnLinux } from '../real-replays.ts';
import type { CommandHelp, CommandOutput } from './output.ts';

const FLAGS: readonly FlagSpec[] = [{ name: 'real' }, { name: 'json' }];

export const REPLAY_HELP: CommandHelp = {
  usage: 'replay <trace.json>',
  flags: FLAGS,
  summary: 'replay a trace in the model, or with --real on Linux: exit 1 when the violation happens again, 3 on a divergence',
};

function inModel(t: TraceFile, json: boolean): CommandOutput {
  const r = replayInModel(t);
  const code = r.kind === 'violated' ? EXIT.violated : r.kind === 'followed' ? EXIT.ok : EXIT.diverged;
  if (json) return { stdout: `${JSON.stringify({ reproduced: r.kind === 'violated', invariant: t.invariant, model: r })}\n`, code };
  const head = `${t.strategy.name} × ${t.scenario.name}, ${t.steps.length} steps, ${t.invariant ? `expecting ${t.invariant}` : `saved because: ${t.message}`}`;
  return { stdout: `${head}\n${describeModelReplay(r)}\n`, code };
}

async function onLinux(t: TraceFile, json: boolean): Promise<CommandOutput> {
  const r = await replayOneOnLinux(t, 'run reapcheck replay without --real to see why');
  // A trace naming no invariant (a saved divergence) succeeds when Linux now follows the model.
  const code = r.reproduced ? EXIT.violated : r.divergence || t.invariant ? EXIT.diverged : EXIT.ok;
  if (json) return { stdout: `${JSON.stringify(realReportJson(r))}\n`, code };
  return { stdout: `${t.strategy.name} × ${t.scenario.name}, ${t.steps.length} steps, on Linux\n${formatRealReport(r)}\n`, code };
}

export async function replayCommand(argv: readonly string[], cwd: string): Promise<CommandOutput> {
  const args = parseArgs('replay', argv, FLAGS);
  if (args.positionals.length !== 1) throw new UsageError('replay takes one trace file, e.g. reapcheck replay reapcheck-traces/naive--reuse--no-stray-signal.json');
  const t = loadTrace(args.positionals[0]!, cwd);
  const json = args.switches.has('json');
  return args.switches.has('real') ? onLinux(t, json) : inModel(t, json);
}
