/**
 * A user's strategy file runs where it cannot end the checker silently (issue 13, item 2): it is
 * imported in a worker thread, so a file that hangs, throws or exits later, leaves a rejected
 * promise, spawns processes or exports something that is not data gets one stderr line naming the
 * file and exit 2 — and nothing it started outlives the run. Fixtures: test/fixtures/user-code/.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { BIN, ROOT } from './run-bin.ts';

/**
 * Well above the 10 s load timeout, well below vitest's: a checker that hangs fails here, not by
 * vitest's timeout. SIGKILL, because a checker spinning in a user's loop never runs its SIGTERM handler.
 */
const RUN_TIMEOUT_MS = 40_000;

function check(fixture: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, 'check', `test/fixtures/user-code/${fixture}`, '--scenario', 'reuse'], { cwd: ROOT, encoding: 'utf8', timeout: RUN_TIMEOUT_MS, killSignal: 'SIGKILL' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Exit 2, nothing on stdout, exactly one `reapcheck:` line on stderr naming the file, no stack trace. */
function expectOneLine(r: { code: number | null; stdout: string; stderr: string }, fixture: string, says: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^reapcheck: /);
  expect(lines[0]).toContain(`test/fixtures/user-code/${fixture}`);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(lines[0]).toMatch(says);
}

/** Live (not zombie) processes whose command line is exactly `cmdline`. */
function running(cmdline: string): number[] {
  return readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .filter((n) => {
      try {
        const stat = readFileSync(`/proc/${n}/stat`, 'utf8');
        return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z' && readFileSync(`/proc/${n}/cmdline`, 'utf8').split('\0').join(' ').trim() === cmdline;
      } catch {
        return false;
      }
    })
    .map(Number);
}

const alive = (pid: number): boolean => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return false;
  }
};

const T = { timeout: RUN_TIMEOUT_MS + 5_000 };

describe('a strategy file that does more than build data', () => {
  it('hangs at import in a synchronous loop: ended after 10 s, one line, exit 2', T, () => {
    expectOneLine(check('hang-sync.ts'), 'hang-sync.ts', /did not finish loading within 10 s \(a strategy file must only build data\)/);
  });

  it('awaits a promise that never settles at top level: one line, exit 2', T, () => {
    expectOneLine(check('hang-async.ts'), 'hang-async.ts', /did not finish loading: a top-level await in it waits for something that never comes/);
  });

  it('throws on a timer after loading: reported as a timer left behind, exit 2, no crash', T, () => {
    expectOneLine(check('throws-later.ts'), 'throws-later.ts', /left a timer .* to run code after it loaded; a strategy file must only build data/);
  });

  it('calls process.exit on a timer after loading: one line naming the file, exit 2', T, () => {
    expectOneLine(check('exits-later.ts'), 'exits-later.ts', /left a timer .* to run code after it loaded/);
  });

  it('leaves a rejected promise unhandled: one line, exit 2, no crash', T, () => {
    expectOneLine(check('rejects-at-import.ts'), 'rejects-at-import.ts', /a promise it created was rejected and not handled: a rejection nobody handles/);
  });

  it('starts processes at import: they are named, ended, and none outlives the run', T, () => {
    const r = check('spawns-at-import.ts');
    expectOneLine(r, 'spawns-at-import.ts', /started processes at import \(pids [\d, ]+\); a strategy file must only build data — they were ended/);
    const pids = (/pids ([\d, ]+)\)/.exec(r.stderr)?.[1] ?? '').split(', ').map(Number);
    expect(pids.length).toBeGreaterThanOrEqual(2); // the sleep it spawned, and the shell exec started
    for (const pid of pids) expect(alive(pid), `pid ${pid}`).toBe(false);
    expect(running('sleep 987651')).toEqual([]);
    expect(running('sleep 987652')).toEqual([]);
  });

  it.each([
    ['function-in-export.ts', /export default is not plain data \(default\.roles\.wait is a function\)/],
    ['getter-throws.ts', /export scope is not plain data \(reading scope\.maxSteps threw: no steps for you\)/],
  ])('%s exports something that cannot be copied: one line naming the export, exit 2', T, (fixture, says) => {
    expectOneLine(check(fixture), fixture, says);
  });
});
