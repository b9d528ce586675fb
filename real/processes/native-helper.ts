/**
 * The coordinator's side of the C process maker (native/helper.c): one long-lived helper, our
 * child, started before the pid base is chosen. It makes every process of a replay without exec:
 * the managed child and the siblings by clone(CLONE_PARENT), so that their parent is our process
 * (every wait, kill and pidfd of a worker treats them as children we spawned), and the unrelated
 * victims by a plain fork, so that their parent is the helper. It is started and checked once per
 * session; any failure is one line, and the session falls back (process-maker.ts).
 *
 * SIMPLIFICATION (as for the fallback's helper, helper.ts): the helper is one more child of our
 * process, outside the model's pid numbers; a strategy's waitpid(-1) would see it (the guard
 * refuses one), and the reap-any adversary only runs when the model says a zombie is there.
 */
import type { Libc } from '../os/libc.ts';
import { C } from '../os/libc.ts';
import { spawnPiped } from '../os/spawn.ts';
import { readable, readLine, writeLine } from '../os/fdio.ts';
import { procStatFields } from '../os/proc-files.ts';
import { processLimitReached } from '../os/limits.ts';

/** Must equal EXIT_SIGNAL and EXIT_COOKIE in native/helper.c: queued together, they make a made child exit with its code. */
const EXIT_SIGNAL = 40;
const EXIT_COOKIE = 0x72656170;
const SI_QUEUE = -1;

const siginfo = Buffer.alloc(128);

/** The siginfo that tells a made child to exit (x86_64: si_signo @0, si_code @8, si_pid @16, si_uid @20, si_value @24). */
const exitInfo = Buffer.alloc(128);
exitInfo.writeInt32LE(EXIT_SIGNAL, 0);
exitInfo.writeInt32LE(SI_QUEUE, 8);
exitInfo.writeInt32LE(process.pid, 16);
exitInfo.writeInt32LE(EXIT_COOKIE, 24);

/**
 * Tell a child the C helper made to exit now, through its pidfd (which names that incarnation
 * only). Returns 0, or -1 with errno set. The same signal without the cookie (a strategy's kill)
 * would kill it instead.
 */
export function tellMadeChildExit(libc: Libc, pidfd: number): number {
  return libc.syscall4p(C.SYS_pidfd_send_signal, pidfd, EXIT_SIGNAL, exitInfo, 0);
}

export class NativeHelper {
  /** Commands sent whose reply has not been read yet (`reapLater`); replies come in order. */
  private unanswered = 0;
  /** Reply bytes read but not yet consumed (a read may return several replies). */
  private pending = '';
  private readonly buf = Buffer.alloc(256);
  /** Each command line encoded once (there are few distinct ones). */
  private readonly encoded = new Map<string, Buffer>();

  private constructor(
    private readonly libc: Libc,
    readonly pid: number,
    private readonly toH: number,
    private readonly fromH: number,
  ) {}

  /** Start the helper at `path` and check that it makes our children as promised; throws one line. */
  static start(libc: Libc, path: string): NativeHelper {
    const sp = spawnPiped(libc, path, ['reapcheck-helper']);
    if (sp.pid < 0) throw processLimitReached('starting the C helper', sp.err) ?? new Error(`cannot start ${path} (posix_spawn error ${sp.err})`);
    const h = new NativeHelper(libc, sp.pid, sp.toChild, sp.fromChild);
    try {
      writeLine(libc, sp.toChild, 'p');
      const hello = readLine(libc, sp.fromChild, 5000);
      if (hello !== 'reapcheck-helper 1') throw new Error(`${path} answered "${hello}", not the helper's greeting`);
      h.selfTest();
    } catch (e) {
      h.stop();
      throw e;
    }
    return h;
  }

  /**
   * One made child, end to end, before any replay: its parent must be us, the exit signal must
   * make it exit with its code, and our own waitid must reap it. A kernel or seccomp policy that
   * refuses CLONE_PARENT, or a helper that behaves otherwise, is caught here, not mid-replay.
   */
  private selfTest(): void {
    const libc = this.libc;
    const pid = this.clone(7);
    if (pid <= 0) throw processLimitReached('the C helper\'s test clone', -pid) ?? new Error(`clone(CLONE_PARENT) failed in the helper (errno ${-pid})`);
    const pidfd = libc.syscall2(C.SYS_pidfd_open, pid, 0);
    try {
      const ppid = Number(procStatFields(libc, pid)?.[1] ?? -1);
      if (ppid !== process.pid) throw new Error(`a child made by clone(CLONE_PARENT) has parent ${ppid}, not us (${process.pid})`);
      if (pidfd < 0 || tellMadeChildExit(libc, pidfd) !== 0) throw new Error(`cannot signal the helper's test child (errno ${libc.errno()})`);
      if (!readable(libc, pidfd, 2000)) throw new Error('the helper\'s test child did not exit when told');
      siginfo.fill(0);
      const r = libc.waitid(C.P_PIDFD, pidfd, siginfo, C.WEXITED);
      const code = siginfo.readInt32LE(8);
      const status = siginfo.readInt32LE(24);
      if (r !== 0 || code !== C.CLD_EXITED || status !== 7) throw new Error(`the helper's test child ended with si_code ${code}, status ${status}, not exit(7)`);
    } finally {
      if (pidfd >= 0) {
        libc.syscall4(C.SYS_pidfd_send_signal, pidfd, 9, 0n, 0);
        libc.waitid(C.P_PIDFD, pidfd, siginfo.fill(0), C.WEXITED | C.WNOHANG);
        libc.close(pidfd);
      }
    }
  }

  private send(cmd: string): void {
    let b = this.encoded.get(cmd);
    if (!b) {
      if (this.encoded.size > 64) this.encoded.clear();
      this.encoded.set(cmd, (b = Buffer.from(cmd + '\n')));
    }
    if (this.libc.write(this.toH, b, b.length) !== b.length) throw new Error(`reapcheck: the C helper does not take commands (errno ${this.libc.errno()})`);
  }

  /** The next reply line, as a number. */
  private reply(): number {
    const libc = this.libc;
    // No spinning before poll sleeps: measured, a clone or fork takes the helper longer than a
    // 30–200 µs spin, which only cost CPU (73 → 106–163 µs per made child).
    let nl = this.pending.indexOf('\n');
    while (nl < 0) {
      if (!readable(libc, this.fromH, 5000)) throw new Error('reapcheck: the C helper did not answer within 5000 ms');
      const n = libc.read(this.fromH, this.buf, this.buf.length);
      if (n <= 0) throw new Error('reapcheck: the C helper is gone');
      this.pending += this.buf.toString('latin1', 0, n);
      nl = this.pending.indexOf('\n');
    }
    const line = this.pending.slice(0, nl);
    this.pending = this.pending.slice(nl + 1);
    return Number(line);
  }

  /** Read the replies still owed (`reapLater`): after this, the helper has done every command sent. */
  drain(): void {
    for (; this.unanswered > 0; this.unanswered--) this.reply();
  }

  private ask(cmd: string): number {
    this.send(cmd);
    this.drain();
    return this.reply();
  }

  /** A process whose parent is our process, exiting with `code` when told (`tellMadeChildExit`; the caller has set ns_last_pid); its pid or -errno. */
  clone(code: number): number {
    return this.ask(`c ${code}`);
  }

  /** An unrelated process, the helper's child (the caller has set ns_last_pid); its pid or -errno. */
  fork(): number {
    return this.ask('f');
  }

  /**
   * Have the helper reap its child `pid` (already dead or dying) without waiting for it: the reply
   * is read with the next command's. The helper serves commands in order, so the number is free
   * before its next fork or clone; `drain` waits for it (a leak check counting processes).
   */
  reapLater(pid: number): void {
    this.send(`r ${pid}`);
    this.unanswered++;
  }

  /** End the helper (a failed start): it exits at EOF; SIGKILL if it does not. */
  stop(): void {
    const libc = this.libc;
    libc.close(this.toH);
    libc.close(this.fromH);
    const pidfd = libc.syscall2(C.SYS_pidfd_open, this.pid, 0);
    if (pidfd < 0) return;
    if (!readable(libc, pidfd, 1000)) libc.syscall4(C.SYS_pidfd_send_signal, pidfd, 9, 0n, 0);
    if (readable(libc, pidfd, 2000)) libc.waitid(C.P_PIDFD, pidfd, siginfo.fill(0), C.WEXITED);
    libc.close(pidfd);
  }
}
