/**
 * The "one child exited: stop the others" bug, on real Node.js and real pids (a sandbox job).
 *
 * A Node program spawns two children A and B with `node:child_process` and keeps its event loop
 * busy until both are zombies. libuv's `uv__wait_children` then reaps both with
 * `waitpid(pid, WNOHANG)` in one pass and only afterwards calls their exit callbacks in turn; Node's
 * callback sets `child._handle = null` before it emits 'exit'. So inside A's 'exit' listener B is
 * already reaped (its number free) while `B._handle` is still set, and the common pattern
 * `others.forEach((c) => c.kill())` sends SIGTERM to B's freed number. Here an unrelated process of
 * ours is placed exactly on that number (ns_last_pid, forced-pid.ts) while the listener waits, and
 * we watch whether the kill reaches it. The fixed pattern defers the stop with `setImmediate`, after
 * every exit callback of the pass: B's `_handle` is null by then and kill() sends nothing.
 *
 * Why it is safe: it runs only as pid 1 of the sandbox's private pid namespace (`RealSession.open`
 * refuses anywhere else), so a freed number can only be taken by a process of ours. The sandboxed
 * process itself never loads `node:child_process` (libuv's SIGCHLD handler would reap behind the
 * replayer's back, sandbox/bundle.ts): the Node program is a separate `node` started by posix_spawn
 * (os/spawn.ts), with its stdin and stdout on our pipes. It is told "go" only once our victim holds
 * the freed number; when the victim could not be placed, the program is killed instead, so its kill
 * never reaches a number we do not hold. Everything made here is ended by pidfd and reaped: the
 * program and its orphans by us, the victim (the helper's child) by the process maker.
 */
import { C } from '../os/libc.ts';
import type { Libc } from '../os/libc.ts';
import { spawnProcess } from '../os/spawn.ts';
import { highPipe, readable, writeLine } from '../os/fdio.ts';
import { procStatFields } from '../os/proc-files.ts';
import { sleepMs } from '../os/sleep.ts';
import { resourceCounts, type ResourceCounts } from '../os/resources.ts';
import { discardStray, placeAt, type PidSpace } from '../processes/forced-pid.ts';
import { decodeSiginfo, observationPidfd, observe, zombieStatus, type RealProc } from '../processes/procs.ts';
import { formatValue } from '../../model/values.ts';
import { RealSession } from '../replay/session.ts';

export interface NodeExitHandlerArgs {
  /** true: the listener defers the stop with setImmediate; false: it kills the others at once. */
  readonly fixed: boolean;
  readonly tries: number;
}

export interface NodeExitHandlerResult {
  readonly pattern: 'kill the others in the exit listener' | 'kill the others in setImmediate';
  /** The Node program's process.versions.node and .uv. */
  readonly node: string;
  readonly uv: string;
  readonly tries: number;
  /** Tries where our victim was placed on the other child's freed number before "go". */
  readonly placed: number;
  /** Tries where the forced pid missed (the program was killed instead of told "go"). */
  readonly missed: number;
  /** Tries where the victim died before we ended it. */
  readonly victimKilled: number;
  /** How the victim died, as the model prints it (`signaled(SIGTERM)`), by count. */
  readonly victimSignals: Record<string, number>;
  /** What `other.kill()` returned in the program (`true`, `false`), by count. */
  readonly killReturns: Record<string, number>;
  /** Tries where, when the first 'exit' listener ran, both children were already reaped (one pass of uv__wait_children). */
  readonly reapedInOnePass: number;
  /** Tries where the other child's `_handle` was still set inside the first 'exit' listener. */
  readonly handleStillSet: number;
  /** Tries where the first 'exit' was the first child spawned (libuv's handle queue order). */
  readonly firstSpawnedExitedFirst: number;
  /** Tries that broke off (the program misbehaved, or a step timed out); their reasons are in `notes`. */
  readonly failed: number;
  readonly notes: string[];
  /** What the sandboxed process held before the first try and after the last. */
  readonly before: ResourceCounts;
  readonly after: ResourceCounts;
}

/**
 * The Node program (CommonJS, `node -e PROGRAM fixed|buggy`). stderr goes to the same pipe as
 * stdout, so an error shows up as lines we keep in the notes.
 */
const PROGRAM = String.raw`
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const fixed = process.argv[1] === 'fixed';
const say = (s) => fs.writeSync(1, s + '\n');
const one = Buffer.alloc(1);
function line() {
  let s = '';
  for (;;) {
    if (fs.readSync(0, one, 0, 1, null) === 0) process.exit(3);
    if (one[0] === 10) return s;
    s += String.fromCharCode(one[0]);
  }
}
const kids = [0, 1].map(() => spawn('/bin/true', [], { stdio: 'ignore' }));
let first = null;
for (const c of kids) {
  c.on('exit', (code, signal) => {
    say('exit ' + c.pid + ' ' + code + ' ' + signal);
    if (first) return;
    first = c;
    const others = kids.filter((k) => k !== c);
    say('in-listener ' + others.map((o) => o.pid + ' ' + (o._handle ? 'handle-set' : 'handle-null')).join(' '));
    if (line() !== 'go') process.exit(4);
    const stop = () => say('kill-returned ' + others.map((o) => String(o.kill())).join(' '));
    if (fixed) setImmediate(stop);
    else stop();
  });
}
say('pids ' + kids.map((k) => k.pid).join(' ') + ' ' + process.versions.node + ' ' + process.versions.uv);
// The event loop stays blocked until the coordinator has seen both children as zombies.
if (line() !== 'zombies') process.exit(5);
`;

/** Bounds of one try's waits. */
const LINE_MS = 10_000;
const ZOMBIE_MS = 3_000;
const DEATH_MS = 2_000;
/** How long a victim that kill() did not claim to reach is watched for a death anyway. */
const QUIET_MS = 150;
const MAX_TRIES = 200;

const siginfo = Buffer.alloc(128);

/** Lines from the program's stdout (and stderr), each within a deadline; null at EOF. */
class Lines {
  private pending = '';
  private eof = false;
  private readonly buf = Buffer.alloc(4096);
  constructor(
    private readonly libc: Libc,
    private readonly fd: number,
  ) {}
  next(ms: number): string | null {
    const deadline = performance.now() + ms;
    for (;;) {
      const nl = this.pending.indexOf('\n');
      if (nl >= 0) {
        const line = this.pending.slice(0, nl);
        this.pending = this.pending.slice(nl + 1);
        return line;
      }
      if (this.eof) return this.pending ? this.take() : null;
      const left = deadline - performance.now();
      // poll reports a closed write end as POLLHUP alone, which `readable` does not count: an early false is EOF, and read says so at once.
      if (left <= 0 || (!readable(this.libc, this.fd, left) && performance.now() >= deadline)) throw new Error(`the Node program said nothing for ${ms} ms`);
      const n = this.libc.read(this.fd, this.buf, this.buf.length);
      if (n <= 0) this.eof = true;
      else this.pending += this.buf.toString('utf8', 0, n);
    }
  }
  private take(): string {
    const s = this.pending;
    this.pending = '';
    return s;
  }
}

/** One try's processes and fds, for its cleanup. */
interface TryWorld {
  toChild: number;
  fromChild: number;
  /** The Node program (our child): pid and pidfd. */
  prog: { pid: number; fd: number } | null;
  /** Pidfds of A and B, opened while the program's loop was blocked (they could not be reaped yet). */
  kids: { pid: number; fd: number }[];
  victim: RealProc | null;
}

/** Run the tries inside the sandbox: one session (the process maker, ns_last_pid) for all of them. */
export async function nodeExitHandlerInSandbox(a: NodeExitHandlerArgs): Promise<NodeExitHandlerResult> {
  const session = await RealSession.open();
  const { libc, maker } = session;
  const procs: RealProc[] = [];
  const space: PidSpace = {
    libc,
    procs,
    realPid: (pid) => pid, // the "model pid" here is the real number we want
    forceNextPid: (pid) => session.forceNextPid(pid),
    register: (p) => (procs.push(p), p),
  };
  const tries = Math.max(1, Math.min(MAX_TRIES, Math.floor(a.tries)));
  const count = (rec: Record<string, number>, k: string) => (rec[k] = (rec[k] ?? 0) + 1);
  const victimSignals: Record<string, number> = {};
  const killReturns: Record<string, number> = {};
  const notes: string[] = [];
  const note = (i: number, s: string) => {
    if (notes.length < 40) notes.push(`try ${i + 1}: ${s}`);
  };
  let placed = 0;
  let missed = 0;
  let victimKilled = 0;
  let reapedInOnePass = 0;
  let handleStillSet = 0;
  let firstSpawnedExitedFirst = 0;
  let failed = 0;
  let node = '?';
  let uv = '?';
  const before = resourceCounts();

  try {
    for (let i = 0; i < tries; i++) {
      const w: TryWorld = { toChild: -1, fromChild: -1, prog: null, kids: [], victim: null };
      try {
        const [inR, inW] = highPipe(libc);
        const [outR, outW] = highPipe(libc);
        w.toChild = inW;
        w.fromChild = outR;
        const sp = spawnProcess(libc, process.execPath, ['node', '-e', PROGRAM, a.fixed ? 'fixed' : 'buggy'], [
          [inR, 0],
          [outW, 1],
          [outW, 2],
        ]);
        libc.close(inR);
        libc.close(outW);
        if (sp.pid < 0) throw new Error(`posix_spawn of ${process.execPath} failed (error ${sp.err})`);
        w.prog = { pid: sp.pid, fd: observationPidfd(libc, sp.pid) };
        const lines = new Lines(libc, outR);
        const expect = (prefix: string): string[] => {
          for (;;) {
            const l = lines.next(LINE_MS);
            if (l === null) throw new Error(`the Node program ended before "${prefix}"`);
            if (l.startsWith(prefix + ' ')) return l.slice(prefix.length + 1).split(' ');
            if (!l.startsWith('exit ')) note(i, `the Node program said: ${l}`);
          }
        };

        // 1. Both children spawned; the program's loop is blocked until we say "zombies".
        const [pa, pb, nv, uvv] = expect('pids');
        node = nv ?? '?';
        uv = uvv ?? '?';
        const kidPids = [Number(pa), Number(pb)];
        w.kids = kidPids.map((pid) => ({ pid, fd: observationPidfd(libc, pid) }));
        const zombies = waitUntil(() => kidPids.every((pid) => procStatFields(libc, pid)?.[0] === 'Z'), ZOMBIE_MS);
        if (!zombies) note(i, `the children were not both zombies within ${ZOMBIE_MS} ms`);
        writeLine(libc, w.toChild, 'zombies');

        // 2. The first 'exit' listener runs and waits for "go": is the other child already reaped?
        const [other, handle] = expect('in-listener');
        const otherPid = Number(other);
        const firstPid = kidPids.find((p) => p !== otherPid)!;
        if (firstPid === kidPids[0]) firstSpawnedExitedFirst++;
        if (handle === 'handle-set') handleStillSet++;
        const reaped = w.kids.every((k) => kidState(libc, k.fd) === 'reaped');
        if (reaped) reapedInOnePass++;
        if (!reaped) {
          note(i, `when the first 'exit' listener ran, child ${otherPid} was not reaped yet: no victim placed`);
          throw new Skip();
        }

        // 3. Our victim on the freed number (the helper's child, not ours), then "go".
        let vpid: number;
        try {
          vpid = placeAt(space, otherPid, {
            make: () => maker.unrelated(),
            discard: (stray) =>
              discardStray(space, stray, 'unrelated', () => {
                maker.reapUnrelated(stray);
                maker.drain();
              }),
          });
        } catch (e) {
          missed++;
          note(i, e instanceof Error ? e.message : String(e));
          throw new Skip(); // the program is killed in cleanup, never told "go"
        }
        w.victim = { inc: i, role: 'unrelated', modelPid: otherPid, realPid: vpid, pidfd: observationPidfd(libc, vpid), stdinW: -1, exitBy: 'none', state: 'running' };
        const ppid = Number(procStatFields(libc, vpid)?.[1] ?? -1);
        if (ppid !== maker.helperPid) throw new Error(`the victim ${vpid} has parent ${ppid}, not the helper`);
        placed++;
        writeLine(libc, w.toChild, 'go');

        // 4. The program stops the others and ends; we reap it.
        const returned = expect('kill-returned');
        for (const r of returned) count(killReturns, r);
        for (let l = lines.next(LINE_MS); l !== null; l = lines.next(LINE_MS)) if (!l.startsWith('exit ')) note(i, `the Node program said: ${l}`);
        if (!readable(libc, w.prog.fd, DEATH_MS)) throw new Error('the Node program did not exit');
        const st = reapProg(libc, w.prog.fd);
        w.prog = null;
        if (st !== 'exited(0)') note(i, `the Node program ended ${st}`);

        // 5. Did the kill reach our victim? (Its death is waited for longer only when kill() said it sent something.)
        const v = w.victim;
        if (readable(libc, v.pidfd, returned.includes('true') ? DEATH_MS : QUIET_MS)) {
          victimKilled++;
          const died = observe(libc, v) === 'zombie' ? zombieStatus(libc, v) : null;
          count(victimSignals, died ? formatValue(died) : 'unknown');
        }
      } catch (e) {
        if (!(e instanceof Skip)) {
          failed++;
          note(i, e instanceof Error ? e.message : String(e));
        }
      } finally {
        const left = cleanup(libc, session, w);
        if (left.length) throw new Error(`reapcheck: try ${i + 1} could not clean up: ${left.join('; ')}`);
      }
    }
    maker.drain();
    return {
      pattern: a.fixed ? 'kill the others in setImmediate' : 'kill the others in the exit listener',
      node,
      uv,
      tries,
      placed,
      missed,
      victimKilled,
      victimSignals,
      killReturns,
      reapedInOnePass,
      handleStillSet,
      firstSpawnedExitedFirst,
      failed,
      notes,
      before,
      after: resourceCounts(),
    };
  } finally {
    for (const p of procs) libc.close(p.pidfd); // strays discardStray kept (it threw for them)
    await session.close();
  }
}

/** A try that stops early on purpose (its reason is already noted). */
class Skip extends Error {}

function waitUntil(ok: () => boolean, ms: number): boolean {
  const deadline = performance.now() + ms;
  while (!ok()) {
    if (performance.now() > deadline) return false;
    sleepMs(0.5);
  }
  return true;
}

/** A child of the program, by its pidfd: running, zombie or reaped (procs.ts's observe, without a RealProc). */
function kidState(libc: Libc, fd: number): 'running' | 'zombie' | 'reaped' {
  if (!readable(libc, fd, 0)) return 'running';
  return libc.syscall4(C.SYS_pidfd_send_signal, fd, 0, 0n, 0) === 0 ? 'zombie' : 'reaped';
}

/** Reap the program (our child, dead) through its pidfd; how it ended. */
function reapProg(libc: Libc, fd: number): string {
  siginfo.fill(0);
  const r = libc.waitid(C.P_PIDFD, fd, siginfo, C.WEXITED);
  libc.close(fd);
  if (r !== 0) return `(waitid failed, errno ${libc.errno()})`;
  const st = decodeSiginfo(siginfo.readInt32LE(8), siginfo.readInt32LE(24));
  return st ? formatValue(st) : '?';
}

/**
 * End what one try made, by pidfd only: the program (SIGKILL, then our reap), its children if
 * they became ours when it died (orphans come to pid 1: us), and the victim (SIGKILL, then the
 * maker's reap). Returns what could not be ended.
 */
function cleanup(libc: Libc, session: RealSession, w: TryWorld): string[] {
  const left: string[] = [];
  const kill9 = (fd: number) => libc.syscall4(C.SYS_pidfd_send_signal, fd, 9, 0n, 0);
  if (w.toChild >= 0) libc.close(w.toChild);
  if (w.fromChild >= 0) libc.close(w.fromChild);
  if (w.prog) {
    kill9(w.prog.fd);
    if (readable(libc, w.prog.fd, DEATH_MS)) reapProg(libc, w.prog.fd);
    else {
      left.push(`the Node program ${w.prog.pid} did not die`);
      libc.close(w.prog.fd);
    }
  }
  for (const k of w.kids) {
    // Still running only if the program broke off early; its parent is then the program (dead now) or us.
    if (kidState(libc, k.fd) === 'running') kill9(k.fd);
    if (!readable(libc, k.fd, DEATH_MS)) left.push(`child ${k.pid} of the Node program did not die`);
    libc.waitid(C.P_PIDFD, k.fd, siginfo.fill(0), C.WEXITED | C.WNOHANG); // ECHILD unless it became ours
    libc.close(k.fd);
  }
  const v = w.victim;
  if (v) {
    if (observe(libc, v) === 'running') kill9(v.pidfd);
    if (readable(libc, v.pidfd, DEATH_MS)) session.maker.reapUnrelated(v.realPid);
    else left.push(`the victim ${v.realPid} did not die`);
    libc.close(v.pidfd);
  }
  return left;
}
