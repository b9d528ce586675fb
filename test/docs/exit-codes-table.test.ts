/**
 * The exit-code table is one table: the rows of cli/exit-codes.ts (which `reapcheck --help`
 * prints) are the rows of README.md's and docs/commands.md's tables, word for word.
 */
import { describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../cli/exit-codes.ts';
import { readPage } from './markdown.ts';

/** The rows of the first table after `heading` in `md`. */
function tableAfter(md: string, heading: string): { code: string; meaning: string; commands: string }[] {
  const start = md.indexOf(`${heading}\n`);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const lines = md.slice(start).split('\n');
  const first = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[] = [];
  for (const l of lines.slice(first)) {
    if (!l.startsWith('|')) break;
    rows.push(l);
  }
  expect(rows[0]).toBe('| code | meaning | commands |');
  return rows.slice(2).map((r) => {
    const [code, meaning, commands] = r.slice(1, -1).split(' | ').map((c) => c.trim());
    return { code: code!, meaning: meaning!, commands: commands! };
  });
}

describe('the exit-code table', () => {
  it.each([
    ['README.md', '### Exit codes'],
    ['docs/commands.md', '## Exit codes'],
  ])('%s shows the rows of cli/exit-codes.ts', (page, heading) => {
    expect(tableAfter(readPage(page), heading)).toEqual(EXIT_CODES.map((r) => ({ ...r })));
  });
});
