/**
 * The examples of README.md, docs/guide.md and docs/commands.md are run and compared with what
 * they show, so a figure (states, transitions, steps, verdicts, exit codes) cannot drift again.
 * The command's output is the truth: when this fails, fix the page. Every concrete command a page
 * mentions must be run here or be in SKIPPED with its reason, so a new example is checked too.
 * Everything runs in a temporary folder (removed at the end) holding links to the repository's
 * examples/ and to the package itself, so `from 'reapcheck'` resolves as the pages say.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reapcheck, ROOT, SLOW } from '../cli/run-bin.ts';
import type { BinRun } from '../cli/run-bin.ts';
import { sandboxWorks } from '../real/helpers.ts';
import { blocksOf, maskVarying, normalize, pageCommands, readPage, spanCommands } from './markdown.ts';
import type { Block } from './markdown.ts';

const PAGES = ['README.md', 'docs/guide.md', 'docs/commands.md'] as const;

/** Commands the pages mention that this test does not run, and why. */
const SKIPPED: Readonly<Record<string, string>> = {
  'npm ci': 'installs the dependencies',
  'npm test': 'is this test suite',
  '--help': 'test/cli/help.test.ts checks the help',
  'run --schedules 200 -- python3 examples/run/popen-race.py': 'takes over 20 s (a Python program, 20 schedules to its first failure with seed 42); test/run/run.test.ts runs it',
};

let work = '';
let linux = false;
const ran = new Set<string>();
const results = new Map<string, BinRun>();

/** The words `npm start` runs, from package.json. */
function npmStart(): string[] {
  const script = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  return script.replace(/^node bin\/reapcheck\.mjs /, '').split(' ');
}

/** Run a page's command (normalised) in the work folder, once. */
function run(command: string): BinRun {
  const cached = results.get(command);
  if (cached) return cached;
  const words = command === 'npm start' ? npmStart() : command.split(' ');
  const r = reapcheck(words, work);
  ran.add(command);
  ran.add(words.join(' '));
  results.set(command, r);
  return r;
}

/** `Note over A: 1–4. a, b, c, d` (a shortened picture) as the four notes the command prints. */
function expandNotes(text: string): string {
  return text
    .split('\n')
    .flatMap((line) => {
      const m = /^(\s*Note over [^:]+: )(\d+)–(\d+)\. (.*)$/.exec(line);
      if (!m) return [line];
      const items = m[4]!.split(/, (?![^()]*\))/);
      const [from, to] = [Number(m[2]), Number(m[3])];
      expect(items, line).toHaveLength(to - from + 1);
      return items.map((item, i) => `${m[1]}${from + i}. ${item}`);
    })
    .join('\n');
}

/** The command whose output `block` shows, or undefined when it is not an output. */
function commandOf(block: Block, lastShown: string | undefined): string | undefined {
  const first = block.text.split('\n')[0]!;
  if (block.lang === 'mermaid') return lastShown && `show --mermaid ${lastShown}`;
  if (block.lang !== '' || first.startsWith('reapcheck ')) return undefined; // not an output, or a synopsis
  if (first.startsWith('$ ')) return normalize(first.slice(2));
  return spanCommands(block.before).pop();
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'reapcheck-docs-'));
  mkdirSync(join(work, 'node_modules'));
  symlinkSync(ROOT, join(work, 'node_modules', 'reapcheck'));
  symlinkSync(join(ROOT, 'examples'), join(work, 'examples'));
  // "Save this inside the repository as by-number.ts": here, with the package linked beside it.
  const ts = blocksOf(readPage('README.md')).find((b) => b.lang === 'ts' && b.text.includes("name: 'by-number'"));
  writeFileSync(join(work, 'by-number.ts'), `${ts!.text}\n`);
  linux = await sandboxWorks();
  // The commands that write the traces the others show: npm start (reapcheck-report/) and every check.
  for (const page of PAGES) for (const c of pageCommands(readPage(page))) if (c === 'npm start' || c.startsWith('check ')) run(c);
}, 4 * SLOW);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.each(PAGES)('the examples of %s', (page) => {
  it('every output shown is what its command prints now', () => {
    let lastShown: string | undefined;
    let compared = 0;
    for (const block of blocksOf(readPage(page))) {
      const command = commandOf(block, lastShown);
      const shown = /^show (\S+\.json)$/.exec(command ?? '');
      if (shown) lastShown = shown[1];
      if (!command) continue;
      if (block.lang === 'mermaid') ran.add('show --mermaid');
      const r = run(command);
      const where = `${page}:${block.line} (${command})`;
      expect(r.stderr, where).toBe('');
      let want = block.text.startsWith('$ ') ? block.text.split('\n').slice(1).join('\n') : block.text;
      if (block.lang === 'mermaid') want = expandNotes(want);
      let got = r.stdout.replace(/\n$/, '');
      if (!linux) {
        const noSandbox = (t: string) => t.replace(/^real replay: .*$/m, 'real replay: (no sandbox here)');
        want = noSandbox(want);
        got = noSandbox(got);
      }
      // An indented block is an excerpt: its lines, together, somewhere in the output.
      if (/^\s/.test(block.text)) expect.soft(maskVarying(got), where).toContain(maskVarying(want));
      else expect.soft(maskVarying(got), where).toBe(maskVarying(want));
      const status = /\(exit status (\d+)/.exec(block.before.split('\n').slice(-3).join(' '));
      if (status) expect(r.code, `${where}: exit status`).toBe(Number(status[1]));
      compared++;
    }
    expect(compared).toBeGreaterThan(0);
  }, 4 * SLOW);
});

describe('figures quoted in prose', () => {
  it('README: checking by-number.ts (first line, counterexample length and invariant, exit code)', () => {
    const md = readPage('README.md').replace(/\s+/g, ' ');
    const m = /`npx reapcheck check (by-number\.ts --scenario reuse)` prints `([^`]+)`, a (\d+)-step counterexample to `([\w-]+)`.*? exits (\d)/.exec(md);
    expect(m, 'the README sentence about by-number.ts').not.toBeNull();
    const r = run(`check ${m![1]}`);
    expect(r.stdout.split('\n')[0]).toMatch(new RegExp(`^${m![2]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, \\d+\\.\\d+ s$`));
    expect(r.stdout).toMatch(new RegExp(`  ${m![4]} +VIOLATED: .*\\n +shortest counterexample \\(breadth-first\\), ${m![3]} steps:`));
    expect(r.code).toBe(Number(m![5]));
  }, SLOW);

  it('README: replay --real of the seed\'s counterexample ends as the README says', () => {
    if (!linux) return;
    const md = readPage('README.md').replace(/\s+/g, ' ');
    const m = /`npx reapcheck replay --real <trace\.json>` replays it .*? ends with `([^`]+)`/.exec(md);
    expect(m).not.toBeNull();
    const trace = /`npx reapcheck show (reapcheck-report\/[^`]+\.json)`/.exec(md)![1]!;
    const r = run(`replay --real ${trace}`);
    expect(r.code).toBe(1);
    const last = r.stdout.trim().split('\n').pop()!;
    const [head, tail] = m![1]!.split('…');
    expect(last.startsWith(head!) && last.includes(tail!), last).toBe(true);
  }, SLOW);

  it('README: npm start writes the report it names', () => {
    const report = /writes `(reapcheck-report\/index\.md)`/.exec(readPage('README.md'))![1]!;
    expect(run('npm start').code).toBe(0);
    expect(existsSync(join(work, report))).toBe(true);
  }, SLOW);

  it('guide: the example file without --scenario ends with the line the guide quotes', () => {
    const md = readPage('docs/guide.md');
    const m = /Without `--scenario` the check runs[\s\S]*?ends with\s+`(VIOLATED in [^`]+)`/.exec(md);
    expect(m).not.toBeNull();
    const r = run('check examples/my-strategy.ts');
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n').pop()).toBe(m![1]!.replace(/\s+/g, ' '));
  }, SLOW);

  it('guide: the code it shows is the code of examples/my-strategy.ts', () => {
    const file = readFileSync(join(ROOT, 'examples/my-strategy.ts'), 'utf8');
    const shown = blocksOf(readPage('docs/guide.md')).filter((b) => b.lang === 'ts' && /^(import|export) /.test(b.text));
    expect(shown.length).toBeGreaterThan(0);
    for (const b of shown) {
      let at = 0;
      for (const line of b.text.split('\n').filter((l) => l.trim() !== '' && !l.includes('see below'))) {
        const i = file.indexOf(line, at);
        expect(i, `guide line not in examples/my-strategy.ts (or out of order): ${line}`).toBeGreaterThanOrEqual(0);
        at = i + line.length;
      }
    }
  });
});

describe('coverage', () => {
  it('every concrete command the pages mention was run here, or is skipped with a reason', () => {
    for (const page of PAGES) {
      for (const c of pageCommands(readPage(page))) {
        expect(ran.has(c) || c in SKIPPED, `${page} mentions \`reapcheck ${c}\`, which test/docs/readme.test.ts neither runs nor skips`).toBe(true);
      }
    }
  });
});
