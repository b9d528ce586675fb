/**
 * What the docs tests read in a markdown page: its fenced blocks, the prose before each, and the
 * `reapcheck …` commands it mentions, so that every example a page shows can be run and compared.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../cli/run-bin.ts';

/** One fenced block: its language (`''` for plain output), its text, and the prose just before it. */
export interface Block {
  readonly lang: string;
  readonly text: string;
  readonly before: string;
  /** 1-based line of the opening fence, for messages. */
  readonly line: number;
}

export function readPage(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}

export function blocksOf(md: string): Block[] {
  const lines = md.split('\n');
  const out: Block[] = [];
  let prose: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]!);
    if (!open) {
      prose.push(lines[i]!);
      continue;
    }
    const start = i;
    const body: string[] = [];
    while (++i < lines.length && !/^```\s*$/.test(lines[i]!)) body.push(lines[i]!);
    out.push({ lang: open[1]!, text: body.join('\n'), before: prose.join('\n'), line: start + 1 });
    prose = [];
  }
  return out;
}

/** `npx reapcheck check x` → `check x`; `npm start` stays; whitespace collapsed. */
export function normalize(command: string): string {
  return command.replace(/\s+/g, ' ').trim().replace(/^(npx |node bin\/)?reapcheck(\.mjs)? /, '');
}

/** A command a reader can type as it is: an argument after the command word, no `<placeholder>`, no `…`. */
function concrete(command: string): boolean {
  return !/[<…]/.test(command) && (command.startsWith('npm ') || normalize(command).includes(' ') || normalize(command).startsWith('--'));
}

const SPAN = /`((?:npx |node bin\/)?reapcheck(?:\.mjs)? [^`]+|npm (?:start|test|ci)\b[^`]*)`/g;

/** The concrete commands in `text`'s code spans, in order, normalised. */
export function spanCommands(text: string): string[] {
  return [...text.matchAll(SPAN)].map((m) => m[1]!.replace(/\s+/g, ' ')).filter(concrete).map(normalize);
}

/** Every concrete command a page mentions: in code spans, ```sh lines and `$ ` lines of output blocks. */
export function pageCommands(md: string): string[] {
  const prose = blocksOf(md).map((b) => b.before).join('\n') + md.slice(md.lastIndexOf('```') + 3);
  const inBlocks = blocksOf(md).flatMap((b) => {
    const lines = b.text.split('\n');
    if (b.lang === 'sh') return lines.map((l) => l.replace(/\s+#.*$/, '')).flatMap((l) => l.split('&&')).map((l) => l.trim()).filter((l) => l !== '');
    if (b.lang === '') return lines.filter((l) => l.startsWith('$ ')).map((l) => l.slice(2));
    return [];
  });
  return [...new Set([...spanCommands(prose), ...inBlocks.filter(concrete).map(normalize)])];
}

/** Timings and the kernel's release vary from run to run: the same placeholder on both sides. */
export function maskVarying(text: string): string {
  return text.replace(/\b\d+\.\d+ s\b/g, 'T s').replace(/Linux \d[^\s:]*/g, 'Linux R');
}
