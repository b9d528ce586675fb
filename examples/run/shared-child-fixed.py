"""The SharedChild of shared-child-echild.py, fixed as duct.py 1.0 does it: the killer never reaps.
It signals by number only while holding the status lock, and the waiter reaps only under that
same lock, so the number still belongs to the child (running or a zombie) when the signal goes out.
"""
import os
import signal
import subprocess
import sys
import threading

failures = []
threading.excepthook = lambda args: failures.append(args.exc_value)


class SharedChild:
    def __init__(self, argv):
        self._child = subprocess.Popen(argv)
        self._status_lock = threading.Lock()
        self._wait_lock = threading.Lock()
        self._status = None

    def wait(self):
        with self._wait_lock:
            with self._status_lock:
                if self._status is not None:
                    return self._status
            os.waitid(os.P_PID, self._child.pid, os.WEXITED | os.WNOWAIT)
            with self._status_lock:
                self._status = self._child.wait()
            return self._status

    def kill(self):
        with self._status_lock:
            if self._status is None:
                os.kill(self._child.pid, signal.SIGKILL)  # not Popen.kill(): no poll, no reap


child = SharedChild(["/bin/sh", "-c", "exit 3"])
threads = [threading.Thread(target=child.wait), threading.Thread(target=child.kill)]
for t in threads:
    t.start()
for t in threads:
    t.join()
if failures:
    print("a thread failed:", repr(failures[0]))
    sys.exit(1)
