/**
 * What the session's process maker really makes, seen from outside (a test job): a child's
 * parent and open fds, how it ends when told to exit and when a strategy's kill sends the very
 * signal the C helper uses to tell it, and a victim's parent and death. Only processes made here
 * are signalled or reaped.
 */
import { readdirSync } from 'node:fs';
import type { RealSession } from '../replay/session.ts';
import type { Instance } from '../../model/instance.ts';
import { C } from '../os/libc.ts';
import { formatValue } from '../../model/values.ts';
import { decodeSiginfo, observationPidfd, zombieStatus, type RealProc } from '../processes/procs.ts';
import { procStatFields } from '../os/proc-files.ts';
import { readable } from '../os/fdio.ts';
import { ReplayContext } from '../replay/replay-context.ts';
import { sleepMs } from '../os/sleep.ts';

export interface MadeFacts {
  readonly maker: string;
  /** Parent of the child relative to us: 'us', 'helper' or another pid. */
  readonly childParent: string;
  /** Fds the child holds beyond the one it is told through (sh's stdin). */
  readonly childFds: number;
  /** How the child ended when told to exit (the model's child-exit), as the model prints it. */
  readonly toldToExit: string;
  /** How a child ended when sent signal 40 by kill(2), as a strategy might (the C helper's own signal, without its cookie). */
  readonly killedBy40: string;
  readonly victimParent: string;
  readonly victimFds: number;
  /** How the victim ended when sent signal 40 (its zombie, which the helper keeps until told). */
  readonly victimKilledBy40: string;
}

const siginfo = Buffer.alloc(128);

/** Make, look at and end one child, one child killed by signal 40, and one victim; `inst` only sizes the replay context that cleans up. */
export function probeMaker(session: RealSession, inst: Instance): MadeFacts {
  const { libc, maker } = session;
  const ctx = new ReplayContext(session, inst);
  const parent = (pid: number) => {
    const pp = Number(procStatFields(libc, pid)?.[1] ?? -1);
    return pp === process.pid ? 'us' : pp === maker.helperPid ? 'helper' : String(pp);
  };
  /** Open fds of `pid` once it has closed what it inherited (a made process closes them right after the fork), `keep` of them its own. */
  const fds = (pid: number, keep: number) => {
    const deadline = performance.now() + 500;
    let n = readdirSync(`/proc/${pid}/fd`).length;
    while (n > keep && performance.now() < deadline) {
      sleepMs(1);
      n = readdirSync(`/proc/${pid}/fd`).length;
    }
    return n - keep;
  };
  const child = (code: number): RealProc => {
    const m = maker.child(code, -1);
    if (m.pid <= 0) throw new Error(`the maker could not make a child (${m.pid})`);
    return ctx.register({ inc: 1, role: 'child', modelPid: 100, realPid: m.pid, pidfd: observationPidfd(libc, m.pid), stdinW: m.stdinW, exitBy: m.exitBy, state: 'running' });
  };
  /** Wait until `p` is dead and reap it ourselves: how it died. */
  const reap = (p: RealProc): string => {
    if (!readable(libc, p.pidfd, 2000)) return 'still running';
    siginfo.fill(0);
    if (libc.waitid(C.P_PIDFD, p.pidfd, siginfo, C.WEXITED) !== 0) return `waitid failed (errno ${libc.errno()})`;
    const st = decodeSiginfo(siginfo.readInt32LE(8), siginfo.readInt32LE(24));
    return st ? formatValue(st) : '?';
  };
  try {
    const a = child(3);
    const childParent = parent(a.realPid);
    const childFds = fds(a.realPid, a.exitBy === 'stdin' ? 1 : 0); // sh's stdin is how it is told
    ctx.tellExit(a);
    const toldToExit = reap(a);
    const b = child(3);
    libc.kill(b.realPid, 40);
    const killedBy40 = reap(b);
    const v = maker.unrelated();
    const vp = ctx.register({ inc: 2, role: 'unrelated', modelPid: 101, realPid: v, pidfd: observationPidfd(libc, v), stdinW: -1, exitBy: 'none', state: 'running' });
    const victimParent = parent(v);
    const victimFds = fds(v, 0);
    libc.kill(v, 40);
    const died = readable(libc, vp.pidfd, 2000);
    const st = died ? zombieStatus(libc, vp) : null;
    const victimKilledBy40 = !died ? 'still running' : st ? formatValue(st) : 'not a zombie of the helper';
    return { maker: maker.description, childParent, childFds, toldToExit, killedBy40, victimParent, victimFds, victimKilledBy40 };
  } finally {
    ctx.cleanup();
  }
}
