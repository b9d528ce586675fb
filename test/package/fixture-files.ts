/**
 * The files of the fixture project (package.test.ts): what a user writes in their own repository
 * after `npm install reapcheck`, each importing the package by name. The strategy is the
 * catalogue's `naive`, written out as a user would, so its verdicts are known (34 states in
 * `reuse`, a 4-step stray signal).
 */

/** The strategy, built with the builder: waitpid and kill by pid number, no coordination. */
const BODY = `const r = reg('r');
const mine = strategy({
  name: 'mine',
  description: 'waitpid and kill by pid number, no coordination',
  wait(p) {
    p.waitpid(CHILD, 0, r);
    p.returnIf(r.err, errorOf(r.err));
    p.return(r.status);
  },
  kill(p) {
    p.kill(CHILD, SIGNALS.SIGKILL, r);
    p.returnIf(eq(r.err, 'ESRCH'), ALREADY_EXITED);
    p.return(signaled(SIGNALS.SIGKILL));
  },
});
`;

const BUILDER = 'strategy, reg, CHILD, eq, errorOf, ALREADY_EXITED, SIGNALS, signaled';

/** Plain Node: build, check, print the verdict as one JSON line. */
const PLAIN = `import { ${BUILDER}, check } from 'reapcheck';

${BODY}
const result = await check(mine, { scenarios: ['reuse'] });
const reuse = result.scenarios[0];
const v = result.verdict('reuse', 'no-stray-signal');
console.log(JSON.stringify({ method: reuse.method, states: reuse.states, status: v.status, length: v.length, violated: result.violated }));
`;

/** A strategy file for \`reapcheck check\`, typed. */
const MINE = `import { ${BUILDER} } from 'reapcheck';
import type { Strategy } from 'reapcheck';

${BODY.replace('const mine = ', 'const mine: Strategy = ')}
export default mine;
`;

/** The library from TypeScript: types of the options and of the result. */
const USE = `import { check, decodeTrace, encodeTrace, type CheckResult, type InvariantResult } from 'reapcheck';
import mine from './mine.js';

export async function strayIn(scenario: string): Promise<InvariantResult | undefined> {
  const result: CheckResult = await check(mine, { scenarios: [scenario], engine: 'exhaustive', seed: 1 });
  const v = result.verdict(scenario, 'no-stray-signal');
  if (v?.status === 'violated') decodeTrace(encodeTrace(v.trace));
  return v;
}
`;

/** vitest with the matchers: one that holds, one deliberately failing toHold. */
const MATCHERS = `import { expect, it } from 'vitest';
import 'reapcheck/vitest';

it('pidfd keeps its signals to its own child', async () => {
  await expect('pidfd').toHold('no-stray-signal', { scenario: 'reuse' });
});

it('naive is expected to fail this one', async () => {
  await expect('naive').toHold('no-stray-signal', { scenario: 'reuse', traceDir: 'traces' });
});
`;

export const FILES: Readonly<Record<string, string>> = {
  'plain.mjs': PLAIN,
  'mine.ts': MINE,
  'use.ts': USE,
  'matchers.test.ts': MATCHERS,
};
