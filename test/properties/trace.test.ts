/**
 * Trace files: encode/decode round trips (a fast-check property over every catalogue
 * counterexample), replay in the model of every catalogue counterexample, and the one-line errors
 * of corrupt traces.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeTrace } from '../../properties/trace-decode.ts';
import type { TraceFile } from '../../properties/trace.ts';
import { encodeTrace, makeTrace } from '../../properties/trace.ts';
import { describeModelReplay, replayInModel } from '../../properties/replay.ts';
import { InputError } from '../../model/errors.ts';
import { catalogueCounterexamples } from '../helpers/catalogue-cells.ts';

const all = catalogueCounterexamples();
const traces: TraceFile[] = all.map(({ inst, cx }) => makeTrace(inst, cx, { engine: 'exhaustive' }));

describe('trace files', () => {
  it('the catalogue has counterexamples to test with', () => {
    expect(traces.length).toBeGreaterThanOrEqual(80);
  });

  it('decode(encode(trace)) equals the trace, for every catalogue counterexample', () => {
    fc.assert(
      fc.property(fc.constantFrom(...traces), (t) => {
        expect(decodeTrace(encodeTrace(t), 'trace.json')).toEqual(t);
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('every catalogue counterexample, written and read back, replays in the model to the same violation', () => {
    for (const t of traces) {
      const r = replayInModel(decodeTrace(encodeTrace(t), 'trace.json'));
      expect(r, `${t.strategy.name} × ${t.scenario.name} ${t.invariant}: ${describeModelReplay(r)}`).toMatchObject({
        kind: 'violated',
        invariant: t.invariant,
        steps: t.steps.length,
      });
    }
  });

  it('a step that is not enabled is reported with its number and who could run', () => {
    const t = traces.find((x) => x.strategy.name === 'mutex-child' && x.scenario.name === 'kill-to-exit')!;
    // The killer cannot take the mutex while the waiter, blocked in waitpid, holds it.
    const steps = [...t.steps, { ...t.steps[0]!, step: { kind: 'thread' as const, thread: 1 } }];
    const r = replayInModel({ ...t, steps });
    expect(r).toMatchObject({ kind: 'not-enabled', stepNo: steps.length, actor: 'killer' });
    expect(describeModelReplay(r)).toMatch(/^step 4: killer is not runnable; runnable: nobody/);
  });

  it('a result that differs from the model is reported', () => {
    const t = traces.find((x) => x.strategy.name === 'naive' && x.scenario.name === 'reuse')!;
    const last = t.steps[t.steps.length - 1]!;
    const steps = [...t.steps.slice(0, -1), { ...last, result: { kind: 'call', ret: -1, err: 'ESRCH', pid: null, status: null } as const }];
    expect(replayInModel({ ...t, steps })).toMatchObject({ kind: 'result-differs', stepNo: steps.length });
  });
});

describe('corrupt traces get one clear line', () => {
  const good = encodeTrace(traces[0]!);
  const cases: [string, string, RegExp][] = [
    ['truncated JSON', good.slice(0, good.length / 2), /^t\.json: not a JSON trace \(.*\) — is the file truncated\?/],
    ['wrong version', good.replace('"version": 1', '"version": 99'), /^t\.json: trace format version 99 is not supported; this reapcheck reads version 1$/],
    ['not a trace', '{"hello": 1}', /^t\.json: not a reapcheck trace/],
    ['an unknown instruction', good.replace(/"op": "(waitpid|kill|lock)"/, '"op": "fork"'), /^t\.json: strategy: .*fork/],
    ['an unknown invariant', good.replace(/"invariant": "[a-z-]+"/, '"invariant": "no-bugs"'), /^t\.json: unknown invariant "no-bugs"/],
    ['a step of a thread that does not exist', good.replace(/"thread": 1/, '"thread": 7'), /^t\.json: step \d+: thread 7 does not exist/],
    ['an unknown step kind', good.replace(/"kind": "child-exit"/, '"kind": "meteor"'), /^t\.json: step \d+: unknown step kind "meteor"/],
  ];
  it.each(cases)('%s', (_name, text, message) => {
    let err: unknown;
    try {
      decodeTrace(text, 't.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    const msg = (err as Error).message;
    expect(msg).toMatch(message);
    expect(msg).not.toContain('\n');
  });
});
