/**
 * `reapcheck run [--schedules N] [--seed S] [--scheduler random|pct] [--out DIR] [--json]
 * [--replay FILE [--repeat N]] -- <command> [args...]`: run a real program again and again inside
 * the sandbox, every process-lifecycle call of it stopped at entry and released in the order a
 * seeded scheduler chooses (real/run/), until a schedule violates something; that schedule is
 * saved and can be replayed. Exit 1: a violation (found, or reproduced by --replay); 0: none in
 * the schedules tried; 2: bad input, or no sandbox or no seccomp here.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { basename, delimiter, join, resolve } from 'node:path';
import { InputError } from '../../model/errors.ts';
import { runInSandbox, SandboxUnavailable } from '../../real/index.ts';
import type { RunProgramResult } from '../../real/index.ts';
import { decodeRunFile, encodeRunFile, RUN_FORMAT, RUN_VERSION, runStepTable, type RunFile } from '../../report/run-file.ts';
import { parseArgs } from '../args.ts';
import type { FlagSpec } from '../args.ts';
import { EXIT, UsageError } from '../errors.ts';
import { ensureDir, writeFileAtomic } from '../write-traces.ts';
import { readTraceText } from '../load-trace.ts';
import type { CommandHelp, CommandOutput } from './output.ts';

const FLAGS: readonly FlagSpec[] = [
  { name: 'schedules', value: 'N', example: '200' },
  { name: 'seed', value: 'S', example: '42' },
  { name: 'scheduler', value: 'random|pct', example: 'pct' },
  { name: 'out', value: 'DIR', example: 'reapcheck-runs' },
  { name: 'replay', value: 'FILE', example: 'reapcheck-runs/x.json' },
  { name: 'repeat', value: 'N', example: '20' },
  { name: 'all' },
  { name: 'json' },
];

export const RUN_HELP: CommandHelp = {
  usage: 'run',
  flags: FLAGS,
  tail: '-- <command> [args...]',
  summary: "drive a real program's wait and kill calls through chosen schedules in the sandbox; a failing schedule is saved and replays (--repeat N goes with --replay FILE; --all: every schedule, not only up to the first failure)",
};

const DEFAULT_SCHEDULES = 100;
const DEFAULT_SEED = 42;

function count(flag: string, v: string | undefined, fallback: number, max: number): number {
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > max) throw new UsageError(`--${flag} must be a whole number from 1 to ${max}; got ${JSON.stringify(v)}`);
  return Number(v);
}

/** The program's path: as given when it names a file, else looked up in PATH (posix_spawn does not search). */
function resolveProgram(word: string, cwd: string): string {
  const candidates = word.includes('/') ? [resolve(cwd, word)] : (process.env.PATH ?? '/usr/bin:/bin').split(delimiter).filter(Boolean).map((d) => join(d, word));
  for (const c of candidates) {
    try {
      if (statSync(c).isFile()) {
        accessSync(c, constants.X_OK);
        return c;
      }
    } catch {
      /* next */
    }
  }
  throw new InputError(word.includes('/') ? `${word}: no such executable file` : `command not found: ${word} (looked in PATH)`);
}

function loadRunFile(path: string, cwd: string): RunFile {
  const text = readTraceText(path, cwd, 'run schedule');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InputError(`${path}: not a reapcheck run schedule: not JSON`);
  }
  return decodeRunFile(value, path);
}

export async function runCommand(argv: readonly string[], cwd: string): Promise<CommandOutput> {
  const dash = argv.indexOf('--');
  if (dash < 0 || dash === argv.length - 1) throw new UsageError('run needs the program after --, e.g. reapcheck run --schedules 200 -- python3 examples/run/popen-race.py');
  const args = parseArgs('run', argv.slice(0, dash), FLAGS);
  if (args.positionals.length > 0) throw new UsageError(`put the program after --: reapcheck run [flags] -- ${args.positionals.join(' ')}`);
  const command = argv.slice(dash + 1);
  const scheduler = (args.values.get('scheduler')?.[0] ?? 'random') as 'random' | 'pct';
  if (scheduler !== 'random' && scheduler !== 'pct') throw new UsageError(`--scheduler must be random or pct; got ${JSON.stringify(scheduler)}`);
  const seedText = args.values.get('seed')?.[0];
  if (seedText !== undefined && (!/^\d+$/.test(seedText) || Number(seedText) > 0xffffffff)) throw new UsageError(`--seed must be a whole number from 0 to 4294967295; got ${JSON.stringify(seedText)}`);
  const seed = seedText === undefined ? DEFAULT_SEED : Number(seedText);
  const schedules = count('schedules', args.values.get('schedules')?.[0], DEFAULT_SCHEDULES, 100_000);
  const replayPath = args.values.get('replay')?.[0];
  const repeat = count('repeat', args.values.get('repeat')?.[0], 1, 10_000);
  if (args.values.has('repeat') && !replayPath) throw new UsageError('--repeat N goes with --replay FILE');
  const saved = replayPath ? loadRunFile(replayPath, cwd) : null;
  const program = resolveProgram(command[0]!, cwd);
  const env = Object.entries(process.env)
    .filter(([k, v]) => v !== undefined && !k.startsWith('REAPCHECK_'))
    .map(([k, v]) => `${k}=${v}`);
  const job = {
    kind: 'run' as const,
    args: { argv: [program, ...command.slice(1)], env, cwd, schedules, seed, scheduler, all: args.switches.has('all'), ...(saved ? { replay: saved.choices, repeat } : {}) },
    ...(saved ? { expect: saved.verdicts.map((v) => v.name) } : {}),
  };
  let r: RunProgramResult;
  try {
    r = await runInSandbox<RunProgramResult>(job, { timeoutMs: 3_600_000 });
  } catch (e) {
    if (e instanceof SandboxUnavailable) throw new InputError(e.message.replace(/^reapcheck: /, ''));
    throw e;
  }
  const json = args.switches.has('json');
  if (saved) return replayOutput(r, saved, repeat, json);
  let path: string | null = null;
  if (r.first) {
    const dir = args.values.get('out')?.[0] ?? 'reapcheck-runs';
    ensureDir(resolve(cwd, dir));
    const name = basename(command[command.length - 1]!).replace(/[^A-Za-z0-9._-]/g, '_');
    path = join(dir, `${name}--${r.first.verdicts[0]!.name}--seed-${r.first.seed}.json`);
    const file: RunFile = { format: RUN_FORMAT, version: RUN_VERSION, command, scheduler, seed: r.first.seed, choices: r.first.choices, steps: r.first.steps, verdicts: r.first.verdicts, exit: r.first.exit, output: r.first.output };
    writeFileAtomic(resolve(cwd, path), encodeRunFile(file));
  }
  const code = r.first ? EXIT.violated : EXIT.ok;
  if (json) return { stdout: `${JSON.stringify({ runs: r.runs, seed, scheduler, tally: r.tally, first: r.first, saved: path, seconds: r.seconds })}\n`, code };
  const lines = [`reapcheck run: ${command.join(' ')} — up to ${schedules} schedules (${scheduler}, seeds ${seed}…${seed + schedules - 1})`];
  if (r.first) {
    const f = r.first;
    // The first verdict of each name: a program that crashes once may go on failing the same way.
    const firsts = f.verdicts.filter((v, i) => f.verdicts.findIndex((w) => w.name === v.name) === i);
    lines.push(`schedule ${f.index + 1} (seed ${f.seed}): ${firsts.map((v) => `${v.name} VIOLATED: ${v.message}`).join('; ')}`);
    lines.push(...runStepTable({ format: RUN_FORMAT, version: RUN_VERSION, command, scheduler, seed: f.seed, choices: f.choices, steps: f.steps, verdicts: f.verdicts, exit: f.exit, output: f.output }, '  '));
    lines.push(`  the program: ${f.exit}${f.output ? `; its last output: ${f.output.split('\n').pop()}` : ''}`);
    lines.push(`  saved: ${path}`);
    lines.push(`  replay: reapcheck run --replay ${path} -- ${command.join(' ')}`);
  } else {
    lines.push(`no violation in ${r.runs} schedules: no stray signal, no ECHILD, no deadlock, and the program exited 0 every time`);
  }
  lines.push(`${r.runs} schedule${r.runs === 1 ? '' : 's'} in ${r.seconds.toFixed(1)} s, ${(r.intercepted / Math.max(1, r.runs)).toFixed(1)} intercepted calls a schedule`);
  return { stdout: `${lines.join('\n')}\n`, code };
}

function replayOutput(r: RunProgramResult, saved: RunFile, repeat: number, json: boolean): CommandOutput {
  const code = r.reproduced > 0 ? EXIT.violated : EXIT.diverged;
  const want = saved.verdicts.map((v) => v.name).join(', ') || 'no violation';
  if (json) return { stdout: `${JSON.stringify({ runs: r.runs, reproduced: r.reproduced, expected: saved.verdicts.map((v) => v.name), first: r.first, tally: r.tally })}\n`, code };
  const lines = [`replayed ${saved.choices.length} choices ${repeat} time${repeat === 1 ? '' : 's'}: ${want} reproduced ${r.reproduced} of ${r.runs}`];
  if (r.first) {
    const f = r.first;
    lines.push(...runStepTable({ ...saved, steps: f.steps, verdicts: f.verdicts, exit: f.exit, output: f.output, choices: f.choices }, '  '));
    lines.push(`  the program: ${f.exit}${f.misses > 0 ? `; ${f.misses} recorded choice${f.misses === 1 ? ' was' : 's were'} not offered when their turn came (the program went another way)` : ''}`);
  }
  return { stdout: `${lines.join('\n')}\n`, code };
}
