/**
 * The real world of one replay: the processes it created, its number maps, its shared memory,
 * the calls in flight; how to start it (the managed child on its forced pid, the strategy's setup
 * fds) and how to leave nothing behind. The step loop lives in `replay.ts`.
 */
import { existsSync, readlinkSync } from 'node:fs';
import type { Instance } from '../../model/instance.ts';
import type { World } from '../../model/world.ts';
import { formatValue } from '../../model/values.ts';
import { C } from '../os/libc.ts';
import type { RealSession } from './session.ts';
import type { RealProc, RealState } from '../processes/procs.ts';
import { observationPidfd, observe } from '../processes/procs.ts';
import { procStatFields } from '../os/proc-files.ts';
import { discardStray, placeAt, type PidSpace } from '../processes/forced-pid.ts';
import type { MadeChild } from '../processes/process-maker.ts';
import { readable, readableAny, writeLine } from '../os/fdio.ts';
import { tellMadeChildExit } from '../processes/native-helper.ts';
import { NumberMaps } from './translate.ts';
import { ValuesTable } from './values-table.ts';
import { GuardRefusal } from '../sandbox/guard.ts';
import type { CallEnv } from './calls.ts';
import type { Swap } from './swaps.ts';
import { SYNC } from '../workers/protocol.ts';
import { sleepMs } from '../os/sleep.ts';
import { CHILD_EXIT_CODE, SIBLING_EXIT_CODE } from '../../model/adversaries.ts';

/** A blocking call started and not yet completed, per worker. */
export interface InFlight {
  readonly call: string;
  /** A wait that reaps when it wakes (not WNOWAIT): it may take a zombie before the model's complete step. */
  readonly reaps: boolean;
}

export class ReplayContext implements PidSpace {
  readonly procs: RealProc[] = [];
  readonly values = new ValuesTable();
  readonly inFlight = new Map<number, InFlight>();
  readonly maps: NumberMaps;
  private sigchldPrev: bigint | null = null;

  constructor(
    readonly session: RealSession,
    readonly inst: Instance,
  ) {
    const base = session.fdBase();
    this.maps = new NumberMaps(inst.scope.pidBase, inst.pids.length, session.pidBase, base);
    for (let i = 0; i < inst.scope.maxFd - 2; i++) {
      const fd = base + i;
      if (session.libc.fcntl(fd, C.F_GETFD, 0) >= 0) throw new Error(`reapcheck: fd ${fd} (${fdTarget(fd)}) is in use: the model's fd space cannot be mapped onto free real fds`);
    }
  }

  get libc() {
    return this.session.libc;
  }

  /** The real pid standing for `modelPid` (forced-pid.ts places processes through this context). */
  realPid(modelPid: number): number {
    return this.maps.realPid(modelPid);
  }

  forceNextPid(pid: number): void {
    this.session.forceNextPid(pid);
  }

  /** The environment `planCall` needs (with the runtime kill guard), for a call of thread `thread` (whose child's memory it names). */
  callEnv(swap?: Swap, thread?: number): CallEnv {
    const spec = thread === undefined ? undefined : this.inst.threads[thread];
    const child = spec === undefined ? 0 : spec.loop ? null : (spec.child ?? 0);
    return { inst: this.inst, maps: this.maps, values: this.values, checkKill: (r) => this.checkKill(r), child, ...(swap ? { swap } : {}) };
  }

  /**
   * The runtime guard: a kill by number reaches only a process this replay created and has not seen
   * reaped — or a number of the replay's own pid range that no process of the namespace holds, where
   * the only possible outcome is ESRCH (the namespace is ours; nothing else forks in it).
   * SIMPLIFICATION of "only numbers held by our processes": the model's free-number kill (ESRCH) must run.
   */
  checkKill(r: number): void {
    const live = this.procs.find((p) => p.realPid === r && observe(this.libc, p) !== 'reaped');
    if (live) return;
    const inRange = r >= this.maps.realPidBase && r < this.maps.realPidBase + this.maps.pidCount;
    if (inRange && !existsSync(`/proc/${r}`)) return;
    throw new GuardRefusal(`reapcheck: the real-replay guard refused kill(${r}): not a live process this replay created`);
  }

  /** The world before the first step: SIGCHLD disposition, the children on their pids, setup's fds, shared memory. */
  start(w0: World): void {
    const libc = this.libc;
    this.session.pool.sync.fill(0);
    if (w0.sigchldIgnored) this.sigchldPrev = libc.signal(C.SIGCHLD, BigInt(C.SIG_IGN));
    // The managed children (one per child of a grown scope), each on its pid, before setup's pidfds of them.
    for (const child of w0.procs) if (child.role === 'child') this.spawnReaderAt(child.inc, 'child', child.pid, -1);
    w0.fds.forEach((f, i) => {
      if (!f) return;
      const m = i + 3;
      const r = f.kind === 'pidfd' ? libc.syscall2(C.SYS_pidfd_open, this.procOf(f.inc).realPid, 0) : libc.open('/dev/null', C.O_RDONLY | C.O_CLOEXEC);
      if (r !== this.maps.realFd(m)) throw new Error(`reapcheck: setup's fd ${m} came out as real fd ${r}, not ${this.maps.realFd(m)}`);
    });
    w0.vars.forEach((v, i) => Atomics.store(this.session.pool.sync, SYNC.VARS + i, this.values.id(formatValue(v))));
  }

  procOf(inc: number): RealProc {
    const p = this.procs.find((q) => q.inc === inc);
    if (!p) throw new Error(`[reapcheck internal bug] incarnation ${inc} has no real process`);
    return p;
  }

  /** The managed child (worker -1) or a sibling (the spawner's worker, which the fallback spawns it from) on its forced pid. */
  spawnReaderAt(inc: number, role: 'child' | 'sibling', modelPid: number, worker: number): RealProc {
    const libc = this.libc;
    const code = role === 'child' ? CHILD_EXIT_CODE : SIBLING_EXIT_CODE;
    let made: MadeChild = { pid: -1, stdinW: -1, exitBy: 'stdin' };
    const pid = placeAt(this, modelPid, {
      make: () => (made = this.session.maker.child(code, worker)).pid,
      discard: (stray) => {
        if (made.stdinW >= 0) libc.close(made.stdinW);
        discardStray(this, stray, role, (fd) => libc.waitid(C.P_PIDFD, fd, siginfo.fill(0), C.WEXITED));
      },
    });
    return this.register({ inc, role, modelPid, realPid: pid, pidfd: observationPidfd(libc, pid), stdinW: made.stdinW, exitBy: made.exitBy, state: 'running' });
  }

  /** An unrelated process (the helper's child, not ours) on its forced pid. */
  spawnUnrelatedAt(inc: number, modelPid: number): RealProc {
    const maker = this.session.maker;
    const pid = placeAt(this, modelPid, {
      make: () => maker.unrelated(),
      discard: (stray) =>
        discardStray(this, stray, 'unrelated', () => {
          maker.reapUnrelated(stray);
          maker.drain();
        }),
    });
    const p = this.register({ inc, role: 'unrelated', modelPid, realPid: pid, pidfd: observationPidfd(this.libc, pid), stdinW: -1, exitBy: 'none', state: 'running' });
    const ppid = Number(procStatFields(this.libc, pid)?.[1] ?? -1);
    if (ppid !== maker.helperPid) throw new Error(`reapcheck: the unrelated process ${pid} has parent ${ppid}, not the helper`);
    return p;
  }

  /** Make a child or sibling exit on its own now (the model's child-exit or sibling-exit). */
  tellExit(p: RealProc): void {
    if (p.exitBy === 'queued-signal') {
      // Through the observation pidfd: it names this incarnation only, never a recycled number.
      if (tellMadeChildExit(this.libc, p.pidfd) !== 0) throw new Error(`reapcheck: telling pid ${p.realPid} to exit failed (errno ${this.libc.errno()})`);
    } else writeLine(this.libc, p.stdinW, 'exit');
  }

  /** Keep `p` so that cleanup ends it. */
  register(p: RealProc): RealProc {
    this.procs.push(p);
    return p;
  }

  /**
   * Wait (at most `ms`) until every process is in the state `expect` gives; returns the mismatches
   * left. Every process is observed after every step (two syscalls each, no /proc read). While the
   * only mismatches are processes still running that should have died, it sleeps in poll on their
   * pidfds, which wakes the moment one exits; otherwise it looks again every 50 µs.
   */
  settle(expect: (p: RealProc) => RealState | null, ms: number): string[] {
    const deadline = performance.now() + ms;
    // A blocked wait wakes as soon as its target exits and may reap it before the model's
    // complete step: a zombie already reaped by it is what the next step will show.
    let reapingWait = false;
    for (const f of this.inFlight.values()) reapingWait ||= f.reaps;
    const wants = this.procs.map(expect);
    const dying: number[] = [];
    for (;;) {
      let mismatches = 0;
      let other = false;
      dying.length = 0;
      this.procs.forEach((p, i) => {
        const want = wants[i]!;
        if (want === null) return;
        const got = observe(this.libc, p);
        if (got === want || (want === 'zombie' && got === 'reaped' && reapingWait)) return;
        mismatches++;
        if (got === 'running') dying.push(p.pidfd);
        else other = true;
      });
      const left = deadline - performance.now();
      if (mismatches === 0 || left < 0) {
        if (mismatches === 0) return [];
        return this.procs.flatMap((p, i) => {
          const want = wants[i]!;
          const got = p.state;
          return want === null || got === want || (want === 'zombie' && got === 'reaped' && reapingWait) ? [] : [`pid ${p.modelPid} (incarnation ${p.inc}, ${p.role}) is ${got}, not ${want}`];
        });
      }
      if (!other) readableAny(this.libc, dying, left);
      else sleepMs(0.05);
    }
  }

  /** Leave nothing: end waits, kill and reap our processes, close our fds, restore SIGCHLD. */
  cleanup(): string[] {
    const { libc, pool, maker } = { libc: this.libc, pool: this.session.pool, maker: this.session.maker };
    const problems: string[] = [];
    for (let w = 0; w < pool.size; w++) if (!pool.idle(w)) pool.abort(w);
    for (const p of this.procs) if (observe(libc, p) === 'running') libc.syscall4(C.SYS_pidfd_send_signal, p.pidfd, 9, 0n, 0);
    for (const p of this.procs) {
      const dead = readable(libc, p.pidfd, 2000);
      if (!dead) problems.push(`pid ${p.realPid} did not die`);
      if (p.role !== 'unrelated') libc.waitid(C.P_PIDFD, p.pidfd, siginfo.fill(0), C.WEXITED | C.WNOHANG);
      else if (dead) {
        // The helper's reap blocks until its child dies: only once it has. A helper that is gone
        // leaves the session unusable, but the rest of this cleanup still runs.
        try {
          maker.reapUnrelated(p.realPid);
        } catch (e) {
          problems.push(e instanceof Error ? e.message : String(e));
        }
      }
      if (p.stdinW >= 0) libc.close(p.stdinW);
      libc.close(p.pidfd);
    }
    for (let w = 0; w < pool.size; w++) {
      if (!pool.waitAborted(w, 3000)) problems.push(`worker ${w} is still inside a call`);
    }
    this.inFlight.clear();
    for (let i = 0; i < this.inst.scope.maxFd - 2; i++) libc.close(this.maps.realFdBase + i);
    if (this.sigchldPrev !== null) libc.signal(C.SIGCHLD, this.sigchldPrev);
    pool.clearAbort();
    pool.sync.fill(0);
    if (problems.length) this.session.broken = problems.join('; ');
    return problems;
  }
}

/** Scratch siginfo for cleanup's reaps (the result is not read). */
const siginfo = Buffer.alloc(128);

function fdTarget(fd: number): string {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return '?';
  }
}
