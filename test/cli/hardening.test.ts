/**
 * Failures that once crashed, hung or passed silently (issue "Hardening"), each now one line with
 * the right exit code: no user namespaces (a stand-in `unshare` that fails as the kernel makes it
 * fail), a strategy file that ends the process, hostile trace files, a trace the real replayer
 * cannot run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reapcheck, SLOW } from './run-bin.ts';

let dir = '';
let trace = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'reapcheck-hardening-'));
  // A stand-in for util-linux's unshare on a machine without user namespaces, as a non-root user sees it.
  const fake = join(dir, 'bin');
  execFileSync('mkdir', [fake]);
  writeFileSync(join(fake, 'unshare'), '#!/bin/sh\necho "unshare: unshare failed: Operation not permitted" >&2\nexit 1\n');
  chmodSync(join(fake, 'unshare'), 0o755);
  const r = reapcheck(['check', 'naive', '--scenario', 'reuse', '--out', join(dir, 'traces')]);
  expect(r.code).toBe(1);
  trace = join(dir, 'traces', 'naive--reuse--no-stray-signal.json');
}, SLOW);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const noNamespaces = () => ({ PATH: `${join(dir, 'bin')}:${process.env.PATH}` });
const oneLine = (stderr: string) => {
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
};

describe('no user namespaces, not root', () => {
  it('replay --real: one line naming the fix, exit 2 (not 1, which means reproduced)', { timeout: SLOW }, () => {
    const r = reapcheck(['replay', '--real', trace], undefined, noNamespaces());
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/^reapcheck: cannot create a private pid namespace \(unshare: unshare failed: Operation not permitted\): run as root, or enable unprivileged user namespaces/);
  });

  it('conform: one line, exit 2', { timeout: SLOW }, () => {
    const r = reapcheck(['conform', '--runs', '1'], undefined, noNamespaces());
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/private pid namespace/);
  });

  it('matrix --exit-zero (npm start): the matrix, and "real replay: not run" with the reason, exit 0', { timeout: SLOW }, () => {
    const r = reapcheck(['matrix', '--exit-zero'], undefined, noNamespaces());
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^real replay: not run: cannot create a private pid namespace/m);
  });
});

describe('a strategy file that ends the process', () => {
  it('process.exit(0) at import is one line and exit 2, never a silent pass', { timeout: SLOW }, () => {
    const file = join(dir, 'exits.mjs');
    writeFileSync(file, "process.exit(0);\nexport default {};\n");
    for (const json of [[], ['--json']]) {
      const r = reapcheck(['check', file, ...json]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      oneLine(r.stderr);
      expect(r.stderr).toMatch(/a strategy file called process\.exit/);
    }
  });
});

describe('hostile trace files', () => {
  it.each([
    ['/dev/zero', /not a regular file \(a device or socket\)/],
    ['/tmp', /not a regular file \(a directory\)/],
  ])('replay %s: one line, exit 2, at once', (path, message) => {
    const r = reapcheck(['replay', path]);
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(message);
  });

  it('a FIFO is refused without opening it (opening would block until a writer comes)', () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const r = reapcheck(['replay', fifo]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a regular file \(a FIFO\)/);
  });

  it('a trace longer than its scope allows is refused, not followed halfway', () => {
    const t = JSON.parse(execFileSync('cat', [trace], { encoding: 'utf8' }));
    t.steps = Array.from({ length: 5000 }, () => t.steps[0]);
    const long = join(dir, 'long.json');
    writeFileSync(long, JSON.stringify(t));
    for (const args of [['replay', long], ['replay', '--real', long]]) {
      const r = reapcheck(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/5000 steps, more than the scope's maxSteps \(400\)/);
    }
  });
});

describe('a trace the real replayer once refused', () => {
  it('an add inside an atomic block (issue 13 item 5): check prints the replay command and no "not replayable"; replay --real reproduces, exit 1', { timeout: SLOW }, () => {
    const out = join(dir, 'atomic');
    const c = reapcheck(['check', 'test/fixtures/strategies/refcount-atomic.json', '--scenario', 'reuse', '--out', out]);
    expect(c.code).toBe(1);
    expect(c.stdout).toMatch(/replay: reapcheck replay .*refcount-atomic--reuse--no-stray-signal\.json/);
    expect(c.stdout).not.toMatch(/not replayable/);
    const r = reapcheck(['replay', '--real', join(out, 'refcount-atomic--reuse--no-stray-signal.json')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
  });
});

describe('arguments that once hung, ran forever or changed silently', () => {
  it.each([
    [['check', 'naive', '--scenario', 'reuse', '--out', '/proc/x'], /cannot create the output folder \/proc\/x: \/proc is on proc/],
    [['check', 'naive', '--engine', 'random', '--seed', '4294967338'], /--seed must be from -2147483648 to 2147483647; got 4294967338/],
    [['check', 'naive', '--engine', 'random', '--runs', '999999999999'], /--runs must be at most 10000000/],
  ])('%j: one line, exit 2', (args, message) => {
    const r = reapcheck(args);
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(message);
  });
});
