/**
 * The package as a user gets it (issue 14, items 1 and 3): `npm pack` (prepack builds dist/), then
 * a fresh project installs the tarball next to vitest and typescript, and uses it the four ways
 * the README promises — plain Node, a TypeScript project with `tsc --init`'s tsconfig, the
 * command on a .ts strategy file, and the vitest matchers. Everything but the repository's own
 * dist/ (gitignored, removed again when this test made it) is written into one mkdtemp folder,
 * removed at the end. Slow on purpose (a minute or two: a build and an npm install), and offline
 * when the npm cache holds what the repository's own install put there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../cli/run-bin.ts';
import { FILES } from './fixture-files.ts';

/** The build and the install take about a minute on a quiet machine; CI's two cores are shared. */
const SETUP_MS = 6 * 60_000;
const STEP_MS = 3 * 60_000;

let work = '';
let project = '';
let tarball = '';
let madeDist = false;

/**
 * The environment of a user's shell, not of this test run: the variables of the npm script and of
 * vitest that started us (a nested vitest would take itself for a worker), and NODE_OPTIONS or tsx
 * settings, would otherwise leak into the project's commands. The npm cache and registry stay.
 */
function userEnv(): NodeJS.ProcessEnv {
  const keep = /^npm_config_(cache|registry|userconfig)$/;
  const drop = /^(npm_|VITEST|TSX_|NODE_OPTIONS$|NODE_ENV$|TEST$)/;
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => keep.test(k) || !drop.test(k)));
}

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(cmd: string, args: readonly string[], cwd = project): Run {
  const r = spawnSync(cmd, args, { cwd, env: userEnv(), encoding: 'utf8', timeout: STEP_MS - 10_000 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The version the repository itself installed: the npm cache has it, so the install needs no network. */
const installed = (name: string): string => (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'reapcheck-package-'));
  madeDist = !existsSync(join(ROOT, 'dist'));
  const pack = run('npm', ['pack', '--pack-destination', work], ROOT);
  expect(pack.code, pack.stderr).toBe(0);
  if (madeDist) rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
  tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz'))!);

  project = join(work, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), '{ "name": "fixture", "private": true, "type": "module" }\n');
  const deps = [tarball, `vitest@${installed('vitest')}`, `typescript@${installed('typescript')}`];
  const install = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-update-notifier', ...deps]);
  expect(install.code, install.stderr).toBe(0);
  for (const [name, text] of Object.entries(FILES)) writeFileSync(join(project, name), text);
}, SETUP_MS);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('holds the compiled package and what it reads at run time, and no tests, benchmarks, CI or sources', () => {
    const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).trim().split('\n').map((f) => f.replace(/^package\//, ''));
    expect(files.filter((f) => /^(test|bench|\.ci|examples)\//.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    for (const f of ['package.json', 'README.md', 'bin/reapcheck.mjs', 'dist/lib/index.js', 'dist/lib/index.d.ts', 'dist/lib/vitest.js', 'dist/cli/main.js']) expect(files).toContain(f);
    // The run-time neighbours of the code, at their `new URL(…, import.meta.url)` places.
    for (const f of ['dist/properties/parallel/worker.mjs', 'dist/real/sandbox/entry.mjs', 'dist/real/workers/worker-entry.mjs', 'dist/real/processes/native/helper.c']) expect(files).toContain(f);
    const worker = readFileSync(join(project, 'node_modules/reapcheck/dist/properties/parallel/worker.mjs'), 'utf8');
    expect(worker).toContain("import('./worker-main.js')");
    expect(statSync(tarball).size).toBeLessThan(1_000_000);
  });
});

describe('a fresh project that installed it', () => {
  it('imports it from plain .mjs on Node: a strategy built with the builder, checked by check()', () => {
    const r = run(process.execPath, ['plain.mjs']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ method: 'exhaustive', states: 34, status: 'violated', length: 4, violated: true });
  }, STEP_MS);

  it('type-checks with the tsconfig of `tsc --init`: zero errors, no TS5097', () => {
    const init = run(process.execPath, ['node_modules/typescript/bin/tsc', '--init']);
    expect(init.code, init.stdout).toBe(0);
    const r = run(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.']);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.code).toBe(0);
    // The files were checked: a type error put into one is found.
    writeFileSync(join(project, 'wrong.ts'), "import mine from './mine.js';\nexport const n: number = mine.name;\n");
    const wrong = run(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.']);
    rmSync(join(project, 'wrong.ts'));
    expect(wrong.stdout).toMatch(/wrong\.ts\(\d+,\d+\): error TS2322/);
  }, STEP_MS);

  it('runs `npx reapcheck check ./mine.ts` on a .ts strategy file importing from reapcheck, and replays what it wrote', () => {
    const r = run('npx', ['--no-install', 'reapcheck', 'check', './mine.ts', '--scenario', 'reuse']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^mine × reuse: exhaustive search, 34 states/);
    expect(r.stdout).toMatch(/no-stray-signal {2}VIOLATED/);
    expect(r.stdout).toMatch(/shortest counterexample \(breadth-first\), 4 steps/);
    const replay = run('npx', ['--no-install', 'reapcheck', 'replay', 'reapcheck-traces/mine--reuse--no-stray-signal.json']);
    expect(replay.code, replay.stderr).toBe(1);
    expect(replay.stdout).toMatch(/reproduced in the model: no-stray-signal violated at step 4/);
  }, STEP_MS);

  it('runs vitest with reapcheck/vitest: toHold passes, and a failing toHold shows the step table and the replay command', () => {
    const r = run('npx', ['--no-install', 'vitest', 'run', '--reporter=json', '--outputFile=vitest.json', 'matchers.test.ts']);
    expect(r.code, r.stdout + r.stderr).toBe(1); // the deliberate failure
    const report = JSON.parse(readFileSync(join(project, 'vitest.json'), 'utf8')) as {
      testResults: { assertionResults: { title: string; status: string; failureMessages: string[] }[] }[];
    };
    const results = report.testResults.flatMap((f) => f.assertionResults);
    expect(results.map((a) => [a.title, a.status])).toEqual([
      ['pidfd keeps its signals to its own child', 'passed'],
      ['naive is expected to fail this one', 'failed'],
    ]);
    const message = results[1]!.failureMessages.join('\n');
    expect(message).toMatch(/expected naive to hold no-stray-signal, but/);
    expect(message).toMatch(/step +actor +pc +did +result +returns/);
    expect(message).toMatch(/4 +killer +0 +kill\(100, SIGKILL\)/);
    const replay = /replay: npx reapcheck replay (\S+\.json)/.exec(message);
    expect(replay, message).not.toBeNull();
    // The command it prints works as printed.
    const again = run('npx', ['--no-install', 'reapcheck', 'replay', replay![1]!]);
    expect(again.code, again.stderr).toBe(1);
    expect(readdirSync(join(project, 'traces'))).toEqual(['naive--reuse--no-stray-signal.json']);
  }, STEP_MS);
});
