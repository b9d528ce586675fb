/**
 * A replay worker: one real thread of our process standing for one model thread (a strategy
 * thread or an adversary). It loops forever: wait for a command on its control array, run it with
 * a synchronous libc call or an Atomics operation, publish the result. It never decides anything.
 */
import { workerData } from 'node:worker_threads';
import { C, gettid, loadLibc } from '../os/libc.ts';
import { ABORTED, OP, S, STATE } from './protocol.ts';
import { spawnReader } from '../os/spawn.ts';

const ctl = new Int32Array(workerData.ctl as SharedArrayBuffer);
const sync = new Int32Array(workerData.sync as SharedArrayBuffer);
const me: number = workerData.index;
const libc = loadLibc();
const wstatus = Buffer.alloc(4);
const siginfo = Buffer.alloc(128);
const pollfd = Buffer.alloc(8);

Atomics.store(ctl, S.TID, gettid(libc));
Atomics.notify(ctl, S.TID);

function done(ret: number, err = 0, x1 = 0, x2 = 0, x3 = 0): void {
  ctl[S.RET] = ret;
  ctl[S.ERR] = err;
  ctl[S.X1] = x1;
  ctl[S.X2] = x2;
  ctl[S.X3] = x3;
}

function syscallDone(ret: number): void {
  done(ret, ret < 0 ? libc.errno() : 0);
}

/** Block on `word` while it holds `cur`, unless the coordinator aborts. */
function waitWord(word: number, cur: number): boolean {
  if (Atomics.load(ctl, S.ABORT)) return false;
  Atomics.wait(sync, word, cur);
  return !Atomics.load(ctl, S.ABORT);
}

function lock(word: number): number {
  const mine = -(me + 1);
  for (;;) {
    const cur = Atomics.compareExchange(sync, word, 0, mine);
    if (cur === 0) return 0;
    if (!waitWord(word, cur)) return ABORTED;
  }
}

function rlock(word: number): number {
  for (;;) {
    const cur = Atomics.load(sync, word);
    if (cur >= 0 && Atomics.compareExchange(sync, word, cur, cur + 1) === cur) return 0;
    if (cur < 0 && !waitWord(word, cur)) return ABORTED;
  }
}

function unlock(word: number): number {
  const ok = Atomics.compareExchange(sync, word, -(me + 1), 0) === -(me + 1);
  Atomics.notify(sync, word);
  return ok ? 0 : -1;
}

function run(op: number, a0: number, a1: number, a2: number): void {
  Atomics.store(ctl, S.STATE, STATE.IN_CALL);
  switch (op) {
    case OP.WAITPID: {
      wstatus.writeInt32LE(0, 0);
      const r = libc.waitpid(a0, wstatus, a1);
      return done(r, r < 0 ? libc.errno() : 0, wstatus.readInt32LE(0));
    }
    case OP.WAITID: {
      siginfo.fill(0); // zero before each waitid (real-replay-notes.md): WNOHANG leaves it untouched
      const r = libc.waitid(a0, a1, siginfo, a2);
      return done(r, r < 0 ? libc.errno() : 0, siginfo.readInt32LE(16), siginfo.readInt32LE(8), siginfo.readInt32LE(24));
    }
    case OP.KILL:
      return syscallDone(libc.kill(a0, a1));
    case OP.PIDFD_OPEN:
      return syscallDone(libc.syscall2(C.SYS_pidfd_open, a0, 0));
    case OP.PIDFD_SEND_SIGNAL:
      return syscallDone(libc.syscall4(C.SYS_pidfd_send_signal, a0, a1, 0n, 0));
    case OP.POLL: {
      pollfd.writeInt32LE(a0, 0);
      pollfd.writeInt16LE(C.POLLIN, 4);
      pollfd.writeInt16LE(0, 6);
      const r = libc.poll(pollfd, 1, -1);
      return done(r, r < 0 ? libc.errno() : 0, 0, pollfd.readInt16LE(6));
    }
    case OP.CLOSE:
      return syscallDone(libc.close(a0));
    case OP.OPEN_DEVNULL:
      return syscallDone(libc.open('/dev/null', C.O_RDONLY | C.O_CLOEXEC));
    case OP.SPAWN: {
      const r = spawnReader(libc, a0, a1);
      return r.pid > 0 ? done(r.pid) : done(-1, r.err);
    }
    case OP.LOCK:
      return done(lock(a0));
    case OP.TRYLOCK:
      return done(Atomics.compareExchange(sync, a0, 0, -(me + 1)) === 0 ? 1 : 0);
    case OP.UNLOCK:
      return done(unlock(a0));
    case OP.RLOCK:
      return done(rlock(a0));
    case OP.RUNLOCK: {
      const before = Atomics.sub(sync, a0, 1);
      Atomics.notify(sync, a0);
      return done(before > 0 ? 0 : -1);
    }
    case OP.COND_WAIT: {
      // Futex-style condition variable: read the sequence before releasing the mutex, so a notify
      // between the release and the wait changes the sequence and the wait returns at once.
      const seq = Atomics.load(sync, a0);
      if (unlock(a1) < 0) return done(-1);
      if (!waitWord(a0, seq)) return done(ABORTED);
      return done(lock(a1));
    }
    case OP.NOTIFY_ALL:
    case OP.NOTIFY_ONE:
      Atomics.add(sync, a0, 1);
      return done(Atomics.notify(sync, a0, op === OP.NOTIFY_ALL ? Infinity : 1));
    case OP.VAR_READ:
      return done(Atomics.load(sync, a0));
    case OP.VAR_WRITE:
      Atomics.store(sync, a0, a1);
      return done(0);
    case OP.VAR_CAS:
      return done(Atomics.compareExchange(sync, a0, a1, a2) === a1 ? 1 : 0);
    default:
      return done(-1, -1);
  }
}

let seen = 0;
for (;;) {
  Atomics.wait(ctl, S.CMD_SEQ, seen);
  seen = Atomics.load(ctl, S.CMD_SEQ);
  const op = ctl[S.OP]!;
  if (op === OP.QUIT) break;
  Atomics.store(ctl, S.STATE, STATE.WORKING);
  run(op, ctl[S.A0]!, ctl[S.A1]!, ctl[S.A2]!);
  Atomics.store(ctl, S.STATE, STATE.DONE);
  Atomics.store(ctl, S.DONE_SEQ, seen);
  Atomics.notify(ctl, S.DONE_SEQ);
}
