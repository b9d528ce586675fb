import { describe, expect, it } from 'vitest';
import { guardTrace, GuardRefusal } from '../../real/sandbox/guard.ts';
import { runInSandbox } from '../../real/jobs/run.ts';
import { createInstance } from '../../model/index.ts';
import type { ReplayItem } from '../../real/jobs/jobs.ts';
import type { ResourceCounts } from '../../real/os/resources.ts';
import { counterexample, naiveReuse, sandboxWorks, tamper } from './helpers.ts';

/** The naive counterexample with the killer's kill aimed elsewhere, and other hostile variants. */
function hostileItems(): { why: string; item: ReplayItem }[] {
  const base = naiveReuse();
  const killAt = (pid: number) => ({ ...base, steps: tamper(base.steps, 3, { call: { name: 'kill', args: [pid, 'SIGKILL'] } }) });
  const waitAt = (pid: number) => ({ ...base, steps: tamper(base.steps, 1, { call: { name: 'waitpid', args: [pid, '0'] } }) });
  const pc = counterexample('pidfd-close', 'fd-reuse', 'no-stray-signal');
  return [
    { why: 'kill(1)', item: killAt(1) },
    { why: 'kill(0)', item: killAt(0) },
    { why: 'kill(-1)', item: killAt(-1) },
    { why: 'kill(4242)', item: killAt(4242) },
    { why: 'waitpid(-1) by a strategy thread', item: waitAt(-1) },
    { why: 'waitpid(1)', item: waitAt(1) },
    { why: 'spawn on pid 1', item: { ...base, steps: base.steps.map((s) => (s.step.kind === 'spawn' ? { ...s, step: { kind: 'spawn', pid: 1 } as const } : s)) } },
    { why: 'close(1)', item: { ...pc, steps: tamper(pc.steps, 2, { call: { name: 'close', args: [1] } }) } },
    { why: 'pidfd_send_signal on fd 0', item: { ...pc, steps: tamper(pc.steps, 5, { call: { name: 'pidfd_send_signal', args: [0, 'SIGKILL'] } }) } },
    { why: 'an unknown call', item: killAt(100) && { ...base, steps: tamper(base.steps, 3, { call: { name: 'ptrace', args: [100] } }) } },
  ];
}

describe('the real-replay guard', () => {
  it('refuses every hostile trace with one line', () => {
    for (const { why, item } of hostileItems()) {
      const inst = createInstance(item.strategy, item.scenario, item.scope);
      expect(() => guardTrace(inst, item.steps), why).toThrow(GuardRefusal);
      try {
        guardTrace(inst, item.steps);
      } catch (e) {
        expect((e as Error).message, why).toMatch(/^reapcheck: the real-replay guard refuses this trace/);
        expect((e as Error).message).not.toContain('\n');
      }
    }
    const ok = naiveReuse();
    expect(() => guardTrace(createInstance(ok.strategy, ok.scenario, ok.scope), ok.steps)).not.toThrow();
  });

  it('inside the sandbox refuses before anything runs: no process, fd or pid consumed', async () => {
    if (!(await sandboxWorks())) return;
    const items = hostileItems().map((h) => h.item);
    const r = await runInSandbox<{ refusals: string[]; before: ResourceCounts; after: ResourceCounts; nsLastPid: [string, string] }>({ kind: 'hostile', items });
    expect(r.refusals).toHaveLength(items.length);
    for (const m of r.refusals) expect(m).toMatch(/^reapcheck: the real-replay guard refuses this trace/);
    expect(r.after).toEqual(r.before);
    expect(r.nsLastPid[1]).toBe(r.nsLastPid[0]);
  });
});
