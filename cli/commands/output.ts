/**
 * What a command hands back to `main`: its complete stdout text and its exit code. Commands never
 * write themselves, so an error half-way through leaves no half-written report behind. And what a
 * command says about itself in `--help`: its synopsis is made from the very flag list its parser
 * checks, so a flag cannot be accepted without being shown.
 */
import type { FlagSpec } from '../args.ts';

export interface CommandOutput {
  readonly stdout: string;
  readonly code: number;
  /** At most one line: why the exit code is 2 although a report was printed (a strategy error in some cells). */
  readonly stderr?: string;
}

/** A command's help: its words, the flags its parser accepts, and what it does. */
export interface CommandHelp {
  /** The command word and its positionals: `check <name|file>`. */
  readonly usage: string;
  /** The flag list given to parseArgs: the synopsis shows every one of them. */
  readonly flags: readonly FlagSpec[];
  /** What follows the flags: `-- <command> [args...]` for `run`. */
  readonly tail?: string;
  readonly summary: string;
}

/** Help text is wrapped to this many columns (a terminal of 100, an 80-column one mostly). */
export const HELP_WIDTH = 100;

/**
 * The synopsis as words that are never split: the usage, one `[--flag V]` per flag (`...` after
 * a repeatable one; `--x` and `--no-x` as one `[--x|--no-x]`), then the tail.
 */
export function synopsisWords(help: CommandHelp): string[] {
  const names = new Set(help.flags.map((f) => f.name));
  const words = [help.usage];
  for (const f of help.flags) {
    if (f.name.startsWith('no-') && !f.value && names.has(f.name.slice(3))) continue; // shown with its positive
    if (!f.value && names.has(`no-${f.name}`)) words.push(`[--${f.name}|--no-${f.name}]`);
    else words.push(`[--${f.name}${f.value ? ` ${f.value}` : ''}]${f.repeatable ? '...' : ''}`);
  }
  if (help.tail) words.push(help.tail);
  return words;
}

/** `words` joined by spaces into lines of at most `width` columns: the first after `first`, the rest after `rest`. */
export function wrapWords(words: readonly string[], first: string, rest: string, width = HELP_WIDTH): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const w of words) {
    if (!empty && line.length + 1 + w.length > width) {
      lines.push(line);
      line = rest;
      empty = true;
    }
    line += empty ? w : ` ${w}`;
    empty = false;
  }
  lines.push(line);
  return lines;
}

/** The synopsis on lines of at most HELP_WIDTH columns, continued under its first flag (as man pages do). */
export function synopsisLines(help: CommandHelp, indent: string): string[] {
  const words = synopsisWords(help);
  const [word] = help.usage.split(' ');
  return wrapWords(words, indent, ' '.repeat(indent.length + word!.length + 1));
}

/** The summary, wrapped after `indent`. */
export function summaryLines(help: CommandHelp, indent: string): string[] {
  return wrapWords(help.summary.split(' '), indent, indent);
}
