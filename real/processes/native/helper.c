/*
 * The real replayer's process maker (real/native-helper.ts drives it; real/native-build.ts compiles
 * it). One long-lived process, our child, that makes the replay's processes on command without
 * exec, so a replay does not pay for starting /bin/sh and python3:
 *
 *   f         fork an unrelated process: parent = this helper, so not our child (model-spec §1).
 *             It pauses until killed and is never reaped unless told. Reply: its pid.
 *   c CODE    clone(CLONE_PARENT) a process whose parent is the helper's parent (our Node process),
 *             exactly as if Node had spawned it: our waitpid, waitid and pidfds see it as our child.
 *             It waits until told (EXIT_SIGNAL queued with EXIT_COOKIE), then _exit(CODE). Reply:
 *             its pid.
 *   r PID     waitpid(PID, 0) on one of the helper's own children. Reply: its wait status, or -errno.
 *   p         are you there. Reply: "reapcheck-helper 1".
 *
 * One command per line on fd 0, one reply line per command on fd 1; a failed fork or clone replies
 * -errno. EOF on fd 0 ends the helper. The caller writes ns_last_pid before `f` and `c` and checks
 * the pid it gets; nothing else forks in the namespace meanwhile.
 *
 * Why a signal and not a pipe tells a made child to exit: it needs no fd in the child nor in Node
 * (no fd passing, no per-child pipe), and pidfd_send_signal on the coordinator's observation pidfd
 * reaches exactly that incarnation. The signal is blocked in the helper, so every child inherits it
 * blocked and one that arrives before sigwaitinfo stays pending. The coordinator queues it with a
 * cookie (si_code SI_QUEUE); the same signal sent any other way (a strategy's kill or
 * pidfd_send_signal, SI_USER) kills the child, as it would kill a child with default dispositions:
 * a strategy may send any signal number without the replay telling it apart.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* Must equal EXIT_SIGNAL and EXIT_COOKIE in real/native-helper.ts. */
#define EXIT_SIGNAL 40
#define EXIT_COOKIE 0x72656170

#ifndef SYS_close_range
#define SYS_close_range 436
#endif
#ifndef CLONE_PARENT
#define CLONE_PARENT 0x00008000
#endif

/* A made process keeps no fd of the helper (its command and reply pipes). */
static void close_every_fd(void) {
  if (syscall(SYS_close_range, 0u, ~0u, 0u) != 0)
    for (int fd = 0; fd < 1024; fd++) close(fd);
}

static sigset_t told;

/* The unrelated process: nothing to do but be there until killed, by any signal (none blocked). */
static void pause_forever(void) {
  close_every_fd();
  sigprocmask(SIG_UNBLOCK, &told, NULL);
  for (;;) pause();
}

/* A child or sibling of the model: exits with `code` when told, never before. */
static void exit_when_told(int code) {
  close_every_fd();
  for (;;) {
    siginfo_t si;
    if (sigwaitinfo(&told, &si) != EXIT_SIGNAL) continue;
    if (si.si_code == SI_QUEUE && si.si_value.sival_int == EXIT_COOKIE) _exit(code);
    /* Someone else's EXIT_SIGNAL: die of it, as the default disposition would. Raw syscalls: after
     * a raw clone, glibc's cached thread id (used by raise) is still the helper's. */
    sigprocmask(SIG_UNBLOCK, &told, NULL);
    syscall(SYS_kill, syscall(SYS_getpid), EXIT_SIGNAL);
  }
}

static void reply(long n) {
  char line[32];
  int len = snprintf(line, sizeof line, "%ld\n", n);
  /* A short or failed write means Node is gone: nothing left to serve. */
  if (write(1, line, (size_t)len) != len) _exit(1);
}

static void serve(const char *line) {
  switch (line[0]) {
    case 'f': {
      pid_t pid = fork();
      if (pid == 0) pause_forever();
      reply(pid < 0 ? -errno : pid);
      return;
    }
    case 'c': {
      int code = atoi(line + 1);
      /* Raw clone: glibc's clone() wants a stack; without CLONE_VM the child runs on a copy of ours. */
      long pid = syscall(SYS_clone, (unsigned long)(CLONE_PARENT | SIGCHLD), 0L, 0L, 0L, 0L);
      if (pid == 0) exit_when_told(code);
      reply(pid < 0 ? -errno : pid);
      return;
    }
    case 'r': {
      int status = 0;
      pid_t r = waitpid((pid_t)atoi(line + 1), &status, 0);
      reply(r < 0 ? -errno : status);
      return;
    }
    case 'p': {
      static const char hello[] = "reapcheck-helper 1\n";
      if (write(1, hello, sizeof hello - 1) != (ssize_t)(sizeof hello - 1)) _exit(1);
      return;
    }
    default:
      reply(-EINVAL);
  }
}

int main(void) {
  sigemptyset(&told);
  sigaddset(&told, EXIT_SIGNAL);
  sigprocmask(SIG_BLOCK, &told, NULL);
  char buf[512];
  size_t have = 0;
  for (;;) {
    ssize_t n = read(0, buf + have, sizeof buf - 1 - have);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return 0;
    have += (size_t)n;
    char *start = buf;
    char *nl;
    while ((nl = memchr(start, '\n', have - (size_t)(start - buf))) != NULL) {
      *nl = '\0';
      serve(start);
      start = nl + 1;
    }
    have -= (size_t)(start - buf);
    memmove(buf, start, have);
    if (have == sizeof buf - 1) have = 0; /* a line longer than any command: drop it */
  }
}
