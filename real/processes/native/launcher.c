/*
 * The launcher of `reapcheck run`: installs a seccomp filter that stops every process-lifecycle
 * call of the program (and of its descendants: a filter is inherited across fork and execve) at
 * entry and asks the supervisor (SECCOMP_RET_USER_NOTIF), then execs the program.
 *
 *   launcher OUTPUT PROGRAM ARG...
 *
 * Its stdin and stdout are pipes to the supervisor. It says "ready <pid> <listener fd>", the
 * supervisor copies the listener with pidfd_getfd and answers "go"; then the launcher gives the
 * program /dev/null as stdin and the file OUTPUT as stdout and stderr, and execs it. A failed exec
 * is reported as "error exec <errno>" on the control pipe (kept close-on-exec, so a successful
 * exec closes it) and exit 127. Every other call runs untouched.
 *
 * Intercepted (x86_64 numbers): wait4, waitid, kill, tgkill, tkill, pidfd_open, pidfd_send_signal,
 * fork, vfork, clone without CLONE_THREAD (a new process, not a thread), exit_group.
 * SIMPLIFICATION: clone3 is not intercepted: its flags are in memory a filter cannot read, so it
 * cannot tell a thread from a process (glibc's pthread_create uses it); a process made by clone3
 * (glibc's posix_spawn) is not a scheduling point, its exit and every wait and kill still are.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)
#endif

#define NOTIFY_IF(nr) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1), BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF)

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: launcher OUTPUT PROGRAM ARG...\n");
    return 126;
  }
  int in = 0;
  int out = fcntl(1, F_DUPFD_CLOEXEC, 3);
  struct sock_filter filter[] = {
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
    /* clone: a thread (CLONE_THREAD) runs untouched, a new process stops */
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone, 0, 4),
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
    BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, CLONE_THREAD, 0, 1),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
    NOTIFY_IF(__NR_wait4),
    NOTIFY_IF(__NR_waitid),
    NOTIFY_IF(__NR_kill),
    NOTIFY_IF(__NR_tgkill),
    NOTIFY_IF(__NR_tkill),
    NOTIFY_IF(__NR_pidfd_open),
    NOTIFY_IF(__NR_pidfd_send_signal),
    NOTIFY_IF(__NR_fork),
    NOTIFY_IF(__NR_vfork),
    NOTIFY_IF(__NR_exit_group),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  struct sock_fprog prog = {.len = sizeof filter / sizeof filter[0], .filter = filter};
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
    dprintf(out, "error no_new_privs %d\n", errno);
    return 126;
  }
  /*
   * WAIT_KILLABLE_RECV (Linux 5.19): once we hold a stopped call, a signal to the caller (SIGCHLD
   * from a child we let exit) does not interrupt it. Without it the call would return EINTR — for
   * fork or kill, an error the program can never see outside reapcheck. Older kernels: without.
   */
  int listener = (int)syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER | SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV, &prog);
  if (listener < 0 && errno == EINVAL) listener = (int)syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
  if (listener < 0) {
    dprintf(out, "error seccomp %d\n", errno);
    return 126;
  }
  dprintf(out, "ready %d %d\n", (int)getpid(), listener);
  char go[8] = {0};
  if (read(in, go, sizeof go - 1) < 2 || strncmp(go, "go", 2) != 0) return 126;
  close(listener);
  int devnull = open("/dev/null", O_RDONLY);
  int output = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (devnull < 0 || output < 0) {
    dprintf(out, "error output %d\n", errno);
    return 126;
  }
  dup2(devnull, 0);
  dup2(output, 1);
  dup2(output, 2);
  close(devnull);
  execv(argv[2], argv + 2);
  dprintf(out, "error exec %d\n", errno);
  return 127;
}
