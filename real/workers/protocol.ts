/**
 * The coordinator ↔ worker protocol: one small `Int32Array` on a SharedArrayBuffer per worker
 * (a command slot and its result), and one shared `Int32Array` for the strategy's locks,
 * condition variables and variables. Plain numbers only: a worker blocked in a native call cannot
 * receive messages, but it can be woken with `Atomics.notify` once it is back in its loop.
 */

/** Slots of a worker's control array. */
export const S = {
  /** The coordinator bumps it to post a command. */
  CMD_SEQ: 0,
  /** 0 idle, 1 working, 2 about to enter (or inside) the call, 3 done. */
  STATE: 1,
  OP: 2,
  A0: 3,
  A1: 4,
  A2: 5,
  A3: 6,
  RET: 9,
  ERR: 10,
  /** waitpid: the wait status; waitid: si_pid. */
  X1: 11,
  /** waitid: si_code; poll: revents. */
  X2: 12,
  /** waitid: si_status. */
  X3: 13,
  TID: 15,
  /** The worker copies CMD_SEQ here when the command is done (the coordinator waits on it). */
  DONE_SEQ: 16,
  /** Set by the coordinator to make a blocked Atomics wait give up (cleanup). */
  ABORT: 17,
  SIZE: 24,
} as const;

export const STATE = { IDLE: 0, WORKING: 1, IN_CALL: 2, DONE: 3 } as const;

/** Command codes. */
export const OP = {
  WAITPID: 1,
  WAITID: 2,
  KILL: 3,
  PIDFD_OPEN: 4,
  PIDFD_SEND_SIGNAL: 5,
  POLL: 6,
  CLOSE: 7,
  OPEN_DEVNULL: 8,
  /** posix_spawn `sh -c 'read x; exit A1'` with stdin from fd A0. */
  SPAWN: 9,
  LOCK: 20,
  TRYLOCK: 21,
  UNLOCK: 22,
  RLOCK: 23,
  RUNLOCK: 24,
  /** A0 cond word, A1 mutex word. */
  COND_WAIT: 25,
  NOTIFY_ALL: 26,
  NOTIFY_ONE: 27,
  VAR_READ: 30,
  VAR_WRITE: 31,
  /** A0 word, A1 expected id, A2 new id: RET 1 if swapped. */
  VAR_CAS: 32,
  QUIT: 99,
} as const;

/** RET of a sync op given up because the coordinator set ABORT. */
export const ABORTED = -1000;

/**
 * Layout of the shared sync array: lock words, then cond words, then variable words. A lock word
 * is 0 when free, n > 0 with n readers, -(t + 1) when thread t holds it exclusively; a cond word is
 * a sequence number; a variable word holds an interned value id (see `values-table.ts`).
 */
export const SYNC = { LOCKS: 0, CONDS: 32, VARS: 64, SIZE: 128 } as const;
