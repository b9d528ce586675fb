/**
 * The exit codes of `reapcheck`, as one table: `--help` prints it, and the README and
 * docs/commands.md show the same rows (test/docs/exit-codes-table.test.ts compares them). The
 * numbers themselves are EXIT (cli/errors.ts) and signals.ts's 128 + n.
 */
import { EXIT } from './errors.ts';

/** One row: the code as written (`128+n`), what it means, and which commands end with it. */
export interface ExitCodeRow {
  readonly code: string;
  readonly meaning: string;
  readonly commands: string;
}

export const EXIT_CODES: readonly ExitCodeRow[] = [
  { code: `${EXIT.ok}`, meaning: 'every invariant holds; nothing diverged; no violation in the schedules tried', commands: 'every command; matrix --exit-zero even with violations' },
  { code: `${EXIT.violated}`, meaning: 'a violation was found, or reproduced by a replay', commands: 'check, matrix, merge, replay, run' },
  { code: `${EXIT.input}`, meaning: 'usage or input error (one line, never a stack trace); no sandbox for a Linux run', commands: 'every command' },
  { code: `${EXIT.diverged}`, meaning: 'divergence: the model or Linux does not follow a trace, or a replay ran without its violation', commands: 'replay, conform, run --replay' },
  { code: `${EXIT.incomplete}`, meaning: 'incomplete: a bound (--max-states, --max-seconds, --max-memory) stopped the search before it decided every invariant, and none was violated', commands: 'check, matrix, merge' },
  { code: `${EXIT.internal}`, meaning: 'internal bug of reapcheck (one line: reapcheck: internal bug: ...)', commands: 'every command' },
  { code: '128+n', meaning: 'interrupted by signal n: 130 SIGINT, 143 SIGTERM, 129 SIGHUP; sandboxes ended first', commands: 'every command' },
];
