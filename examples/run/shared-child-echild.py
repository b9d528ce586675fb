"""A SharedChild in the style of bpo-42558 (duct.py 0.6.x on Python 3.9+): wait with
waitid(WNOWAIT) holding no status lock, then reap under the lock; the killer calls Popen.kill(),
which on Python 3.9+ polls first and may reap the child itself. The waiter's waitid then fails
with ECHILD (ChildProcessError): the program exits 1 when a thread fails.
"""
import os
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
            # Wait for the exit without reaping it, holding no lock, so that kill() can run meanwhile.
            os.waitid(os.P_PID, self._child.pid, os.WEXITED | os.WNOWAIT)
            with self._status_lock:
                self._status = self._child.wait()
            return self._status

    def kill(self):
        with self._status_lock:
            if self._status is None:
                self._child.kill()  # Python 3.9+: poll() first, which may reap


child = SharedChild(["/bin/sh", "-c", "exit 3"])
threads = [threading.Thread(target=child.wait), threading.Thread(target=child.kill)]
for t in threads:
    t.start()
for t in threads:
    t.join()
if failures:
    print("a thread failed:", repr(failures[0]))
    sys.exit(1)
