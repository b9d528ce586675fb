/**
 * The supervisor's side of seccomp user notification (seccomp_unotify(2)): the program's
 * intercepted calls arrive on the listener fd, each stopped at entry, and go on only when we
 * answer SECCOMP_USER_NOTIF_FLAG_CONTINUE (the kernel then runs the call as if never stopped).
 * Layouts and ioctl numbers are x86_64's (launcher.c filters x86_64 only).
 */
import type { Libc } from '../os/libc.ts';

/** The calls launcher.c stops, by number (x86_64), with the names a step table uses. */
export const INTERCEPTED: Readonly<Record<number, string>> = {
  61: 'wait4',
  247: 'waitid',
  62: 'kill',
  234: 'tgkill',
  200: 'tkill',
  434: 'pidfd_open',
  424: 'pidfd_send_signal',
  56: 'clone',
  57: 'fork',
  58: 'vfork',
  231: 'exit_group',
};

/** ioctl requests: _IOWR('!', 0, struct seccomp_notif), _IOWR('!', 1, struct seccomp_notif_resp), _IOW('!', 2, __u64). */
const NOTIF_RECV = 0xc0502100;
const NOTIF_SEND = 0xc0182101;
const NOTIF_ID_VALID = 0x40082102;
const FLAG_CONTINUE = 1;
const POLLIN = 1;
const POLLHUP = 0x10;

/** One stopped call: who (a thread id of our namespace) and what. */
export interface Notification {
  readonly id: bigint;
  readonly tid: number;
  readonly nr: number;
  readonly name: string;
  readonly args: readonly bigint[];
}

export class Listener {
  private readonly notif = Buffer.alloc(80);
  private readonly resp = Buffer.alloc(24);
  private readonly pfd = Buffer.alloc(8);
  private readonly idBuf = Buffer.alloc(8);

  constructor(
    private readonly libc: Libc,
    readonly fd: number,
  ) {}

  /**
   * The next stopped call, waiting up to `ms`; null when none came, 'closed' when no process uses
   * the filter any more (every one of them exited).
   */
  next(ms: number): Notification | null | 'closed' {
    const p = this.pfd;
    p.writeInt32LE(this.fd, 0);
    p.writeInt16LE(POLLIN, 4);
    p.writeInt16LE(0, 6);
    const n = this.libc.poll(p, 1, ms);
    if (n <= 0) return null;
    const revents = p.readInt16LE(6);
    if (!(revents & POLLIN)) return revents & POLLHUP ? 'closed' : null;
    this.notif.fill(0);
    // ENOENT: the caller died between poll and recv (a SIGKILL): nothing to answer.
    if (this.libc.ioctl(this.fd, NOTIF_RECV, this.notif) < 0) return null;
    const nr = this.notif.readInt32LE(16);
    const args = [0, 1, 2, 3, 4, 5].map((k) => this.notif.readBigUInt64LE(32 + 8 * k));
    return { id: this.notif.readBigUInt64LE(0), tid: this.notif.readUInt32LE(8), nr, name: INTERCEPTED[nr] ?? `syscall ${nr}`, args };
  }

  /** Let a stopped call run. False when its caller is gone (killed meanwhile). */
  release(id: bigint): boolean {
    this.resp.fill(0);
    this.resp.writeBigUInt64LE(id, 0);
    this.resp.writeUInt32LE(FLAG_CONTINUE, 20);
    return this.libc.ioctl(this.fd, NOTIF_SEND, this.resp) === 0;
  }

  /** Is the call still stopped (its caller alive and waiting)? */
  valid(id: bigint): boolean {
    this.idBuf.writeBigUInt64LE(id, 0);
    return this.libc.ioctl(this.fd, NOTIF_ID_VALID, this.idBuf) === 0;
  }

  close(): void {
    this.libc.close(this.fd);
  }
}
