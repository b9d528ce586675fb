/**
 * One test per exit code of the table (cli/exit-codes.ts, README.md, docs/commands.md#exit-codes),
 * through the real bin: 0 holds, 1 violated, 2 usage or input error, 3 divergence, 70 internal bug,
 * 128+n interrupted. Code 4 (incomplete) is tested with the search bounds that produce it. SIGTERM
 * during a sandbox run (143, the sandbox ended) is test/cli/interrupts.test.ts. And no crash ever
 * exits 1, which is "a violation was found": an exception nobody caught, or a broken install, is one
 * line and 70.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, reapcheck, ROOT, SLOW } from './run-bin.ts';
import { failureOf } from '../../cli/errors.ts';
import { InternalError } from '../../model/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'reapcheck-exit-codes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FAULT = fileURLToPath(new URL('./inject-fault.mjs', import.meta.url));

/** `reapcheck args…` with test/cli/inject-fault.mjs preloaded, doing `fault` once reapcheck's handlers are in. */
function withFault(fault: string, args: readonly string[]) {
  const r = spawnSync(process.execPath, ['--import', FAULT, BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: SLOW - 5_000, env: { ...process.env, REAPCHECK_TEST_FAULT: fault } });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
/** A run that yields to the event loop (worker threads) while it works, so the fault's timer fires. */
const BUSY = ['check', 'naive', '--scenario', 'reuse', '--workers', '2', '--json'];

describe('exit codes', () => {
  it('0: check of a cell where every invariant holds', { timeout: SLOW }, () => {
    const r = reapcheck(['check', 'pidfd', '--scenario', 'reuse', '--out', join(dir, 'holds')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('1: check of a violated cell', { timeout: SLOW }, () => {
    const r = reapcheck(['check', 'naive', '--scenario', 'reuse', '--out', join(dir, 'violated')]);
    expect(r.stdout).toMatch(/no-stray-signal +VIOLATED/);
    expect(r.code).toBe(1);
  });

  it.each([
    ['a bad flag', ['check', 'naive', '--no-such-flag'], /^reapcheck: unknown flag --no-such-flag for "reapcheck check"/],
    ['a missing file', ['replay', 'no-such-trace.json'], /^reapcheck: .*no-such-trace\.json/],
    ['a file that is not a strategy', ['check', 'package.json'], /^reapcheck: /],
  ])('2: %s, one line', { timeout: SLOW }, (_what, args, line) => {
    const r = reapcheck(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(line);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('3: a trace that runs without the violation it names (the last step cut)', { timeout: SLOW }, () => {
    const out = join(dir, 'cut');
    expect(reapcheck(['check', 'naive', '--scenario', 'reuse', '--out', out]).code).toBe(1);
    const t = JSON.parse(readFileSync(join(out, 'naive--reuse--no-stray-signal.json'), 'utf8')) as { steps: unknown[] };
    t.steps.pop();
    const cut = join(dir, 'cut.json');
    writeFileSync(cut, JSON.stringify(t));
    const r = reapcheck(['replay', cut]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(3);
  });

  it.each([
    ['SIGINT', 130],
    ['SIGHUP', 129],
    ['SIGTERM', 143],
  ] as const)('128+n: %s during a check is one line and exit %i', { timeout: SLOW }, (signal, code) => {
    const r = withFault(signal, BUSY);
    expect(r.stderr).toBe(`reapcheck: interrupted by ${signal}\n`);
    expect(r.code).toBe(code);
  });
});

describe('no crash exits 1', () => {
  it.each([
    ['an exception thrown in a timer', 'throw', 'TypeError'],
    ['a promise rejected with nobody awaiting it', 'reject', 'RangeError'],
  ])('70: %s is one line, exit 70', { timeout: SLOW }, (_what, fault, name) => {
    const r = withFault(fault, BUSY);
    expect(r.stderr).toBe(`reapcheck: internal bug: ${name}: injected by the test (please report it)\n`);
    expect(r.code).toBe(70);
  });

  it('70: a broken install (the bin without tsx or cli/main.ts beside it) is one line, exit 70', { timeout: SLOW }, () => {
    const alone = join(dir, 'alone.mjs');
    copyFileSync(BIN, alone);
    const r = spawnSync(process.execPath, [alone, 'list'], { cwd: dir, encoding: 'utf8', timeout: SLOW - 5_000 });
    expect(r.stderr).toMatch(/^reapcheck: internal bug: .* \(please report it\)\n$/);
    expect(r.status).toBe(70);
  });

  it('failureOf maps anything that is not the user\'s mistake to 70, never 1', () => {
    for (const e of [new TypeError('x'), new InternalError('y'), 'a string', undefined, null, { weird: true }, new Error('')]) {
      expect(failureOf(e).code).toBe(70);
    }
  });
});
