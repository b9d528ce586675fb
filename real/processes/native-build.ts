/**
 * Compiles the C process maker (native/helper.c), and the seccomp launcher of `reapcheck run`
 * (native/launcher.c), in the launcher, before the sandbox starts: never
 * inside it, where a compiler's processes would join the namespace. `cc -O2 -static` first (a
 * static binary forks fastest: no shared libraries to map), plain `cc -O2` next; without a
 * compiler the replayer falls back to `sh` children and the python3 helper (see process-maker.ts).
 * The binary is named after a hash of its source, so it is compiled once per source version, and
 * is written under a temporary name and renamed into place: a reader never sees half a binary.
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { accessSync, constants, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { bundleDir, privateTmpDir } from '../sandbox/bundle.ts';

const run = promisify(execFile);

/** What the sandbox is told about the C helper (through the environment, see helper-env.ts and jobs/run.ts). */
export interface NativeHelperBuild {
  /** The executable, or null when the fallback must be used. */
  readonly path: string | null;
  /** `static`, `dynamic`, or why there is no binary (one line). */
  readonly how: string;
}

/** Set (to anything) to use the fallback children on purpose, e.g. to measure it. */
export const ENV_NO_NATIVE = 'REAPCHECK_NO_NATIVE_HELPER';

const SOURCES = { helper: fileURLToPath(new URL('./native/helper.c', import.meta.url)), launcher: fileURLToPath(new URL('./native/launcher.c', import.meta.url)) } as const;
type NativeName = keyof typeof SOURCES;
const COMPILERS = ['cc', 'gcc'];

/** A folder we may run a binary from: ours and writable by nobody else (it may be under /tmp). */
function trustedDir(dir: string): string | null {
  const st = statSync(dir);
  if (st.uid !== (process.getuid?.() ?? st.uid)) return `${dir} belongs to uid ${st.uid}, not to us`;
  if (st.mode & 0o022) return `${dir} is writable by others`;
  return null;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Binaries of older source versions (a sandbox still running one keeps its copy: unlink is safe). */
function removeOlder(dir: string, name: NativeName, keep: string): void {
  for (const f of readdirSync(dir)) if (f.startsWith(`reapcheck-${name}-`) && dir + f !== keep) rmSync(dir + f, { force: true });
}

/** The first line of a failed compiler run (its own message, not our stack). */
function firstLine(e: unknown): string {
  const err = e as { code?: string; stderr?: string; message?: string };
  if (err.code === 'ENOENT') return 'not found';
  return (err.stderr || err.message || String(e)).trim().split('\n')[0] ?? '?';
}

/**
 * Where the binary goes: the bundle's folder (bundle.ts) when only we can write there, else our
 * private folder under the temporary directory; null (with why) when neither can be trusted.
 */
function helperDir(): { dir: string | null; why: string } {
  let why = '';
  for (const pick of [bundleDir, privateTmpDir]) {
    const dir = pick();
    const untrusted = trustedDir(dir);
    if (!untrusted) return { dir, why: '' };
    why = untrusted;
  }
  return { dir: null, why };
}

const built = new Map<NativeName, Promise<NativeHelperBuild>>();

/** Compile the helper (once per source version, looked up once per launcher process); never throws. */
export async function buildNativeHelper(): Promise<NativeHelperBuild> {
  if (process.env[ENV_NO_NATIVE]) return { path: null, how: `${ENV_NO_NATIVE} is set` };
  return once('helper');
}

/**
 * Compile the seccomp launcher of `reapcheck run` the same way; never throws. Unlike the helper it
 * has no fallback: without it, `run` cannot intercept anything and says so.
 */
export async function buildRunLauncher(): Promise<NativeHelperBuild> {
  return once('launcher');
}

function once(name: NativeName): Promise<NativeHelperBuild> {
  let b = built.get(name);
  if (!b) built.set(name, (b = compile(name)));
  return b;
}

async function compile(name: NativeName): Promise<NativeHelperBuild> {
  const SOURCE = SOURCES[name];
  try {
    const { dir, why } = helperDir();
    if (!dir) return { path: null, how: `not compiled: ${why}` };
    const src = readFileSync(SOURCE);
    const hash = createHash('sha256').update(src).digest('hex').slice(0, 16);
    for (const how of ['static', 'dynamic']) {
      const path = `${dir}reapcheck-${name}-${hash}-${how}`;
      if (executable(path)) return { path, how };
    }
    const tried: string[] = [];
    for (const cc of COMPILERS) {
      for (const how of ['static', 'dynamic']) {
        const tmp = `${dir}.reapcheck-${name}-${randomBytes(6).toString('hex')}.tmp`;
        try {
          await run(cc, ['-O2', ...(how === 'static' ? ['-static'] : []), '-o', tmp, SOURCE], { timeout: 60_000 });
          const path = `${dir}reapcheck-${name}-${hash}-${how}`;
          renameSync(tmp, path);
          removeOlder(dir, name, path);
          return { path, how };
        } catch (e) {
          rmSync(tmp, { force: true });
          if ((e as { code?: string }).code === 'ENOENT') {
            tried.push(`${cc}: not found`);
            break; // no such compiler: no point in the other variant
          }
          tried.push(`${cc}${how === 'static' ? ' -static' : ''}: ${firstLine(e)}`);
        }
      }
    }
    return { path: null, how: `no C compiler could build it (${tried.join('; ')})` };
  } catch (e) {
    return { path: null, how: `not compiled: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
  }
}
