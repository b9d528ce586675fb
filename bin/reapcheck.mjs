#!/usr/bin/env node
// The `reapcheck` command: register tsx so that the TypeScript sources (and users' .ts strategy
// files) can be imported, then run cli/main.ts. Paths are resolved from this file, not the cwd,
// so it works from anywhere and through `npx reapcheck` or a node_modules/.bin symlink.
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
  const { main } = await import(new URL('../cli/main.ts', import.meta.url).href);
  code = await main(process.argv.slice(2));
} catch (e) {
  // main never throws (cli/main.ts turns even uncaught exceptions into 70); this is for a broken
  // install: tsx or cli/main.ts missing, or failing to load.
  const msg = e instanceof Error ? e.message : String(e);
  process.stderr.write(`reapcheck: internal bug: ${msg.split('\n')[0]} (please report it)\n`);
  code = 70;
}
// Exit explicitly: a user's strategy module may leave a timer or handle open, which must not keep
// the checker alive. Output was written synchronously by main, so nothing is lost.
process.exit(code);
