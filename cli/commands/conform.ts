/**
 * `reapcheck conform [--runs N] [--seed S] [--out DIR] [--json]`: random schedules over every
 * catalogue strategy and scenario, run in the model and on Linux, compared step by step. Every
 * divergence is saved as a trace (replay it with `reapcheck replay --real`). Exit 0 when nothing
 * diverged, 3 when something did. A passing run is evidence, not proof.
 */
import { CONFORM_SUMMARY_FILE } from '../../report/conformance.ts';
import { CATALOGUE } from '../../catalogue/index.ts';
import { findScenario } from '../../model/scenario.ts';
import { scenarioScope } from '../../model/scope.ts';
import { createInstance } from '../../model/instance.ts';
import { InputError } from '../../model/errors.ts';
import { DEFAULT_SCOPE } from '../../model/scope.ts';
import { encodeTrace, makeScheduleTrace } from '../../properties/trace.ts';
import type { ConformDivergence, ConformResult } from '../../real/index.ts';
import { randomSchedule, runInSandbox, SandboxUnavailable } from '../../real/index.ts';
import { parseArgs } from '../args.ts';
import type { FlagSpec } from '../args.ts';
import { EXIT, UsageError } from '../errors.ts';
import { engineOptions } from '../engine.ts';
import { ensureDir, writeFileAtomic } from '../write-traces.ts';
import { sandboxFailure } from '../real-replays.ts';
import { join, resolve } from 'node:path';
import type { CommandHelp, CommandOutput } from './output.ts';

const FLAGS: readonly FlagSpec[] = [
  { name: 'runs', value: 'N', example: '30' },
  { name: 'seed', value: 'S', example: '1' },
  { name: 'out', value: 'DIR', example: 'reapcheck-conform' },
  { name: 'json' },
];

export const CONFORM_HELP: CommandHelp = {
  usage: 'conform',
  flags: FLAGS,
  summary: 'random schedules of every catalogue cell, in the model and on Linux, compared step by step; divergences saved as traces',
};

/** Schedules per (strategy, scenario) by default: 67 cells × 30 ≈ 2,000 schedules, ≈ 26,000 compared steps. */
const DEFAULT_CONFORM_RUNS = 30;
const MAX_STEPS = 40;

function save(d: ConformDivergence, kind: string, dir: string, cwd: string, i: number): string {
  const scenario = findScenario(d.scenario)!;
  const inst = createInstance(CATALOGUE.find((s) => s.name === d.strategy)!, scenario, scenarioScope(DEFAULT_SCOPE, scenario));
  const { trace } = randomSchedule(inst, d.seed, MAX_STEPS);
  const t = makeScheduleTrace(inst, trace.map((s) => s.step), `${kind}: ${d.message}`, undefined, d.seed);
  const path = join(dir, `${kind}-${i + 1}--${d.strategy}--${d.scenario}--seed-${d.seed}.json`);
  writeFileAtomic(resolve(cwd, path), encodeTrace(t));
  return path;
}

export async function conformCommand(argv: readonly string[], cwd: string): Promise<CommandOutput> {
  const args = parseArgs('conform', argv, FLAGS);
  if (args.positionals.length > 0) throw new UsageError(`"reapcheck conform" takes no arguments; got ${args.positionals.join(' ')}`);
  const opts = engineOptions(new Map([...args.values].filter(([k]) => k === 'seed' || k === 'runs')));
  const runs = args.values.has('runs') ? opts.runs : DEFAULT_CONFORM_RUNS;
  let r: ConformResult;
  try {
    r = await runInSandbox<ConformResult>({ kind: 'conform', args: { seed: opts.seed, runs, maxSteps: MAX_STEPS } });
  } catch (e) {
    if (e instanceof SandboxUnavailable) throw new InputError(e.message.replace(/^reapcheck: /, ''));
    throw sandboxFailure(e);
  }
  const dir = args.values.get('out')?.[0] ?? 'reapcheck-conform';
  const saved: string[] = [];
  const found = [...r.divergences.map((d) => ['divergence', d] as const), ...r.errors.map((d) => ['error', d] as const)];
  if (found.length > 0) {
    ensureDir(resolve(cwd, dir));
    found.forEach(([kind, d], i) => saved.push(save(d, kind, dir, cwd, i)));
  }
  const code = found.length === 0 ? EXIT.ok : EXIT.diverged;
  const doc = { schedules: r.schedules, steps: r.steps, divergences: r.divergences.length, unforceable: r.unforceable.length, errors: r.errors.length, seed: opts.seed, runs, seconds: Math.round(r.seconds * 10) / 10, saved };
  if (args.values.has('out')) {
    // A folder the user named keeps the summary too: `conform --out reapcheck-report` puts it in the report (report/conformance.ts).
    ensureDir(resolve(cwd, dir));
    writeFileAtomic(resolve(cwd, dir, CONFORM_SUMMARY_FILE), `${JSON.stringify(doc)}\n`);
  }
  if (args.switches.has('json')) return { stdout: `${JSON.stringify(doc)}\n`, code };
  const lines = [
    `conformance, seed ${opts.seed}, ${runs} schedules per cell: ${r.schedules} schedules, ${r.steps} steps compared in ${r.seconds.toFixed(1)} s`,
    `divergences: ${r.divergences.length}; errors: ${r.errors.length}`,
    `not forceable: ${r.unforceable.length} (the model chose among outcomes Linux picks by itself: which blocked waiter rescans first, K4; which zombie waitpid(-1) takes)`,
    ...r.divergences.map((d) => `  ${d.strategy} × ${d.scenario} (seed ${d.seed}): ${d.message}`),
    ...saved.map((p) => `  saved: ${p} (reapcheck replay --real ${p})`),
    'A passing run is evidence that the model agrees with this kernel on these schedules, not a proof.',
  ];
  return { stdout: `${lines.join('\n')}\n`, code };
}
