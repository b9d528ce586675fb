/**
 * The `reapcheck` command line: parse the command word, dispatch to cli/commands/*, and turn
 * every outcome — a report, a user's mistake, a checker bug — into complete stdout text, at most
 * one stderr line and an exit code (the table of cli/exit-codes.ts).
 */
import { writeSync } from 'node:fs';
import { CHECK_HELP, checkCommand } from './commands/check.ts';
import { LIST_HELP, listCommand } from './commands/list.ts';
import { MATRIX_HELP, matrixCommand } from './commands/matrix.ts';
import { SHOW_HELP, showCommand } from './commands/show.ts';
import { REPLAY_HELP, replayCommand } from './commands/replay.ts';
import { CONFORM_HELP, conformCommand } from './commands/conform.ts';
import { MERGE_HELP, mergeCommand } from './commands/merge.ts';
import { RUN_HELP, runCommand } from './commands/run.ts';
import { guardProcess, markFinished } from './signals.ts';
import { endSandboxes } from '../real/index.ts';
import type { CommandHelp, CommandOutput } from './commands/output.ts';
import { summaryLines, synopsisLines, wrapWords } from './commands/output.ts';
import { EXIT_CODES } from './exit-codes.ts';
import { EXIT, failureOf, UsageError } from './errors.ts';

/** Everything one run produces, before anything is written. */
export interface RunOutcome {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

const COMMANDS: Readonly<Record<string, { help: CommandHelp; run: (argv: readonly string[], cwd: string) => CommandOutput | Promise<CommandOutput> }>> = {
  list: { help: LIST_HELP, run: listCommand },
  check: { help: CHECK_HELP, run: checkCommand },
  matrix: { help: MATRIX_HELP, run: matrixCommand },
  show: { help: SHOW_HELP, run: showCommand },
  replay: { help: REPLAY_HELP, run: replayCommand },
  conform: { help: CONFORM_HELP, run: conformCommand },
  run: { help: RUN_HELP, run: runCommand },
  merge: { help: MERGE_HELP, run: mergeCommand },
};
const NAMES = Object.keys(COMMANDS).join(', ');

/** The help of every command, the exit codes, in lines of at most HELP_WIDTH columns. */
function usage(): string {
  const exitWidth = Math.max(...EXIT_CODES.map((r) => r.code.length));
  return [
    'reapcheck: a model checker for the ways programs wait for and kill child processes on Linux',
    '',
    'usage: reapcheck <command> [options]     (reapcheck <command> --help: that command alone)',
    '',
    ...Object.values(COMMANDS).flatMap((c) => [...synopsisLines(c.help, '  '), ...summaryLines(c.help, '    '), '']),
    'exit codes:',
    ...EXIT_CODES.flatMap((r) => wrapWords(`${r.meaning} — ${r.commands}`.split(' '), `  ${r.code.padEnd(exitWidth)}  `, ' '.repeat(exitWidth + 4))),
    '',
  ].join('\n');
}

/** One command's help: its synopsis, what it does, where the rest is. */
function commandUsage(help: CommandHelp): string {
  return [...synopsisLines(help, 'usage: reapcheck '), '', ...summaryLines(help, ''), '', 'reapcheck --help: every command and the exit codes; docs/commands.md: every flag', ''].join('\n');
}

/** Run the command line `argv` (without node and the script) in `cwd`; never throws. */
export async function run(argv: readonly string[], cwd: string): Promise<RunOutcome> {
  try {
    const [command, ...rest] = argv;
    const untilDashes = argv.indexOf('--') === -1 ? argv : argv.slice(0, argv.indexOf('--'));
    if (command === 'help' || untilDashes.includes('--help') || untilDashes.includes('-h')) {
      // `check --help`, `help check`: that command's help; anything else: every command's.
      const named = command === 'help' ? rest[0] : command;
      const one = named !== undefined && Object.hasOwn(COMMANDS, named) ? COMMANDS[named] : undefined;
      return { stdout: one ? commandUsage(one.help) : usage(), stderr: '', code: EXIT.ok };
    }
    if (command === undefined) throw new UsageError(`missing command; the commands are ${NAMES} (e.g. reapcheck matrix; reapcheck --help for more)`);
    const cmd = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!cmd) throw new UsageError(`unknown command ${JSON.stringify(command)}; the commands are ${NAMES} (reapcheck --help for more)`);
    const out = await cmd.run(rest, cwd);
    return { stdout: out.stdout, stderr: out.stderr ? `${out.stderr.trim().split('\n')[0]}\n` : '', code: out.code };
  } catch (e) {
    const f = failureOf(e);
    return { stdout: '', stderr: `${f.line}\n`, code: f.code };
  }
}

/** Write all of `text` to `fd`, synchronously: a report is either complete or not written at all. */
function writeAll(fd: number, text: string): void {
  const buf = Buffer.from(text, 'utf8');
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off);
    } catch (e) {
      // A non-blocking pipe that is full says EAGAIN: try again; anything else (EPIPE: the reader left) ends the output.
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') return;
    }
  }
}

/**
 * An exception nobody caught (a throw in a timer or a callback, a rejected promise nobody awaited)
 * is a bug of ours like any other: one line and exit 70 — Node's own default is a stack trace
 * and exit 1, which a script would read as "a violation was found".
 */
function crash(e: unknown): never {
  endSandboxes();
  markFinished();
  writeSync(2, `${failureOf(e).line}\n`);
  process.exit(EXIT.internal);
}

/** The entry point of bin/reapcheck.mjs: run, write, and return the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  guardProcess();
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  const out = await run(argv, process.cwd());
  markFinished();
  writeAll(1, out.stdout);
  writeAll(2, out.stderr);
  return out.code;
}
