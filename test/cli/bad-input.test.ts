/**
 * Bad input: one line on stderr starting `reapcheck:`, exit code 2, no stack trace, nothing on
 * stdout. The invalid strategies are catalogue JSON with one thing broken (test/fixtures/).
 */
import { describe, expect, it } from 'vitest';
import { reapcheck, SLOW } from './run-bin.ts';

const CASES: readonly { title: string; args: string[]; says: RegExp }[] = [
  { title: 'unknown command', args: ['frobnicate'], says: /unknown command "frobnicate".*list, check, matrix/ },
  { title: 'no command', args: [], says: /missing command/ },
  { title: 'unknown strategy (lists the known ones)', args: ['check', 'nosuch'], says: /unknown strategy "nosuch"; known strategies: naive, .*pidfd-close/ },
  { title: 'unknown scenario (lists the known ones)', args: ['check', 'pidfd', '--scenario', 'nosuch'], says: /unknown scenario "nosuch"; known scenarios: reuse, .*poll-race/ },
  { title: 'unknown flag', args: ['check', 'pidfd', '--frob'], says: /unknown flag --frob/ },
  { title: 'missing argument of check', args: ['check'], says: /check needs a strategy/ },
  { title: 'missing value of --scenario', args: ['check', 'pidfd', '--scenario'], says: /--scenario needs a value/ },
  { title: 'a bad --scope', args: ['matrix', '--scope', 'pidCount=99'], says: /--scope: pidCount: must be an integer/ },
  { title: 'missing file', args: ['check', 'test/fixtures/no-such-file.ts'], says: /no-such-file\.ts does not exist/ },
  { title: 'JSON syntax error', args: ['check', 'test/fixtures/syntax-error.json'], says: /syntax-error\.json is not valid JSON \(line 4, column 1\)/ },
  { title: 'a .ts file that throws on import', args: ['check', 'test/fixtures/throws-on-import.ts'], says: /cannot load test\/fixtures\/throws-on-import\.ts: this strategy file is not finished yet/ },
  { title: 'invalid strategy: undefined register', args: ['check', 'test/fixtures/invalid-undefined-register.json'], says: /invalid-undefined-register\.json.*role wait, instruction 4.*register stat/ },
  { title: 'invalid strategy: jump out of range', args: ['check', 'test/fixtures/invalid-jump-out-of-range.json'], says: /invalid-jump-out-of-range\.json.*role wait, instruction 2.*42/ },
  { title: 'invalid strategy: unlock without lock', args: ['check', 'test/fixtures/invalid-unlock-without-lock.json'], says: /invalid-unlock-without-lock\.json.*role kill.*unlock/ },
  { title: 'invalid strategy: blocking call inside atomic', args: ['check', 'test/fixtures/invalid-blocking-in-atomic.json'], says: /invalid-blocking-in-atomic\.json.*role wait.*waitpid.*atomic/ },
  { title: 'a StrategyError found while checking (unlock by a non-owner)', args: ['check', 'test/fixtures/strategy-error-double-unlock.json', '--scenario', 'reuse'], says: /strategy broken-double-unlock is wrong.*scenario reuse.*unlock of m/ },
];

describe('bad input', () => {
  for (const c of CASES) {
    it(`${c.title}: one stderr line, exit 2, no stack trace`, { timeout: SLOW }, () => {
      const r = reapcheck(c.args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.split('\n').filter((l) => l !== '');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^reapcheck: /);
      expect(r.stderr).not.toMatch(/^ {4}at /m);
      expect(lines[0]).toMatch(c.says);
    });
  }
});
