import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { replayOnLinux } from '../../real/replay/replay.ts';
import { sandboxProblem } from '../../real/sandbox/check.ts';
import { runInSandbox } from '../../real/jobs/run.ts';
import { createInstance } from '../../model/index.ts';
import { naiveReuse, sandboxWorks } from './helpers.ts';

describe('the replay sandbox', () => {
  it('refuses a replay outside a private pid namespace, in one line, before anything runs', async () => {
    const it = naiveReuse();
    const err = await replayOnLinux(createInstance(it.strategy, it.scenario, it.scope), it.steps).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/^reapcheck: refusing to replay on Linux outside the reapcheck sandbox/);
    expect((err as Error).message).not.toContain('\n');
  });

  it('refuses with a nonce when not pid 1, and explains what to do', () => {
    const msg = sandboxProblem({ REAPCHECK_SANDBOX_NONCE: 'x', REAPCHECK_HOST_PIDNS: 'pid:[1]' });
    expect(msg).toMatch(/this process is pid \d+, not pid 1 of a private pid namespace; run it through runInSandbox/);
  });

  it('the sandbox entry run directly refuses with one line and exit code 3', () => {
    const entry = fileURLToPath(new URL('../../real/sandbox/entry.mjs', import.meta.url));
    const r = spawnSync(process.execPath, [entry, '/nonexistent.mjs'], { encoding: 'utf8', env: { ...process.env, REAPCHECK_SANDBOX_NONCE: 'forged' } });
    expect(r.status).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/refusing to run the real-replay sandbox entry: it must be pid 1/);
  });

  it('inside, the replay process is pid 1, alone in its namespace, with no SIGCHLD handler', async () => {
    if (!(await sandboxWorks())) return;
    const p = await runInSandbox<{ pid: number; processes: number }>({ kind: 'probe' });
    expect(p.pid).toBe(1);
    expect(p.processes).toBe(0);
  });
});
