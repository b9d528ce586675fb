"""Wait and signal through a pidfd made right after the spawn (os.pidfd_open,
signal.pidfd_send_signal, os.waitid(P_PIDFD)): the pidfd is bound to the child itself, never to its
number, so the killer cannot reach a process that took the number, and the waiter cannot reap one.
"""
import os
import signal
import sys
import threading

failures = []
threading.excepthook = lambda args: failures.append(args.exc_value)

pid = os.posix_spawn("/bin/sh", ["sh", "-c", "exit 3"], os.environ)
fd = os.pidfd_open(pid)  # before any thread can reap it


def wait():
    os.waitid(os.P_PIDFD, fd, os.WEXITED)


def kill():
    try:
        signal.pidfd_send_signal(fd, signal.SIGKILL)
    except ProcessLookupError:
        pass  # already exited and reaped: the pidfd says so, nothing else is reached


threads = [threading.Thread(target=wait), threading.Thread(target=kill)]
for t in threads:
    t.start()
for t in threads:
    t.join()
if failures:
    print("a thread failed:", repr(failures[0]))
    sys.exit(1)
