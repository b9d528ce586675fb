#!/usr/bin/env node
// The `reapcheck` command: register tsx so that users' .ts strategy files can be imported, then run
// the command line. Installed from the package, that is the compiled dist/cli/main.js; in the
// repository (where cli/main.ts exists) it is the TypeScript itself, through tsx, so a checkout
// needs no build and never runs a stale dist/ (docs/package.md). Paths are resolved from this
// file, not the cwd, so it works from anywhere and through `npx reapcheck` or a node_modules/.bin
// symlink.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = new URL('../cli/main.ts', import.meta.url);
const fromSource = existsSync(fileURLToPath(source));
// In the repository, `import … from 'reapcheck'` in a strategy file (examples/, a test's fixture)
// goes to the sources through tsconfig.json's "paths", which tsx reads from the file named here:
// the package's "exports" name dist/, which a checkout does not have. Set before tsx is registered,
// and inherited by the worker thread that loads strategy files (cli/load-worker.mjs).
if (fromSource) process.env.TSX_TSCONFIG_PATH ??= fileURLToPath(new URL('../tsconfig.json', import.meta.url));
let code;
try {
  // Imported here, not statically: a broken install (tsx missing) is then one line and exit 70 too,
  // not Node's stack trace and exit 1, which a script would read as "a violation was found".
  const { register } = await import('tsx/esm/api');
  const { register: registerCommonJs } = await import('tsx/cjs/api');
  register();
  // A user's .ts file outside a "type": "module" package is compiled to CommonJS and require()d;
  // without tsx's CommonJS hooks too, Node 20 fails on it with a confusing "require(esm) cycle".
  registerCommonJs();
  const { main } = await import((fromSource ? source : new URL('../dist/cli/main.js', import.meta.url)).href);
  code = await main(process.argv.slice(2));
} catch (e) {
  // main never throws (cli/main.ts turns even uncaught exceptions into 70); this is for a broken
  // install: tsx or the command line missing, or failing to load.
  const msg = e instanceof Error ? e.message : String(e);
  if (e && (e.code === 'EMFILE' || e.code === 'ENFILE')) {
    // Too few file descriptors to even load the command (ulimit -n 20): the user's limit, exit 2.
    process.stderr.write(`reapcheck: cannot start: out of file descriptors while loading (${e.code}); raise the open-file limit (ulimit -n 1024)\n`);
    code = 2;
  } else {
    process.stderr.write(`reapcheck: internal bug: ${msg.split('\n')[0]} (please report it)\n`);
    code = 70;
  }
}
// Exit explicitly: a user's strategy module may leave a timer or handle open, which must not keep
// the checker alive. Output was written synchronously by main, so nothing is lost.
process.exit(code);
