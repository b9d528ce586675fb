/**
 * The libc calls the real replayer makes, through koffi. Each thread (the coordinator and every
 * worker) calls `loadLibc()` itself: koffi instances are per thread (real-replay-notes.md).
 * Every call is synchronous: a blocking call blocks only the calling worker, and its entry into
 * the kernel is observable from /proc (unlike koffi's `.async`, which runs on libuv's pool).
 */
import koffi from 'koffi';

/** x86_64 constants (real-replay-notes.md, wait(2), poll(2), fcntl(2)). */
export const C = {
  WNOHANG: 1,
  WEXITED: 4,
  WNOWAIT: 0x01000000,
  P_ALL: 0,
  P_PID: 1,
  P_PIDFD: 3,
  CLD_EXITED: 1,
  CLD_KILLED: 2,
  CLD_DUMPED: 3,
  SYS_pidfd_send_signal: 424,
  SYS_pidfd_open: 434,
  SYS_pidfd_getfd: 438,
  SYS_gettid: 186,
  SYS_wait4: 61,
  SYS_waitid: 247,
  SYS_poll: 7,
  SYS_futex: 202,
  POLLIN: 1,
  POLLNVAL: 0x20,
  O_RDONLY: 0,
  O_WRONLY: 1,
  O_CLOEXEC: 0o2000000,
  F_DUPFD_CLOEXEC: 1030,
  F_GETFD: 1,
  SIGCHLD: 17,
  SIG_DFL: 0,
  SIG_IGN: 1,
  POSIX_SPAWN_SETSIGMASK: 0x08,
  POSIX_SPAWN_SETSIGDEF: 0x04,
} as const;

/** errno numbers the model names (errno(3), x86_64). */
export const ERRNO_NAMES: Record<number, string> = { 3: 'ESRCH', 9: 'EBADF', 10: 'ECHILD', 11: 'EAGAIN', 22: 'EINVAL', 4: 'EINTR', 24: 'EMFILE', 1: 'EPERM' };

export function errnoName(n: number): string {
  return ERRNO_NAMES[n] ?? `E#${n}`;
}

/** The bound functions. Pointers are passed as Buffers (no named koffi types: "Duplicate type name"). */
export interface Libc {
  waitpid(pid: number, status: Buffer | null, options: number): number;
  waitid(idtype: number, id: number, info: Buffer, options: number): number;
  kill(pid: number, sig: number): number;
  close(fd: number): number;
  open(path: string, flags: number): number;
  read(fd: number, buf: Buffer, n: number): number;
  write(fd: number, buf: Buffer, n: number): number;
  pwrite(fd: number, buf: Buffer, n: number, offset: number): number;
  pipe2(fds: Buffer, flags: number): number;
  fcntl(fd: number, cmd: number, arg: number): number;
  ioctl(fd: number, request: number, arg: Buffer): number;
  poll(fds: Buffer, n: number, timeout: number): number;
  signal(sig: number, handler: bigint): bigint;
  syscall1(nr: number, a: number): number;
  syscall2(nr: number, a: number, b: number): number;
  syscall4(nr: number, a: number, b: number, c: bigint, d: number): number;
  /** pidfd_send_signal with a siginfo (a queued signal with a value). */
  syscall4p(nr: number, a: number, b: number, info: Buffer, d: number): number;
  posix_spawn(pid: Buffer, path: string, fa: Buffer, attr: Buffer, argv: (string | null)[], envp: (string | null)[]): number;
  posix_spawn_file_actions_init(fa: Buffer): number;
  posix_spawn_file_actions_destroy(fa: Buffer): number;
  posix_spawn_file_actions_adddup2(fa: Buffer, fd: number, newfd: number): number;
  posix_spawn_file_actions_addclosefrom_np(fa: Buffer, from: number): number;
  posix_spawnattr_init(attr: Buffer): number;
  posix_spawnattr_destroy(attr: Buffer): number;
  posix_spawnattr_setflags(attr: Buffer, flags: number): number;
  posix_spawnattr_setsigmask(attr: Buffer, set: Buffer): number;
  posix_spawnattr_setsigdefault(attr: Buffer, set: Buffer): number;
  sigemptyset(set: Buffer): number;
  sigfillset(set: Buffer): number;
  errno(): number;
}

let cached: Libc | null = null;

/** Bind libc in the calling thread (once per thread). */
export function loadLibc(): Libc {
  if (cached) return cached;
  const lib = koffi.load('libc.so.6');
  const f = (proto: string) => lib.func(proto);
  const b = {
    waitpid: f('int waitpid(int pid, void *status, int options)'),
    waitid: f('int waitid(int idtype, int id, void *info, int options)'),
    kill: f('int kill(int pid, int sig)'),
    close: f('int close(int fd)'),
    open: f('int open(const char *path, int flags)'),
    read: f('long read(int fd, void *buf, unsigned long n)'),
    write: f('long write(int fd, const void *buf, unsigned long n)'),
    pwrite: f('long pwrite(int fd, const void *buf, unsigned long n, long offset)'),
    pipe2: f('int pipe2(void *fds, int flags)'),
    fcntl: f('int fcntl(int fd, int cmd, int arg)'),
    ioctl: f('int ioctl(int fd, unsigned long request, void *arg)'),
    poll: f('int poll(void *fds, unsigned long n, int timeout)'),
    signal: f('uintptr_t signal(int sig, uintptr_t handler)'),
    // Variadic syscall has no fixed prototype: declare the arities we use (real-replay-notes.md).
    syscall1: f('long syscall(long nr, int a)'),
    syscall2: f('long syscall(long nr, int a, int b)'),
    syscall4: f('long syscall(long nr, int a, int b, uintptr_t c, int d)'),
    syscall4p: f('long syscall(long nr, int a, int b, void *c, int d)'),
    posix_spawn: f('int posix_spawn(void *pid, const char *path, void *fa, void *attr, const char **argv, const char **envp)'),
    posix_spawn_file_actions_init: f('int posix_spawn_file_actions_init(void *fa)'),
    posix_spawn_file_actions_destroy: f('int posix_spawn_file_actions_destroy(void *fa)'),
    posix_spawn_file_actions_adddup2: f('int posix_spawn_file_actions_adddup2(void *fa, int fd, int newfd)'),
    posix_spawn_file_actions_addclosefrom_np: f('int posix_spawn_file_actions_addclosefrom_np(void *fa, int from)'),
    posix_spawnattr_init: f('int posix_spawnattr_init(void *attr)'),
    posix_spawnattr_destroy: f('int posix_spawnattr_destroy(void *attr)'),
    posix_spawnattr_setflags: f('int posix_spawnattr_setflags(void *attr, short flags)'),
    posix_spawnattr_setsigmask: f('int posix_spawnattr_setsigmask(void *attr, void *set)'),
    posix_spawnattr_setsigdefault: f('int posix_spawnattr_setsigdefault(void *attr, void *set)'),
    sigemptyset: f('int sigemptyset(void *set)'),
    sigfillset: f('int sigfillset(void *set)'),
  };
  cached = { ...(b as unknown as Omit<Libc, 'errno'>), errno: () => koffi.errno() } as Libc;
  return cached;
}

/** The calling thread's kernel thread id. */
export function gettid(libc: Libc): number {
  return libc.syscall1(C.SYS_gettid, 0);
}
