/**
 * `extend` and the catalogue's fragments (issue 14). The catalogue was rewritten with them (and
 * with `p.if`): duct-1.0 is built on duct-0.6.3-py39 and cpython-3.9 on cpython-3.8. The rewrite
 * must compile to exactly the strategies of before — the same instructions give the same verdicts
 * and state counts — so every catalogue value is compared with the one captured before the change
 * (test/fixtures/catalogue-before-issue14.json), the labels (for messages only) aside.
 */
import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { CATALOGUE } from '../../catalogue/index.ts';
import { cpython38, cpython39, duct10, popenPoll, returnRet } from '../../catalogue/fragments.ts';
import { CHILD, extend, reg } from '../../model/strategy/builder.ts';
import { describedProblems, strategyProblems } from '../../model/strategy/validate.ts';
import type { Strategy } from '../../model/strategy/types.ts';

const BEFORE: Record<string, unknown> = JSON.parse(readFileSync(new URL('../fixtures/catalogue-before-issue14.json', import.meta.url), 'utf8'));
const withoutLabels = (s: Strategy): unknown => {
  const { labels: _, ...rest } = s;
  return rest;
};

describe('the catalogue rewritten with extend, fragments and p.if', () => {
  it.each(CATALOGUE.map((s) => [s.name, s] as const))('%s compiles to exactly the value of before', (name, s) => {
    expect(JSON.stringify(withoutLabels(s))).toBe(JSON.stringify(BEFORE[name]));
  });
});

describe('extend', () => {
  it('keeps what is not given: cpython-3.9 is cpython-3.8 with another kill', () => {
    expect(cpython39.roles.wait).toEqual(cpython38.roles.wait);
    expect(cpython39.roles.poll).toEqual(cpython38.roles.poll);
    expect(cpython39.shared).toEqual(cpython38.shared);
    expect(cpython39.roles.kill).not.toEqual(cpython38.roles.kill);
    expect(cpython39.labels?.wait).toEqual(cpython38.labels?.wait);
  });

  it('builds "as duct-1.0, except the poll" from an exported fragment, and removes a role with null', () => {
    const mine = extend(duct10, { name: 'duct-popen-poll', description: 'duct 1.0 with a plain Popen poll', poll: (p) => popenPoll(p, returnRet) });
    expect(mine.name).toBe('duct-popen-poll');
    expect(mine.roles.wait).toEqual(duct10.roles.wait);
    expect(mine.roles.poll).toEqual(cpython38.roles.poll);
    expect(mine.versions).toBe(duct10.versions);
    // popenPoll names Popen's lock, which duct 1.0 does not declare: validation says so, naming the new strategy.
    expect(describedProblems(mine)[0]).toMatch(/^strategy duct-popen-poll, role poll, instruction 3 \(trylock; label .*\): unknown lock waitpid_lock/);
    const fixed = extend(mine, { name: 'duct-popen-poll', description: '', shared: { ...duct10.shared, mutexes: ['m', 'waitpid_lock'] } });
    expect(strategyProblems(fixed)).toEqual([]);
    const noPoll = extend(duct10, { name: 'duct-no-poll', description: '', poll: null });
    expect(noPoll.roles.poll).toBeUndefined();
    expect(Object.keys(noPoll.roles)).toEqual(['wait', 'kill']);
  });

  it('names the new strategy in label mistakes', () => {
    expect(() => extend(duct10, { name: 'oops', description: '', kill: (p) => void p.kill(CHILD, 9, reg('r')).jump('nowhere') })).toThrow(
      "strategy oops, role kill: instruction 1 (jump): jump to undefined label nowhere — define it with p.label('nowhere')",
    );
  });
});
