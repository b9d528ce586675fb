/**
 * The fallback's unrelated-process maker (process-maker.ts; the C helper does this when it can be
 * compiled). An "unrelated" process (parent = other, model-spec §1) must not be our child, so a
 * long-lived helper H forks it: H is our child, H's children are not. H forks on command, never
 * reaps unless told to (the victim's zombie stays, so how it died can be read from
 * /proc/<pid>/stat), and its children pause until killed.
 *
 * SIMPLIFICATION: H itself is one more child of our process, outside the model's pid numbers. A
 * strategy's waitpid(-1) would see it (so the guard refuses a strategy's waitpid(-1)); the
 * reap-any adversary only runs when the model says a zombie is there, and H never becomes one.
 */
import type { Libc } from '../os/libc.ts';
import { spawnPiped } from '../os/spawn.ts';
import { readLine, writeLine } from '../os/fdio.ts';
import { ToolMissing } from '../sandbox/check.ts';
import { processLimitReached } from '../os/limits.ts';

const H_SOURCE = `
import os, signal
def serve():
    buf = b''
    while True:
        chunk = os.read(0, 256)
        if not chunk:
            return
        buf += chunk
        while b'\\n' in buf:
            line, buf = buf.split(b'\\n', 1)
            cmd, _, arg = line.decode().partition(' ')
            if cmd == 'f':
                pid = os.fork()
                if pid == 0:
                    os.closerange(0, 4096)
                    while True:
                        signal.pause()
                os.write(1, b'%d\\n' % pid)
            elif cmd == 'r':
                try:
                    _, st = os.waitpid(int(arg), 0)
                    os.write(1, b'%d\\n' % st)
                except ChildProcessError:
                    os.write(1, b'-10\\n')
            else:
                os.write(1, b'?\\n')
serve()
`;

/** Where Python is: an absolute path, so no wrapper script (pyenv shims) forks on the way. */
const PYTHON = ['/usr/bin/python3', '/usr/local/bin/python3'];

export class UnrelatedHelper {
  private constructor(
    private readonly libc: Libc,
    readonly pid: number,
    private readonly toH: number,
    private readonly fromH: number,
  ) {}

  /** Start H (before the replay chooses its pid base: H takes a pid); `whyNotNative` goes into the one-line error. */
  static start(libc: Libc, whyNotNative: string): UnrelatedHelper {
    let sp = { pid: -1, err: 2, toChild: -1, fromChild: -1 };
    for (const py of PYTHON) if ((sp = spawnPiped(libc, py, ['python3', '-S', '-I', '-c', H_SOURCE])).pid > 0) break;
    if (sp.pid < 0 && processLimitReached('starting the python3 helper', sp.err)) throw processLimitReached('starting the python3 helper', sp.err)!;
    if (sp.pid < 0)
      throw new ToolMissing(`reapcheck: real replay needs a C compiler (cc) to build its process maker, or python3 at /usr/bin/python3 for the fallback (apt-get install gcc): ${whyNotNative}`);
    const h = new UnrelatedHelper(libc, sp.pid, sp.toChild, sp.fromChild);
    return h;
  }

  /** Fork an unrelated process (the caller has set ns_last_pid); returns its pid. */
  fork(): number {
    writeLine(this.libc, this.toH, 'f');
    return Number(readLine(this.libc, this.fromH, 5000));
  }

  /** Reap H's child `pid` (cleanup: it must already be dead); returns its wait status or -10 (ECHILD). */
  reap(pid: number): number {
    writeLine(this.libc, this.toH, `r ${pid}`);
    return Number(readLine(this.libc, this.fromH, 5000));
  }

  /** Fds the helper costs us (so leak checks can tell them apart). */
  get fds(): number[] {
    return [this.toH, this.fromH];
  }
}
