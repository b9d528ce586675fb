import { describe, expect, it } from 'vitest';
import { runInSandbox } from '../../real/jobs/run.ts';
import type { MadeFacts } from '../../real/jobs/maker-probe.ts';
import type { LeakResult } from '../../real/jobs/jobs.ts';
import { spawnSync } from 'node:child_process';
import { catalogueCounterexamples, naiveReuse, sandboxWorks } from './helpers.ts';

/** Is there a C compiler here? In CI there must be one: the test then fails instead of skipping. */
function compilerHere(): boolean {
  return process.env.CI === 'true' || ['cc', 'gcc'].some((cc) => spawnSync(cc, ['--version']).status === 0);
}

describe('the process maker', () => {
  it('the C helper makes children of ours without fds, told to exit by its own signal, killed by anyone else\'s', async () => {
    if (!(await sandboxWorks()) || !compilerHere()) return;
    const f = await runInSandbox<MadeFacts>({ kind: 'maker', item: naiveReuse() });
    expect(f.maker).toMatch(/^C helper \((static|dynamic)\)/);
    expect(f).toEqual({
      maker: f.maker,
      childParent: 'us',
      childFds: 0,
      toldToExit: 'exited(3)',
      killedBy40: 'signaled(SIG40)',
      victimParent: 'helper',
      victimFds: 0,
      victimKilledBy40: 'signaled(SIG40)',
    });
  }, 60_000);

  it('the fallback (sh children, python3 helper) makes the same relations and reproduces counterexamples of every scenario', async () => {
    if (!(await sandboxWorks())) return;
    const f = await runInSandbox<MadeFacts>({ kind: 'maker', item: naiveReuse() }, { nativeHelper: false });
    expect(f.maker).toBe('sh children + python3 helper (fallback: turned off by the caller)');
    expect([f.childParent, f.childFds, f.toldToExit, f.killedBy40, f.victimParent, f.victimFds]).toEqual(['us', 0, 'exited(3)', 'signaled(SIG40)', 'helper', 0]);
    const perScenario = new Map(catalogueCounterexamples().filter((x) => x.invariant !== 'no-deadlock').map((x) => [x.scenario.name, x]));
    const r = await runInSandbox<LeakResult>({ kind: 'leak', items: [...perScenario.values()], runs: 5 * perScenario.size }, { nativeHelper: false });
    expect(r.reproduced).toBe(r.runs);
    expect(r.after).toEqual(r.before);
  }, 60_000);
});
