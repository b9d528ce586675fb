/**
 * `--help` stays readable and complete: every line fits in 100 columns, and every flag a command's
 * parser accepts — learnt from the parser itself, through the one line an unknown flag gets — is
 * in that command's help and in its section of docs/commands.md.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { reapcheck, ROOT, SLOW } from './run-bin.ts';

const COMMANDS = ['list', 'check', 'matrix', 'show', 'replay', 'conform', 'run', 'merge'] as const;

/** The flags `reapcheck <command>` accepts, as its parser lists them in the unknown-flag message. */
function acceptedFlags(command: string): string[] {
  const r = reapcheck(command === 'run' ? ['run', '--no-such-flag', '--', 'true'] : [command, '--no-such-flag']);
  expect(r.code).toBe(2);
  const list = /its flags are: (.*)$/m.exec(r.stderr)?.[1];
  expect(list, r.stderr).toBeDefined();
  return list === 'none' ? [] : [...list!.matchAll(/(?:^|, )--([a-z][a-z-]*)/g)].map((m) => m[1]!);
}

function expectNarrow(text: string): void {
  for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
}

/** The section of docs/commands.md about `command`, up to the next heading of its level. */
function docSection(command: string): string {
  const doc = readFileSync(join(ROOT, 'docs/commands.md'), 'utf8');
  const start = doc.indexOf(`## \`reapcheck ${command}\``);
  expect(start, `docs/commands.md has no section for ${command}`).toBeGreaterThanOrEqual(0);
  const end = doc.indexOf('\n## ', start + 1);
  const shared = command === 'check' || command === 'matrix' ? doc.slice(doc.indexOf('## Flags shared by check and matrix')).split('\n## ')[0]! : '';
  return doc.slice(start, end === -1 ? undefined : end) + shared;
}

describe('reapcheck --help', () => {
  it('fits in 100 columns and names every command and exit code', () => {
    const r = reapcheck(['--help']);
    expect(r.code).toBe(0);
    expectNarrow(r.stdout);
    for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
    for (const code of ['0', '1', '2', '3', '4', '70', '128\\+n']) expect(r.stdout).toMatch(new RegExp(`^  ${code} +\\S`, 'm'));
  }, SLOW);

  it.each(COMMANDS)('%s --help fits in 100 columns and shows every flag it accepts; so does docs/commands.md', (command) => {
    const help = reapcheck(command === 'run' ? ['run', '--help', '--', 'true'] : [command, '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(new RegExp(`^usage: reapcheck ${command}\\b`));
    expectNarrow(help.stdout);
    const whole = reapcheck(['--help']).stdout;
    const doc = docSection(command);
    for (const flag of acceptedFlags(command)) {
      const shown = new RegExp(`--${flag}(?![a-z-])`);
      expect(help.stdout, `${command} --help lacks --${flag}`).toMatch(shown);
      expect(whole, `reapcheck --help lacks ${command}'s --${flag}`).toMatch(shown);
      expect(doc, `docs/commands.md's ${command} section lacks --${flag}`).toMatch(shown);
    }
  }, SLOW);

  it('help <command> is that command\'s help, and a program\'s own --help after -- is not ours', () => {
    expect(reapcheck(['help', 'show']).stdout).toMatch(/^usage: reapcheck show <trace\.json> \[--mermaid\]/);
    const r = reapcheck(['run', '--no-such-flag', '--', 'prog', '--help']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown flag --no-such-flag/);
  }, SLOW);
});
