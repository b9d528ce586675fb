/**
 * Faults injected while a real replay runs (issue 13; the table is docs/hardening.md, "Faults
 * during real replay"): each must end with exactly one stderr line, the exit code of whose fault it
 * is — 70 when a part of ours died mid-run (the run is void), 2 when a limit or a mount the user can
 * fix is missing, never 1 (reproduced) or 3 (divergence) — and nothing left behind: no process the
 * run started, no pid namespace, no file in its TMPDIR or output folder, no bundle temporary.
 *
 * Injected from outside, with no hook in reapcheck: SIGKILL to a process found as a descendant of
 * the command line this test spawned (never anything else), a worker thread terminated by a module
 * preloaded with NODE_OPTIONS=--import (written into this test's folder; it acts only in the
 * sandbox's main thread), `unshare --mount` with a tmpfs over /proc, a pids cgroup whose limit
 * drops to what is already used, and prlimit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BIN, ROOT, reapcheck } from '../cli/run-bin.ts';
import { BUNDLE_DIR } from '../../real/sandbox/bundle.ts';
import { sandboxWorks } from './helpers.ts';
import { childrenOf, cmdline, descendants, pidNs, started } from './proc-tree.ts';

let dir = '';
let trace = '';
let works = false;

beforeAll(async () => {
  works = await sandboxWorks();
  dir = mkdtempSync(join(tmpdir(), 'reapcheck-faults-'));
  expect(reapcheck(['check', 'naive', '--scenario', 'reuse', '--out', join(dir, 'traces')]).code).toBe(1);
  trace = join(dir, 'traces', 'naive--reuse--no-stray-signal.json');
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HOST_NS = pidNs(process.pid);

/** Sandboxes' Node (pid 1 of its namespace), among `pids`. */
const sandboxNode = (pids: readonly number[]) => pids.find((p) => / \S*sandbox\/entry\.mjs /.test(` ${cmdline(p)} `) && !cmdline(p).startsWith('unshare'));

interface Fault {
  /** The command line to run (reapcheck's arguments), and what to wrap it in (`unshare …`, `prlimit …`). */
  readonly args: readonly string[];
  readonly wrap?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Once the sandbox has run `afterMs`, do the fault to the processes it found (descendants of our spawn only); false: not yet, try again. */
  readonly inject?: (tree: readonly number[]) => boolean;
  readonly afterMs?: number;
}

interface Outcome {
  readonly code: number | null;
  readonly stderr: string;
  readonly stdout: string;
  /** Processes of the run still alive after it ended, pid namespaces of it still held, files it left. */
  readonly leftovers: string[];
  readonly injected: boolean;
}

/** Run reapcheck under `f`, inject, and list what it left behind. */
async function underFault(f: Fault): Promise<Outcome> {
  const tmp = mkdtempSync(join(dir, 'tmp-'));
  const out = join(dir, `out-${Date.now()}`);
  const bundleTemps = () => (existsSync(BUNDLE_DIR) ? readdirSync(BUNDLE_DIR).filter((n) => n.startsWith('.')) : []);
  const temps0 = bundleTemps();
  const fds0 = readdirSync('/proc/self/fd').length;
  const argv = [...(f.wrap ?? []), process.execPath, BIN, ...f.args, ...(f.args[0] === 'conform' ? ['--out', out] : [])];
  const cli = spawn(argv[0]!, argv.slice(1), { cwd: ROOT, env: { ...process.env, ...f.env, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  cli.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  cli.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const seen = new Map<number, string>(); // pid → start time
  const namespaces = new Set<string>();
  let sandboxAt = 0;
  let injected = false;
  const look = setInterval(() => {
    const tree = descendants(cli.pid!);
    for (const p of tree) {
      const t = started(p);
      if (!seen.has(p) && t) seen.set(p, t); // '' : gone already
      const ns = pidNs(p);
      if (ns && ns !== HOST_NS) namespaces.add(ns);
    }
    if (!sandboxAt && sandboxNode(tree)) sandboxAt = Date.now();
    if (f.inject && !injected && sandboxAt && Date.now() - sandboxAt >= (f.afterMs ?? 1500)) {
      injected = f.inject(tree);
    }
  }, 20);
  // A fault that never fired would leave conform running for minutes: end it (our own child; its
  // sandbox follows through the parent-death signal) and let the test fail on its exit code.
  const deadline = setTimeout(() => cli.kill('SIGKILL'), 45_000);
  const code = await new Promise<number | null>((r) => cli.on('close', (c) => r(c)));
  clearTimeout(deadline);
  clearInterval(look);
  const alive = () => [...seen].filter(([p, t]) => started(p) === t).map(([p]) => `process ${p} (${cmdline(p) || '?'})`);
  const held = () => readdirSync('/proc').filter((p) => /^\d+$/.test(p) && namespaces.has(pidNs(Number(p)))).map((p) => `pid namespace of process ${p}`);
  const end = Date.now() + 5000;
  while ((alive().length || held().length) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  const leftovers = [
    ...alive(),
    ...held(),
    ...readdirSync(tmp).filter((n) => !n.startsWith('reapcheck-real-') && !n.startsWith('tsx-')).map((n) => `$TMPDIR/${n}`),
    ...(existsSync(out) ? [`--out folder ${out} (${readdirSync(out).length} files)`] : []),
    ...bundleTemps().filter((n) => !temps0.includes(n)).map((n) => `bundle temporary ${n}`),
    ...(readdirSync('/proc/self/fd').length > fds0 ? [`${readdirSync('/proc/self/fd').length - fds0} fds of the test process`] : []),
  ];
  rmSync(tmp, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
  return { code, stderr, stdout, leftovers, injected };
}

/** Exactly one stderr line, no stack trace. */
function oneLine(o: Outcome, pattern: RegExp): void {
  expect(o.stderr.trim().split('\n'), o.stderr).toHaveLength(1);
  expect(o.stderr).not.toMatch(/\n\s+at /);
  expect(o.stderr).toMatch(pattern);
}

const CONFORM = ['conform', '--runs', '200'];
/**
 * SIGKILL to `pid` (found among our spawn's descendants); false when there is none yet, or when it
 * ended between the look at /proc and the kill (ESRCH: the next look, 20 ms later, tries again —
 * thrown from the timer, it failed the whole run once).
 */
const kill9 = (pid: number | undefined): boolean => {
  if (!pid) return false;
  try {
    process.kill(pid, 'SIGKILL');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw e;
  }
  return true;
};

describe('faults during real replay: one line, the right code, nothing left', () => {
  it('a replay worker thread ends mid-run: 70 naming the worker (before: 70 but "Error: reapcheck: conformance stopped: worker 0 is still inside a call", after one replay counted as failed)', { timeout: 60_000 }, async () => {
    if (!works) return;
    // Preloaded into every Node of the run; acts only in the sandbox's main thread, after its 300th Atomics.notify.
    const inject = join(dir, 'end-a-worker.mjs');
    writeFileSync(
      inject,
      `import wt from 'node:worker_threads';
import { syncBuiltinESMExports } from 'node:module';
if (process.pid === 1 && process.env.REAPCHECK_SANDBOX_NONCE && wt.isMainThread) {
  const Worker = wt.Worker, made = [], notify = Atomics.notify;
  wt.Worker = class extends Worker { constructor(...a) { super(...a); made.push(this); } };
  syncBuiltinESMExports();
  let n = 0;
  Atomics.notify = function (...a) { if (++n === 300) void made[0].terminate(); return notify.apply(this, a); };
}
`,
    );
    const o = await underFault({ args: CONFORM, env: { NODE_OPTIONS: `--import ${pathToFileURL(inject).href}` } });
    expect(o.code, o.stderr).toBe(70);
    oneLine(o, /^reapcheck: internal bug: the replay stopped: replay worker 0 \(thread \d+\) has ended; the sandbox cannot go on/);
    expect(o.leftovers).toEqual([]);
  });

  it('the C helper killed (SIGKILL) mid-run: 70 naming it (before: exit 3 and one saved "error" trace per remaining schedule, 15,000 of them)', { timeout: 60_000 }, async () => {
    if (!works) return;
    const o = await underFault({
      args: CONFORM,
      inject: (tree) => {
        // The helper is the sandbox's oldest child named reapcheck-helper (its made children share the name).
        const sb = sandboxNode(tree);
        if (!sb) return false;
        const helpers = childrenOf(sb).filter((p) => cmdline(p) === 'reapcheck-helper');
        return kill9(helpers.sort((a, b) => Number(started(a)) - Number(started(b)) || a - b)[0]);
      },
    });
    expect(o.injected).toBe(true);
    expect(o.code, o.stderr).toBe(70);
    oneLine(o, /^reapcheck: internal bug: the replay stopped: the process maker's helper \(pid \d+\) was killed by SIGKILL/);
    expect(o.leftovers).toEqual([]);
  });

  it('the sandbox\'s Node killed (SIGKILL) mid-run: 70, saying so (before: "exited with code 1 and no answer: unshare: sigprocmask…")', { timeout: 60_000 }, async () => {
    if (!works) return;
    const o = await underFault({ args: CONFORM, inject: (tree) => kill9(sandboxNode(tree)) });
    expect(o.injected).toBe(true);
    expect(o.code, o.stderr).toBe(70);
    oneLine(o, /^reapcheck: internal bug: the replay sandbox ended before it answered: its Node process \(pid 1 of the namespace\) was killed by SIGKILL/);
    expect(o.leftovers).toEqual([]);
  });

  it('/proc masked by a tmpfs (a private mount namespace): 2 naming /proc (before: 70, "internal bug: ENOENT … readlink")', { timeout: 60_000 }, async () => {
    if (!works) return;
    const o = await underFault({ args: ['replay', '--real', trace], wrap: ['unshare', '--mount', '--propagation', 'private', 'sh', '-c', 'mount -t tmpfs none /proc && exec "$@"', 'sh'] });
    expect(o.code, o.stderr).toBe(2);
    oneLine(o, /^reapcheck: real replay needs \/proc \(cannot read \/proc\/self\/ns\/pid: ENOENT\): mount it/);
    expect(o.leftovers).toEqual([]);
  });

  it('no pid left (a pids cgroup whose limit drops to what the run uses): 2 naming the limit (before: exit 3, errors saved as traces)', { timeout: 60_000 }, async () => {
    const root = '/sys/fs/cgroup/pids';
    if (!works || !existsSync(join(root, "cgroup.procs"))) return; // no pids controller (v1) here: see docs/hardening.md
    const cg = join(root, `reapcheck-faults-${process.pid}`);
    mkdirSync(cg);
    try {
      const o = await underFault({
        args: CONFORM,
        wrap: ['sh', '-c', `echo $$ > ${cg}/cgroup.procs && exec "$@"`, 'sh'],
        inject: (tree) => {
          // Once the session is open (its helper runs, so its workers do): the limit then hits a replay.
          const sb = sandboxNode(tree);
          const helper = sb ? childrenOf(sb).find((p) => cmdline(p) === 'reapcheck-helper') : undefined;
          if (!sb || !helper) return false;
          // The limit leaves no room for the processes the replay in flight made (they are reaped at its
          // cleanup): the next replay's first fork fails. A limit at the current count let conform go on
          // while each replay freed what the next one needed, past the test's deadline on a loaded machine.
          const made = descendants(sb).filter((p) => p !== helper).length;
          const current = Number(readFileSync(join(cg, 'pids.current'), 'utf8'));
          writeFileSync(join(cg, 'pids.max'), String(Math.max(1, current - made)));
          return true;
        },
      });
      expect(o.injected).toBe(true);
      expect(o.code, o.stderr).toBe(2);
      oneLine(o, /^reapcheck: real replay cannot make a process or thread \(.*EAGAIN\): a process limit is reached \(the pids\.max of this cgroup/);
      expect(o.leftovers).toEqual([]);
    } finally {
      for (let i = 0; i < 50 && existsSync(cg); i++) {
        try {
          rmdirSync(cg);
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    }
  });

  it('an open-file limit of 200 (prlimit): 2 naming ulimit -n (before: 70, "cannot move fd 48 out of the way (errno 22)")', { timeout: 60_000 }, async () => {
    if (!works) return;
    const o = await underFault({ args: ['replay', '--real', trace], wrap: ['prlimit', '--nofile=200'] });
    expect(o.code, o.stderr).toBe(2);
    oneLine(o, /^reapcheck: real replay ran out of file descriptors \(.*\): the open-file limit is 200 \(ulimit -n\); it needs at least 1024/);
    expect(o.leftovers).toEqual([]);
  });

  // With 20, Node fails inside tsx's loader (EMFILE) while bin/reapcheck.mjs still imports it,
  // before any line of reapcheck runs: the bin says so (before: a stack trace and exit 1).
  it('an open-file limit of 20 (prlimit): the command cannot even load; 2 naming ulimit -n', { timeout: 60_000 }, async () => {
    const o = await underFault({ args: ['replay', '--real', trace], wrap: ['prlimit', '--nofile=20'] });
    expect(o.code, o.stderr).toBe(2);
    oneLine(o, /^reapcheck: cannot start: out of file descriptors while loading \(EMFILE\); raise the open-file limit \(ulimit -n 1024\)/);
    expect(o.leftovers).toEqual([]);
  });
});
