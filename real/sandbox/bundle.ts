/**
 * Compiles the sandbox side (a main script served by serve.ts, and the worker threads' entry) to
 * plain JavaScript before the sandbox starts; the caller names the entry points (jobs/run.ts). SIMPLIFICATION of the design (tsx registered inside the sandbox): tsx transforms
 * through esbuild *service child processes*, and measured inside the sandbox that left 4 extra
 * processes in the namespace and libuv's SIGCHLD handler installed — exactly the `child_process`
 * the replay process must not have (real-replay-notes.md). Bundling here, outside, avoids both.
 */
import { build } from 'esbuild';
import type { Plugin } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { accessSync, constants, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

/** Where the bundle goes by default: the project's own cache folder. */
export const BUNDLE_DIR = fileURLToPath(new URL('../../node_modules/.cache/reapcheck-real/', import.meta.url));

/**
 * The bundle's folder: the project's cache when we may write there, else a folder of our own
 * under the temporary directory (a user who runs an installed reapcheck does not own its
 * node_modules).
 */
export function bundleDir(): string {
  try {
    mkdirSync(BUNDLE_DIR, { recursive: true });
    accessSync(BUNDLE_DIR, constants.W_OK);
    return BUNDLE_DIR;
  } catch {
    return privateTmpDir();
  }
}

/** Our own folder under the temporary directory (mode 0700 when we create it). */
export function privateTmpDir(): string {
  const dir = join(tmpdir(), `reapcheck-real-${process.getuid?.() ?? 'user'}`) + '/';
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** koffi is native and stays outside the bundle; the bundle imports it by absolute path, so it may live anywhere. */
const koffiByPath: Plugin = {
  name: 'koffi-by-path',
  setup(b) {
    const entry = createRequire(import.meta.url).resolve('koffi');
    b.onResolve({ filter: /^koffi$/ }, () => ({ path: entry, external: true }));
  },
};

const built = new Map<string, Promise<string>>();

/** Bundles of other source versions are removed once this old (a sandbox reads its own at start). */
const STALE_MS = 10 * 60_000;

/**
 * Build `entries` (output name → TypeScript source) once per launcher process into one folder,
 * each as `<name>.mjs` side by side (the worker pool finds `worker-main.mjs` next to the main
 * script); returns the folder. The folder is named after a hash of the output and appears whole:
 * written under a temporary name and renamed into place, so that concurrent runs never read a
 * bundle another one is still writing (measured before: 2 of 48 concurrent `replay --real` failed).
 */
export function bundleSandbox(entries: Readonly<Record<string, string>>): Promise<string> {
  const key = JSON.stringify(entries);
  let b = built.get(key);
  if (!b) {
    b = (async () => {
      const base = bundleDir();
      const result = await build({
        entryPoints: { ...entries },
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        outdir: base,
        outExtension: { '.js': '.mjs' },
        plugins: [koffiByPath],
        logLevel: 'error',
        write: false,
        // Bundled CommonJS dependencies (fast-check) may call require(): give ESM one.
        banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      });
      const hash = createHash('sha256');
      for (const f of result.outputFiles) hash.update(basename(f.path)).update(f.contents);
      const name = `bundle-${hash.digest('hex').slice(0, 16)}`;
      const dir = join(base, name) + '/';
      if (!existsSync(dir)) {
        const tmp = join(base, `.${name}-${randomBytes(6).toString('hex')}`);
        mkdirSync(tmp, { mode: 0o700 });
        for (const f of result.outputFiles) writeFileSync(join(tmp, basename(f.path)), f.contents);
        try {
          renameSync(tmp, dir.slice(0, -1));
        } catch {
          rmSync(tmp, { recursive: true, force: true }); // another run renamed the same bundle first
        }
      }
      removeStale(base, name);
      return dir;
    })();
    built.set(key, b);
  }
  return b;
}

/** Remove bundles of other source versions (and temporaries of crashed runs) older than STALE_MS. */
function removeStale(base: string, keep: string): void {
  for (const f of readdirSync(base)) {
    if (f === keep || !/^(\.?bundle-|(sandbox|worker)-main\.mjs$)/.test(f)) continue;
    try {
      if (Date.now() - statSync(join(base, f)).mtimeMs > STALE_MS) rmSync(join(base, f), { recursive: true, force: true });
    } catch {
      /* removed by another run meanwhile */
    }
  }
}
