/**
 * The committed API reference (docs/reference/) is what `npm run docs` generates from the TSDoc of
 * the sources now: regenerated into a temporary folder (a few seconds: tsc emits the declarations)
 * and compared page by page. When this fails, run `npm run docs` and commit docs/reference/.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../cli/run-bin.ts';

const work = mkdtempSync(join(tmpdir(), 'reapcheck-reference-test-'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('docs/reference/', () => {
  it('is what npm run docs generates from the sources now (run it and commit when this fails)', () => {
    execFileSync(process.execPath, [join(ROOT, 'scripts/reference.mjs'), work], { stdio: 'pipe' });
    const committed = join(ROOT, 'docs', 'reference');
    expect(readdirSync(committed).sort()).toEqual(readdirSync(work).sort());
    for (const page of readdirSync(work)) expect(readFileSync(join(committed, page), 'utf8'), `docs/reference/${page}`).toBe(readFileSync(join(work, page), 'utf8'));
  }, 120_000);

  it('documents the calls the issue names: every builder instruction and check, replay, the matchers', () => {
    const page = (p: string) => readFileSync(join(ROOT, 'docs', 'reference', p), 'utf8');
    for (const i of ['add', 'cas', 'rlock', 'atomic', 'fresh', 'inline', 'condWait', 'blockForever', 'if']) expect(page('builder.md')).toContain(`#### p.${i}\n`);
    for (const f of ['check', 'replay', 'replayOnLinux', 'encodeTrace', 'decodeTrace', 'schedules', 'runSchedule']) expect(page('check.md')).toContain(`### ${f}\n`);
    expect(page('vitest.md')).toMatch(/toHold\(invariant: string/);
  });
});
