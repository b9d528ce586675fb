/**
 * The test run leaves nothing behind (vitest globalSetup, vitest.config.ts). Every test writes its
 * reports, traces and runs into a folder it made (mkdtemp) and removes. To catch one that does
 * not — whatever it writes and wherever it spawns the bin — the run gets a private TMPDIR, and at
 * the end the run fails, naming them, if:
 * - that TMPDIR holds a `reapcheck-*` entry (the sandbox's own cache, `reapcheck-real-<uid>`, and
 *   other tools' caches such as tsx's are expected there);
 * - the repository gained a `reapcheck-traces/`, `reapcheck-report/`, `reapcheck-runs/` or
 *   `reapcheck-conform/` folder, or new files in one (the commands' default output folders);
 * - the real temporary folder gained one of those fixed names.
 * The private TMPDIR is what lets a run tell its own leftovers from those of another run on the
 * same machine: mkdtemp names are all alike. It is removed at the end — and, since a run that is
 * killed (a timeout, Ctrl-C) never reaches its end, by the next run: the folder's name carries the
 * pid of the run that made it, and a folder whose run is gone is removed at setup.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUTPUT_DIRS = ['reapcheck-traces', 'reapcheck-report', 'reapcheck-runs', 'reapcheck-conform'];
/** Caches that outlive a command on purpose: the sandbox bundle and its compiled helpers. */
const EXPECTED_IN_TMP = /^reapcheck-real-/;

/** Every file under the default output folders, anywhere in the repository but node_modules and .git. */
function repoOutputs(dir = ROOT, depth = 0): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory() || e.name === 'node_modules' || e.name === '.git') continue;
    const path = join(dir, e.name);
    if (OUTPUT_DIRS.includes(e.name)) out.push(path, ...readdirSync(path, { recursive: true }).map((f) => join(path, String(f))));
    else if (depth < 3) out.push(...repoOutputs(path, depth + 1));
  }
  return out;
}

function fixedNamesIn(dir: string): string[] {
  return OUTPUT_DIRS.map((n) => join(dir, n)).filter((p) => existsSync(p));
}

const PRIVATE_PREFIX = 'reapcheck-vitest-';

/** Remove the private TMPDIRs of earlier runs that were killed before their teardown (their pid is gone). */
function removeOrphans(systemTmp: string): void {
  for (const name of readdirSync(systemTmp)) {
    const m = new RegExp(`^${PRIVATE_PREFIX}(\\d+)-`).exec(name);
    if (m && !existsSync(`/proc/${m[1]}`)) rmSync(join(systemTmp, name), { recursive: true, force: true });
  }
}

export default function setup(): () => void {
  const systemTmp = tmpdir();
  removeOrphans(systemTmp);
  const before = new Set([...repoOutputs(), ...fixedNamesIn(systemTmp)]);
  const privateTmp = mkdtempSync(join(systemTmp, `${PRIVATE_PREFIX}${process.pid}-`));
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = privateTmp; // inherited by the test workers and every process they spawn
  return () => {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
    const left = [
      ...readdirSync(privateTmp).filter((n) => n.startsWith('reapcheck-') && !EXPECTED_IN_TMP.test(n)).map((n) => `$TMPDIR/${n}`),
      ...[...repoOutputs(), ...fixedNamesIn(systemTmp)].filter((p) => !before.has(p)).map((p) => (p.startsWith(ROOT) ? relative(ROOT, p) : p)),
    ];
    rmSync(privateTmp, { recursive: true, force: true });
    if (left.length > 0) {
      // An error thrown here is only logged ("error during close"), the run still exits 0: say it and set the code.
      process.stderr.write(`\nFAIL the tests left files behind (write into a mkdtemp folder and remove it in afterAll): ${left.slice(0, 10).join(', ')}${left.length > 10 ? `, … (${left.length} in all)` : ''}\n`);
      process.exitCode = 1;
    }
  };
}
