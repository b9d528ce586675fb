/**
 * A deadlock through `block_forever` (issue 14) on Linux: the waiter hangs by its program after its
 * waitpid failed (a foreign reaper took the child); the replay never runs it, and the evidence is
 * that nothing else can end it — the counterexample reproduces (before, it was "not reproduced":
 * the evidence looked for every blocked thread asleep in a kernel call).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHILD, eq, reg, strategy } from '../../model/strategy/builder.ts';
import { signaled, ALREADY_EXITED } from '../../model/values.ts';
import { reapcheck, SLOW } from '../cli/run-bin.ts';
import { sandboxWorks } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'reapcheck-block-forever-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const r = reg('r');
const hangs = strategy({
  name: 'hangs',
  description: 'a waiter that hangs for good when its waitpid fails',
  wait(p) {
    p.waitpid(CHILD, 0, r);
    p.returnIf(eq(r.err, null), r.status);
    p.blockForever();
  },
  kill(p) {
    p.kill(CHILD, 9, r);
    p.returnIf(eq(r.err, 'ESRCH'), ALREADY_EXITED);
    p.return(signaled(9));
  },
});

describe('block_forever on Linux', () => {
  it('the no-deadlock counterexample reproduces: the other threads are done, the hanging one is never run', { timeout: SLOW }, async () => {
    if (!(await sandboxWorks())) return;
    const file = join(dir, 'hangs.json');
    writeFileSync(file, JSON.stringify(hangs));
    const out = join(dir, 'out');
    const c = reapcheck(['check', file, '--scenario', 'foreign-reaper', '--out', out]);
    expect(c.stdout).toMatch(/no-deadlock +VIOLATED/);
    const r2 = reapcheck(['replay', '--real', join(out, 'hangs--foreign-reaper--no-deadlock.json')]);
    expect(r2.stderr).toBe('');
    expect(r2.stdout).toMatch(/waiter blocks forever by its program/);
    expect(r2.code).toBe(1);
  });
});
