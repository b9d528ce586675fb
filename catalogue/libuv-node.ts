import type { ProgramBuilder } from '../model/strategy/builder.ts';
import { CHILD, eq, isNone, isSet, pidOf, reg, strategy } from '../model/strategy/builder.ts';
import { ALREADY_EXITED, SIGNALS } from '../model/values.ts';

const i = reg('i');
const j = reg('j');
const v = reg('v');
const r = reg('r');
const k = reg('k');
const opened = reg('opened');

const SOURCES = [
  'libuv 1.46 src/unix/process.c: uv__wait_children (waitpid(process->pid, WNOHANG) per handle, then the exit callbacks), uv_process_kill (kill(process->pid))',
  'Node 20 lib/internal/child_process.js: ChildProcess._handle.onexit (this._handle = null, then emit exit), ChildProcess.prototype.kill (if (this._handle) this._handle.kill(sig); ESRCH means already dead)',
  'reapcheck issue 11: 323 of 1,978 runs killed an unrelated process on the freed pid (Node 20.20.2, libuv 1.46.0)',
];

/**
 * Per child: `listed` (in libuv's process_handles queue), `pending` (reaped in this pass, its
 * callback not yet run), `handle` (Node's `ChildProcess._handle`, what `kill()` checks).
 */
const PER_CHILD = { vars: { listed: true, pending: false, handle: true } };

/**
 * One pass of uv__wait_children: `waitpid(pid, WNOHANG)` for every listed handle; a reaped one
 * leaves the queue for the pending list. ECHILD ("someone else stole the waitpid from us") is not
 * handled at all: the handle stays listed. `onReap` runs right after a reap (a fix hooks in here).
 */
function reapPass(p: ProgramBuilder, reap: (p: ProgramBuilder) => void, onReap: (p: ProgramBuilder) => void = () => {}): void {
  p.forEachChild(i, (p, next) => {
    p.read('listed', v, i);
    p.jumpIf(isNone(v), next);
    reap(p);
    p.jumpIf(r.err, next);
    p.jumpIf(eq(r.ret, 0), next);
    p.write('listed', false, i);
    p.write('pending', true, i);
    onReap(p);
  });
}

/** libuv reaps by number: waitpid(process->pid, &status, WNOHANG). */
function waitpidByNumber(p: ProgramBuilder): void {
  p.waitpid(pidOf(i), ['WNOHANG'], r);
}

/**
 * Then each pending handle's exit callback, in order. Node's onexit clears `_handle` and emits
 * 'exit'; the listener is the process manager's "one died: stop the others" (`others.forEach(c =>
 * c.kill())`), and `kill()` checks `_handle` before it signals. `signal(j)` is how it signals.
 */
function exitCallbacks(p: ProgramBuilder, signal: (p: ProgramBuilder) => void): void {
  p.forEachChild(i, (p, next) => {
    p.read('pending', v, i);
    p.jumpIf(isNone(v), next);
    p.write('pending', false, i);
    p.write('handle', false, i);
    p.forEachChild(j, (p, other) => {
      p.jumpIf(eq(j, i), other);
      p.read('handle', v, j);
      p.jumpIf(isNone(v), other);
      signal(p);
    });
  });
}

/** The loop stays alive while a handle is referenced; once none is, the process exits. */
function untilNoHandle(p: ProgramBuilder, top: string): void {
  p.forEachChild(i, (p) => {
    p.read('handle', v, i);
    p.jumpIf(isSet(v), top);
  });
  p.return(ALREADY_EXITED);
}

/** uv_process_kill: kill(process->pid, sig) with kill()'s default SIGTERM; ESRCH is Node's "already dead" and is ignored. */
function killByNumber(p: ProgramBuilder): void {
  p.kill(pidOf(j), SIGNALS.SIGTERM, k);
}

/** Node 20's child_process on libuv 1.46: the exit-handler bug. */
export const libuvNode = strategy({
  name: 'libuv-node',
  description:
    "Node's child_process (Node 20, libuv 1.46): one event loop reaps every exited child with waitpid(pid, WNOHANG), " +
    'collects them, then runs their exit callbacks in order; Node clears a child\'s _handle in its own callback only. ' +
    "Inside A's 'exit' listener, B is already reaped but B._handle is still set, so B.kill() signals B's freed number (K1, K7).",
  versions: 'Node 20 (libuv 1.46); any libuv that keeps process->pid after the reap',
  sources: SOURCES,
  shared: PER_CHILD,
  loop(p) {
    p.label('turn');
    reapPass(p, waitpidByNumber);
    exitCallbacks(p, killByNumber);
    untilNoHandle(p, 'turn');
  },
});

/**
 * The fix in libuv: forget the number as the reap frees it (`process->pid = 0` in the reap pass,
 * before any callback runs), and have uv_process_kill answer ESRCH for a handle without a pid.
 */
export const libuvNodeClearFirst = strategy({
  name: 'libuv-node-clear-first',
  description:
    'libuv-node with the fix in libuv: the reap pass clears a reaped handle\'s pid before any exit callback runs, and ' +
    "uv_process_kill returns ESRCH for a handle without a pid, so A's listener cannot signal B's freed number. " +
    'A number can still be freed behind the loop\'s back (a foreign reaper): then the handle keeps it (K1).',
  versions: 'proposed',
  sources: SOURCES,
  shared: { vars: { ...PER_CHILD.vars, pid: true } },
  loop(p) {
    p.label('turn');
    reapPass(p, waitpidByNumber, (p) => p.write('pid', false, i));
    exitCallbacks(p, (p) => {
      p.read('pid', v, j);
      p.jumpIf(isSet(v), 'signal');
      p.jump('skip');
      p.label('signal');
      killByNumber(p);
      p.label('skip');
    });
    untilNoHandle(p, 'turn');
  },
});

/**
 * The fix with pidfds: each child's pidfd is made at spawn (`clone(CLONE_PIDFD)`, K8); the loop
 * waits and signals through it. A pidfd is bound to the incarnation, never to a number (K9, K10).
 */
export const libuvNodePidfd = strategy({
  name: 'libuv-node-pidfd',
  description:
    'libuv-node waiting with waitid(P_PIDFD, WNOHANG) and signalling with pidfd_send_signal on a pidfd made at spawn and ' +
    "never closed: a late kill from A's listener reaches B's reaped incarnation (ESRCH), never a process that took B's number (K9, K10).",
  versions: 'proposed (Linux 5.4+)',
  sources: [...SOURCES, 'pidfd_open(2), pidfd_send_signal(2), waitid(2) P_PIDFD'],
  shared: { vars: { ...PER_CHILD.vars, pidfd: null } },
  setup(p) {
    p.pidfdOpen(CHILD, opened);
    p.write('pidfd', opened.ret);
  },
  loop(p) {
    p.label('turn');
    reapPass(p, (p) => {
      p.read('pidfd', k, i);
      p.waitid('P_PIDFD', k, ['WEXITED', 'WNOHANG'], r);
    });
    exitCallbacks(p, (p) => {
      p.read('pidfd', k, j);
      p.pidfdSendSignal(k, SIGNALS.SIGTERM, k);
    });
    untilNoHandle(p, 'turn');
  },
});
