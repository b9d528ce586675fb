// `npm run docs`: the API reference, docs/reference/*.md, from the TSDoc of what `reapcheck` and
// `reapcheck/vitest` export. `node scripts/reference.mjs [folder]` writes elsewhere (the test
// regenerates into a temporary folder and compares).
//
// Why not TypeDoc: TypeDoc 0.28 needs TypeScript's JavaScript compiler API (its peer range ends at
// 6.0), and the typescript package here is 7, the Go port, whose package has no such API — nor can
// npm install a TypeScript 6 beside it for TypeDoc alone (a peer dependency is never nested). So:
// tsc 7 emits the declarations (.d.ts keep each export's TSDoc and its signature without a body)
// into a temporary folder; this script follows the export statements of lib/index.d.ts and
// lib/vitest.d.ts to each declaration and writes it, with its TSDoc, as Markdown. A .d.ts is
// regular enough for that: top-level statements end with `;` or with a block's closing brace.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT = process.argv[2] ?? join(ROOT, 'docs', 'reference');

/** The pages: which source files each holds, in this order (the first page that matches wins). */
const PAGES = [
  { file: 'builder.md', title: 'The strategy builder', about: 'what a strategy file calls: `strategy`, `extend`, registers and operands, conditions, and the instructions of a program (`p.…`).', match: (m) => m === 'model/strategy/builder.ts' },
  { file: 'strategy.md', title: 'The strategy value', about: 'the data the builder produces and the model interprets: programs, instructions, operands, conditions, shared memory.', match: (m) => m.startsWith('model/strategy/') },
  { file: 'check.md', title: 'Checking from code', about: '`check`, `replay`, `replayOnLinux`, trace files, schedules for fast-check, the matrix, the catalogue and the invariants.', match: (m) => /^(lib|properties|catalogue|real|cli|report)\//.test(m) && m !== 'lib/vitest.ts' },
  { file: 'vitest.md', title: 'reapcheck/vitest', about: 'the matchers `toHold` and `toViolate`.', match: (m) => m === 'lib/vitest.ts' },
  { file: 'model.md', title: 'The model', about: 'values, scenarios, scopes, worlds and the step functions, errors and validation.', match: () => true },
];

// ---- reading a .d.ts -------------------------------------------------------------------------

/** Top-level statements of a .d.ts, each with the TSDoc comment just before it. */
function statements(text) {
  const out = [];
  let i = 0;
  let doc = '';
  while (i < text.length) {
    if (/\s/.test(text[i])) i++;
    else if (text.startsWith('//', i)) i = text.indexOf('\n', i) + 1 || text.length;
    else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i) + 2;
      if (text.startsWith('/**', i)) doc = text.slice(i, end);
      i = end;
    } else {
      const end = statementEnd(text, i);
      out.push({ text: text.slice(i, end).trim(), doc });
      doc = '';
      i = end;
    }
  }
  return out;
}

/** Where the statement starting at `i` ends: after `;` at depth 0, or after the brace closing a block statement. */
function statementEnd(text, i) {
  const block = /^(export\s+)?(declare\s+)?(abstract\s+)?(class|interface|enum|namespace|module|global)\b/.test(text.slice(i, i + 80));
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const c = text[j];
    if (c === '"' || c === "'" || c === '`') j = skipString(text, j);
    else if (text.startsWith('//', j)) j = text.indexOf('\n', j);
    else if (text.startsWith('/*', j)) j = text.indexOf('*/', j) + 1;
    else if ('{[('.includes(c)) depth++;
    else if ('}])'.includes(c)) {
      depth--;
      if (depth === 0 && block && c === '}') return j + 1;
    } else if (c === ';' && depth === 0) return j + 1;
  }
  return text.length;
}

function skipString(text, j) {
  const q = text[j];
  for (let k = j + 1; k < text.length; k++) {
    if (text[k] === '\\') k++;
    else if (text[k] === q) return k;
  }
  return text.length;
}

/** `a, b as c, type D` → [[a, a], [b, c], [D, D]] (name in the module, name exported). */
function names(list) {
  return list
    .split(',')
    .map((s) => s.trim().replace(/^type\s+/, ''))
    .filter(Boolean)
    .map((s) => {
      const [from, as] = s.split(/\s+as\s+/);
      return [from, as ?? from];
    });
}

const DECL = /^(?:export\s+)?(?:declare\s+)?(?:abstract\s+)?(function|const|let|class|interface|type|enum|namespace)\s+([A-Za-z_$][\w$]*)/;

/** A module's declarations by name, its re-exports, and its imports. */
function readModule(dts, path) {
  const m = { path, decls: new Map(), starFrom: [], namedFrom: [], imports: new Map(), local: [], augment: [] };
  const near = (spec) => posix.join(posix.dirname(path), spec.replace(/\.(ts|js)$/, '.d.ts'));
  for (const st of statements(readFileSync(join(dts, path), 'utf8'))) {
    const t = st.text;
    let x;
    if ((x = /^export\s+\*\s+from\s+['"](.+)['"]/.exec(t))) m.starFrom.push(near(x[1]));
    else if ((x = /^export\s+(?:type\s+)?\{([^}]*)\}\s+from\s+['"](.+)['"]/.exec(t))) m.namedFrom.push({ names: names(x[1]), from: near(x[2]) });
    else if ((x = /^export\s+(?:type\s+)?\{([^}]*)\}\s*;?$/.exec(t))) m.local.push(...names(x[1]));
    else if ((x = /^import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+['"](\..+)['"]/.exec(t))) for (const [a, b] of names(x[1])) m.imports.set(b, { name: a, from: near(x[2]) });
    else if (/^(declare\s+)?module\s+['"]/.test(t)) m.augment.push(st);
    else if ((x = DECL.exec(t))) {
      if (!m.decls.has(x[2])) m.decls.set(x[2], []);
      m.decls.get(x[2]).push({ ...st, kind: x[1], exported: /^export\b/.test(t) });
    }
  }
  return m;
}

const modules = new Map();
function mod(dts, path) {
  if (!modules.has(path)) modules.set(path, readModule(dts, path));
  return modules.get(path);
}

/** Every exported name of `path` → where it is declared: { module, name, decls }. */
function exportsOf(dts, path, seen = new Set()) {
  const out = new Map();
  if (seen.has(path)) return out;
  seen.add(path);
  const m = mod(dts, path);
  for (const [name, decls] of m.decls) if (decls.some((d) => d.exported)) out.set(name, { module: path, name, decls });
  for (const [inner, outer] of m.local) {
    const imp = m.imports.get(inner);
    const target = imp ? exportsOf(dts, imp.from, new Set()).get(imp.name) : m.decls.has(inner) ? { module: path, name: inner, decls: m.decls.get(inner) } : undefined;
    if (target) out.set(outer, target);
  }
  for (const { names: list, from } of m.namedFrom) {
    const there = exportsOf(dts, from, new Set());
    for (const [inner, outer] of list) if (there.has(inner)) out.set(outer, there.get(inner));
  }
  for (const from of m.starFrom) for (const [k, v] of exportsOf(dts, from, seen)) if (!out.has(k)) out.set(k, v);
  return out;
}

// ---- writing Markdown -----------------------------------------------------------------------

/** The text of a TSDoc comment, without its stars. */
function docText(doc) {
  if (!doc) return '';
  return doc
    .replace(/^\/\*\*\s?/, '')
    .replace(/\s*\*\/$/, '')
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, ''))
    .join('\n')
    .trim();
}

/** A declaration as shown: without `export` and `declare`, indented as the .d.ts has it. */
function shown(text) {
  return text.replace(/^export\s+/, '').replace(/^declare\s+/, '').replace(/\.ts(['"])/g, '.js$1');
}

const NO_DOC = '*No TSDoc yet.*';

/** The members of a class body that a user calls: not private, not the constructor. */
function members(classText) {
  const body = classText.slice(classText.indexOf('{') + 1, classText.lastIndexOf('}'));
  return statements(body)
    .filter((s) => !/^(private|protected)\b/.test(s.text) && !/^constructor\b/.test(s.text))
    .map((s) => ({ ...s, name: /^(?:(?:readonly|static|get|set)\s+)*([A-Za-z_$][\w$]*)/.exec(s.text)?.[1] ?? s.text }));
}

/** GitHub's anchor of a heading, made unique on its page as GitHub does (`reg`, then `reg-1`). */
function anchor(slugs, heading) {
  const base = heading.toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-');
  const n = slugs.get(base) ?? 0;
  slugs.set(base, n + 1);
  return n === 0 ? base : `${base}-${n}`;
}

/** The TSDoc at the top of a source file: what the module is. */
function moduleDoc(source) {
  const text = readFileSync(join(ROOT, source), 'utf8');
  return text.startsWith('/**') ? docText(text.slice(0, text.indexOf('*/') + 2)) : '';
}

function renderEntry(name, target, undocumented) {
  const lines = [];
  const main = target.decls.find((d) => d.doc) ?? target.decls[0];
  const alias = name === target.name ? '' : ` (\`${target.name}\` in its module)`;
  lines.push(`### ${name}`, '');
  if (alias) lines.push(alias.trim(), '');
  const doc = docText(main.doc);
  if (!doc) undocumented.push(name);
  if (main.kind === 'class') {
    lines.push(doc || NO_DOC, '');
    for (const mb of members(main.text)) {
      const mdoc = docText(mb.doc);
      if (!mdoc) undocumented.push(`${name}.${mb.name}`);
      lines.push(`#### ${name === 'ProgramBuilder' ? 'p' : name}.${mb.name}`, '', '```ts', mb.text.replace(/;$/, ''), '```', '', mdoc || NO_DOC, '');
    }
    return lines;
  }
  lines.push('```ts', ...target.decls.map((d) => shown(d.text)), '```', '', doc || NO_DOC, '');
  return lines;
}

function pageOf(modulePath) {
  const source = modulePath.replace(/\.d\.ts$/, '.ts');
  return PAGES.find((p) => p.match(source));
}

const HEADER = '<!-- Generated by `npm run docs` (scripts/reference.mjs) from the TSDoc of the sources. Do not edit: change the TSDoc and regenerate. -->';

function render(dts) {
  const entries = [...exportsOf(dts, 'lib/index.d.ts')].map(([name, t]) => ({ name, t, from: 'reapcheck' }));
  entries.push(...[...exportsOf(dts, 'lib/vitest.d.ts')].map(([name, t]) => ({ name, t, from: 'reapcheck/vitest' })));
  const vitest = mod(dts, 'lib/vitest.d.ts');
  const files = new Map();
  const undocumented = [];
  const index = [];
  for (const page of PAGES) {
    const mine = entries.filter((e) => pageOf(e.t.module) === page);
    const augment = page.file === 'vitest.md' ? vitest.augment : [];
    if (mine.length === 0 && augment.length === 0) continue;
    const byModule = new Map();
    for (const e of mine) {
      if (!byModule.has(e.t.module)) byModule.set(e.t.module, []);
      byModule.get(e.t.module).push(e);
    }
    const lines = [HEADER, '', `# ${page.title}`, '', `The reference of ${page.about} Back to the [reference](README.md).`, ''];
    const links = [];
    const slugs = new Map();
    for (const st of augment) {
      anchor(slugs, 'The matchers');
      lines.push('## The matchers', '', `Importing \`reapcheck/vitest\` adds them to vitest's \`expect\` ([source](../../lib/vitest.ts)).`, '', '```ts', shown(st.text), '```', '');
      links.push('[toHold, toViolate](vitest.md#the-matchers)');
    }
    // The library's own calls first, then what it re-exports, each in the order lib/index.ts names it.
    const modulesInOrder = [...byModule].sort(([a], [b]) => Number(!a.startsWith('lib/')) - Number(!b.startsWith('lib/')));
    for (const [module, list] of modulesInOrder) {
      const source = module.replace(/\.d\.ts$/, '.ts');
      anchor(slugs, source);
      lines.push(`## ${source}`, '', moduleDoc(source), '', `[source](../../${source})${list[0].from === 'reapcheck' ? '' : ` · import from \`${list[0].from}\``}`, '');
      // Declaration order of the module: the order its author chose.
      const order = [...mod(dts, module).decls.keys()];
      list.sort((a, b) => order.indexOf(a.t.name) - order.indexOf(b.t.name) || a.name.localeCompare(b.name));
      for (const e of list) {
        const entry = renderEntry(e.name, e.t, undocumented);
        for (const h of entry.filter((l) => l.startsWith('#'))) {
          const a = anchor(slugs, h.replace(/^#+ /, ''));
          if (h.startsWith('### ')) links.push(`[${e.name}](${page.file}#${a})`);
        }
        lines.push(...entry);
      }
    }
    files.set(page.file, lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n');
    index.push(`## [${page.title}](${page.file})`, '', `${page.about[0].toUpperCase()}${page.about.slice(1)}`, '', links.join(' · '), '');
  }
  const readme = [
    HEADER,
    '',
    '# API reference',
    '',
    'Everything `import … from \'reapcheck\'` and `\'reapcheck/vitest\'` give, from the TSDoc of the sources, one page per part.',
    'How to read a strategy written in the pseudo-code of the catalogue, builder call by builder call: [../reference.md](../reference.md).',
    '',
    ...index,
    `## Without TSDoc`,
    '',
    undocumented.length === 0 ? 'Every export has its TSDoc.' : `${undocumented.length} of the exports and builder instructions have no TSDoc yet: ${undocumented.map((n) => `\`${n}\``).join(', ')}.`,
    '',
  ];
  files.set('README.md', readme.join('\n'));
  return files;
}

// ---- main -----------------------------------------------------------------------------------

const dts = mkdtempSync(join(tmpdir(), 'reapcheck-reference-'));
try {
  const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--emitDeclarationOnly', '--outDir', dts], { stdio: 'inherit' });
  const files = render(dts);
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  for (const [name, text] of files) writeFileSync(join(OUT, name), text);
  process.stdout.write(`${OUT}: ${[...files.keys()].join(', ')}\n`);
} finally {
  rmSync(dts, { recursive: true, force: true });
}
