/**
 * Starting the user's program under the seccomp launcher (processes/native/launcher.c) and taking
 * its listener: spawn the launcher with its stdin and stdout on our pipes, read "ready <pid> <fd>",
 * copy the listener into our process with pidfd_getfd(2), answer "go". From then on every
 * process-lifecycle call of the program and its descendants stops at entry until we release it.
 */
import type { Libc } from '../os/libc.ts';
import { C } from '../os/libc.ts';
import { spawnPiped } from '../os/spawn.ts';
import { readLine, toHighFd, writeLine } from '../os/fdio.ts';
import { Listener } from './notify.ts';
import { ToolMissing } from '../sandbox/check.ts';

export interface Program {
  /** The program's pid (the launcher's, which became the program by execve). */
  readonly pid: number;
  /** Our pidfd of it: we are its parent and reap it through this. */
  readonly pidfd: number;
  readonly listener: Listener;
}

/** Why the program could not start, in one line: the sandbox reports it as unavailable (exit 2 for the command line). */
export class ProgramUnavailable extends ToolMissing {}

const ERRNO: Record<number, string> = { 2: 'no such file', 13: 'permission denied', 8: 'not an executable', 22: 'invalid argument', 38: 'seccomp user notification is not supported by this kernel' };

/** Start `argv` (argv[0] an absolute path) with its output going to the file `output`. */
export function launchProgram(libc: Libc, launcher: string, argv: readonly string[], output: string, env: readonly string[]): Program {
  const sp = spawnPiped(libc, launcher, ['reapcheck-launch', output, ...argv], env);
  if (sp.pid <= 0) throw new ProgramUnavailable(`reapcheck: cannot start the run launcher ${launcher} (error ${sp.err})`);
  const pidfd = toHighFd(libc, libc.syscall2(C.SYS_pidfd_open, sp.pid, 0));
  const fail = (why: string): never => {
    libc.syscall4(C.SYS_pidfd_send_signal, pidfd, 9, 0n, 0);
    libc.waitid(C.P_PIDFD, pidfd, Buffer.alloc(128), C.WEXITED);
    libc.close(pidfd);
    libc.close(sp.toChild);
    libc.close(sp.fromChild);
    throw new ProgramUnavailable(why);
  };
  let line = '';
  try {
    line = readLine(libc, sp.fromChild, 10_000).trim();
  } catch {
    fail('reapcheck: the run launcher said nothing within 10 s');
  }
  const [word, a, b] = line.split(' ');
  if (word === 'error') fail(`reapcheck: cannot intercept the program's calls: ${a} failed (${ERRNO[Number(b)] ?? `errno ${b}`})`);
  if (word !== 'ready' || Number(a) !== sp.pid) fail(`reapcheck: the run launcher answered "${line}"`);
  const fd = libc.syscall4(C.SYS_pidfd_getfd, pidfd, Number(b), 0n, 0);
  if (fd < 0) fail(`reapcheck: cannot take the launcher's seccomp listener (pidfd_getfd: errno ${libc.errno()})`);
  const listener = new Listener(libc, toHighFd(libc, fd));
  writeLine(libc, sp.toChild, 'go');
  libc.close(sp.toChild);
  // A failed exec says so on the control pipe; a successful one closes it (close-on-exec).
  let after = '';
  try {
    after = readLine(libc, sp.fromChild, 10_000).trim();
  } catch {
    /* closed by the exec: the program runs */
  }
  libc.close(sp.fromChild);
  if (after.startsWith('error')) {
    listener.close();
    const [, what, errno] = after.split(' ');
    fail(`reapcheck: cannot run ${argv[0]}: ${what} failed (${ERRNO[Number(errno)] ?? `errno ${errno}`})`);
  }
  return { pid: sp.pid, pidfd, listener };
}
