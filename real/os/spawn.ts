/**
 * posix_spawn through koffi, the way the real replayer needs it: stdio dup'ed in by file actions
 * (Node marks 0–2 close-on-exec), everything from 3 up closed in the child, an empty signal mask
 * and default dispositions (children inherit the spawning thread's mask and ignored signals).
 * Never `child_process`: libuv would own SIGCHLD and our `waitpid(-1)` would steal its children.
 */
import type { Libc } from './libc.ts';
import { C } from './libc.ts';
import { highPipe } from './fdio.ts';

/** Sizes on x86_64 glibc (real-replay-notes.md). */
const FILE_ACTIONS_SIZE = 80;
const ATTR_SIZE = 336;
const SIGSET_SIZE = 128;

export interface Spawned {
  /** The new pid, or -1. */
  readonly pid: number;
  /** posix_spawn returns the error number instead of setting errno. */
  readonly err: number;
}

/**
 * What every spawn shares, made once per thread: the attributes (empty mask, default dispositions)
 * and the file actions per set of dups (each: dup2s, then close everything from 3 up). Nothing in
 * them depends on the spawn but the dups, and posix_spawn only reads them.
 */
let attr: Buffer | null = null;
const fileActions = new Map<string, Buffer>();
const pidOut = Buffer.alloc(4);

function spawnAttr(libc: Libc): Buffer {
  if (attr) return attr;
  const a = Buffer.alloc(ATTR_SIZE);
  const empty = Buffer.alloc(SIGSET_SIZE);
  const all = Buffer.alloc(SIGSET_SIZE);
  libc.posix_spawnattr_init(a);
  libc.sigemptyset(empty);
  libc.sigfillset(all);
  libc.posix_spawnattr_setsigmask(a, empty);
  libc.posix_spawnattr_setsigdefault(a, all);
  libc.posix_spawnattr_setflags(a, C.POSIX_SPAWN_SETSIGMASK | C.POSIX_SPAWN_SETSIGDEF);
  return (attr = a);
}

function spawnFileActions(libc: Libc, dups: readonly (readonly [number, number])[]): Buffer {
  const key = dups.map(([from, to]) => `${from}>${to}`).join(' ');
  let fa = fileActions.get(key);
  if (fa) return fa;
  if (fileActions.size >= 32) {
    for (const old of fileActions.values()) libc.posix_spawn_file_actions_destroy(old);
    fileActions.clear();
  }
  fa = Buffer.alloc(FILE_ACTIONS_SIZE);
  libc.posix_spawn_file_actions_init(fa);
  for (const [from, to] of dups) libc.posix_spawn_file_actions_adddup2(fa, from, to);
  libc.posix_spawn_file_actions_addclosefrom_np(fa, 3);
  fileActions.set(key, fa);
  return fa;
}

/** Spawn `path argv` with `dups` ([from, to] fd pairs) applied in the child, and environment `env` (default: none). */
export function spawnProcess(libc: Libc, path: string, argv: readonly string[], dups: readonly (readonly [number, number])[], env: readonly string[] = []): Spawned {
  const err = libc.posix_spawn(pidOut, path, spawnFileActions(libc, dups), spawnAttr(libc), [...argv, null], [...env, null]);
  return err === 0 ? { pid: pidOut.readInt32LE(0), err: 0 } : { pid: -1, err };
}

/**
 * A child that exits with `code` when a line arrives on its stdin (`readFd`): the fallback's managed
 * child (exit 3) or sibling (exit 5) when there is no C helper (process-maker.ts). It never exits
 * before that, so "exits on its own" is ours to time.
 */
export function spawnReader(libc: Libc, readFd: number, code: number): Spawned {
  return spawnProcess(libc, '/bin/sh', ['sh', '-c', `read x; exit ${code}`], [[readFd, 0]]);
}

/** A helper speaking a line protocol: its stdin and stdout are pipes whose other ends we keep. */
export interface PipedProcess extends Spawned {
  /** Our ends (high fds): write commands to `toChild`, read replies from `fromChild`; -1 when the spawn failed. */
  readonly toChild: number;
  readonly fromChild: number;
}

/** Spawn `path argv` with its stdin and stdout on fresh pipes; on failure no fd stays open. */
export function spawnPiped(libc: Libc, path: string, argv: readonly string[], env: readonly string[] = []): PipedProcess {
  const [inR, inW] = highPipe(libc);
  const [outR, outW] = highPipe(libc);
  const sp = spawnProcess(libc, path, argv, [[inR, 0], [outW, 1]], env);
  libc.close(inR);
  libc.close(outW);
  if (sp.pid > 0) return { ...sp, toChild: inW, fromChild: outR };
  libc.close(inW);
  libc.close(outR);
  return { ...sp, toChild: -1, fromChild: -1 };
}
