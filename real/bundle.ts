/**
 * Compiles the sandbox side (sandbox-main.ts, worker-main.ts) to plain JavaScript before the
 * sandbox starts. SIMPLIFICATION of the design (tsx registered inside the sandbox): tsx transforms
 * through esbuild *service child processes*, and measured inside the sandbox that left 4 extra
 * processes in the namespace and libuv's SIGCHLD handler installed — exactly the `child_process`
 * the replay process must not have (real-replay-notes.md). Bundling here, outside, avoids both.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';

const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));

/** Where the bundle goes: under node_modules so that `koffi` (kept external, it is native) resolves. */
export const BUNDLE_DIR = fileURLToPath(new URL('../node_modules/.cache/reapcheck-real/', import.meta.url));

let built: Promise<string> | null = null;

/** Build the bundle once per launcher process; returns the path of the sandbox main script. */
export function bundleSandbox(): Promise<string> {
  built ??= (async () => {
    mkdirSync(BUNDLE_DIR, { recursive: true });
    await build({
      entryPoints: { 'sandbox-main': here('./sandbox-main.ts'), 'worker-main': here('./worker-main.ts') },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outdir: BUNDLE_DIR,
      outExtension: { '.js': '.mjs' },
      external: ['koffi'],
      logLevel: 'error',
      // Bundled CommonJS dependencies (fast-check) may call require(): give ESM one.
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
    return BUNDLE_DIR + 'sandbox-main.mjs';
  })();
  return built;
}
