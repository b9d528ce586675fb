// `npm run build` (and prepack): the published package's dist/. tsc compiles the sources
// (tsconfig.build.json) to .js + .d.ts; then every other file the code reads at run time — through
// `new URL('./x', import.meta.url)`: worker entries (.mjs), the C helpers, the report's CSS and
// script — is copied to the same relative place, so those URLs work from dist/ unchanged.
// Two rewrites tsc leaves to us (docs/package.md): a copied .mjs imports its TypeScript neighbour
// as `./x.ts`, and tsc 7 keeps `./x.ts` in the specifiers of the .d.ts it emits; both become `./x.js`.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DIST = join(ROOT, 'dist');
const SOURCES = ['lib', 'model', 'properties', 'catalogue', 'report', 'real', 'cli'];
/** A relative specifier ending in .ts, in quotes: `'./x.ts'` → `'./x.js'`. */
const TS_SPECIFIER = /(['"])(\.\.?\/[^'"]*)\.ts\1/g;
const toJs = (text) => text.replace(TS_SPECIFIER, '$1$2.js$1');

rmSync(DIST, { recursive: true, force: true });
const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });

let assets = 0;
for (const top of SOURCES) {
  for (const f of readdirSync(join(ROOT, top), { recursive: true, withFileTypes: true })) {
    if (!f.isFile() || f.name.endsWith('.ts') || f.name === 'README.md') continue;
    const from = join(f.parentPath ?? f.path, f.name);
    const to = join(DIST, from.slice(ROOT.length));
    mkdirSync(dirname(to), { recursive: true });
    if (f.name.endsWith('.mjs')) writeFileSync(to, toJs(readFileSync(from, 'utf8')));
    else copyFileSync(from, to);
    assets++;
  }
}

for (const f of readdirSync(DIST, { recursive: true })) {
  if (!String(f).endsWith('.d.ts')) continue;
  const path = join(DIST, String(f));
  writeFileSync(path, toJs(readFileSync(path, 'utf8')));
}
process.stdout.write(`dist/: compiled, ${assets} run-time files copied\n`);
