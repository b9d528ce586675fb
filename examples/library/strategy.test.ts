// A maintainer's own test suite: the strategy next to the code it models, checked on every run.
import { describe, expect, it } from 'vitest';
import { check, findStrategy } from 'reapcheck';
import type { Transition } from 'reapcheck';
import 'reapcheck/vitest';

const popen = findStrategy('cpython-3.9')!;

describe('subprocess.Popen, Python 3.9', () => {
  it('never reaps a process that is not its child', async () => {
    await expect(popen).toHold('no-wrong-reap', { scenario: 'reuse' });
  });

  it('can signal a recycled pid (bpo-42558): the race, pinned to its shortest counterexample', async () => {
    await expect(popen).toViolate('no-stray-signal', { scenario: 'reuse' });
    const r = await check(popen, { scenarios: ['reuse'] });
    const stray = r.verdict('reuse', 'no-stray-signal')!;
    expect(stray.status === 'violated' && stray.length).toBe(10);
  });

  it('an invariant of our own: a late kill reaches the zombie child (harmless, but it is late)', async () => {
    const lateKill = {
      name: 'no-signal-to-a-zombie',
      check: (tr: Transition) => (tr.events.signals.some((s) => !s.wasRunning) ? `${tr.info.actor} signalled a zombie` : null),
    };
    const r = await check(popen, { scenarios: ['reuse'], invariants: [lateKill] });
    const late = r.verdict('reuse', 'no-signal-to-a-zombie')!;
    expect(late.status === 'violated' && late.message).toBe('killer signalled a zombie');
  });
});
