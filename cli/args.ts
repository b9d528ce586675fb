/**
 * The command line's argument parser: positionals and `--flag value` / `--flag=value` options,
 * checked against each command's own flag list. Hand-written rather than node:util's parseArgs so
 * that every mistake is a one-line UsageError that says how to fix it.
 */
import { UsageError } from './errors.ts';

/** One flag a command accepts. */
export interface FlagSpec {
  readonly name: string;
  /** The placeholder shown in messages (`S`, `k=v,...`); absent for a boolean flag. */
  readonly value?: string;
  /** May be given more than once (`--scenario a --scenario b`). */
  readonly repeatable?: boolean;
  /** An example value, used in "needs a value" messages. */
  readonly example?: string;
}

/** The parsed command line of one command. */
export interface ParsedArgs {
  readonly positionals: readonly string[];
  /** The values given for each flag that takes one, in order. */
  readonly values: ReadonlyMap<string, readonly string[]>;
  /** The boolean flags that were given. */
  readonly switches: ReadonlySet<string>;
}

/** `--scenario S, --json`: the flag list as messages show it. */
export function flagList(specs: readonly FlagSpec[]): string {
  return specs.length === 0 ? 'none' : specs.map((s) => (s.value ? `--${s.name} ${s.value}` : `--${s.name}`)).join(', ');
}

/** Parse `argv` (the words after the command name) for `command`, whose flags are `specs`. */
export function parseArgs(command: string, argv: readonly string[], specs: readonly FlagSpec[]): ParsedArgs {
  const positionals: string[] = [];
  const values = new Map<string, string[]>();
  const switches = new Set<string>();
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (onlyPositionals || !word.startsWith('-') || word === '-') {
      positionals.push(word);
      continue;
    }
    if (word === '--') {
      onlyPositionals = true;
      continue;
    }
    const eq = word.indexOf('=');
    const head = eq === -1 ? word : word.slice(0, eq); // `--scenario` of `--scenario=reuse`
    const name = head.replace(/^--?/, '');
    // Single-dash words are never flags of ours: `-s` would be a guess at a short form we do not have.
    const spec = head.startsWith('--') ? specs.find((s) => s.name === name) : undefined;
    if (!spec) throw new UsageError(`unknown flag ${head} for "reapcheck ${command}"; its flags are: ${flagList(specs)}`);
    if (!spec.value) {
      if (eq !== -1) throw new UsageError(`flag --${name} takes no value; write just --${name}`);
      switches.add(name);
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) value = word.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) value = argv[++i];
    if (value === undefined || value === '') {
      throw new UsageError(`flag --${name} needs a value, e.g. --${name} ${spec.example ?? spec.value}`);
    }
    const got = values.get(name) ?? [];
    if (got.length > 0 && !spec.repeatable) throw new UsageError(`flag --${name} may be given only once`);
    values.set(name, [...got, value]);
  }
  return { positionals, values, switches };
}
