/**
 * Values a strategy's registers and shared variables hold, and the results threads end with.
 * Everything here is plain JSON so that a strategy, a world and a trace can be printed and hashed.
 */

/** Error numbers the model can produce (see model-spec §3). */
export const ERRNOS = ['ECHILD', 'ESRCH', 'EBADF', 'EINVAL', 'EAGAIN'] as const;
/**
 * An errno, as `r.err` holds it and `errorOf` turns it into a result: one of `ERRNOS`
 * (`eq(r.err, 'ECHILD')` is `r.err == ECHILD`).
 */
export type Errno = (typeof ERRNOS)[number];

/** Signals the model knows. The catalogue only sends SIGKILL. */
export const SIGNALS = { SIGKILL: 9, SIGTERM: 15 } as const;

/** How a process ended: what a wait reports. */
export type Status =
  | { readonly kind: 'exited'; readonly code: number }
  | { readonly kind: 'signaled'; readonly signal: number };

/** What a thread ends with (model-spec §5). A status is a result too. */
export type Result =
  | Status
  | { readonly kind: 'running' }
  | { readonly kind: 'already-exited' }
  | { readonly kind: 'error'; readonly errno: Errno };

/** What a syscall returned: the raw return value, the errno, and for waits the pid and status seen. */
export interface CallResult {
  readonly kind: 'call';
  readonly ret: number;
  readonly err: Errno | null;
  readonly pid: number | null;
  readonly status: Status | null;
}

/** Anything a register or shared variable can hold. `null` is "none". */
export type Value = null | boolean | number | Errno | Result | CallResult;

/**
 * The status of a process that exited with `code`: the pseudo-code's `exited(n)` (the managed child's
 * own exit is `exited(3)`, model-spec §1).
 */
export const exited = (code: number): Status => ({ kind: 'exited', code });
/**
 * The status of a process ended by signal `sig`: `signaled(SIGNALS.SIGKILL)` is the pseudo-code's
 * `signaled`, what a `kill` role returns once it sent its signal.
 */
export const signaled = (signal: number): Status => ({ kind: 'signaled', signal });
/**
 * The result `running`: a `poll` role's "not exited yet" (`p.return(rc, RUNNING)` is `return rc, or
 * running if none`). A `wait` that returns it breaks `status-correct`.
 */
export const RUNNING: Result = { kind: 'running' };
/** The result `already-exited`: what a `kill` role returns when it skipped the signal or got ESRCH. */
export const ALREADY_EXITED: Result = { kind: 'already-exited' };
/**
 * The result `error(errno)` for an errno known in advance; in a program, `errorOf(r.err)` builds it
 * from an operand.
 */
export const errorResult = (errno: Errno): Result => ({ kind: 'error', errno });

/** A successful syscall result: `ret`, and for a wait the pid and status it reported; `err` none. */
export const ok = (ret: number, pid: number | null = null, status: Status | null = null): CallResult => ({
  kind: 'call',
  ret,
  err: null,
  pid,
  status,
});
/** A failed syscall result: `ret` -1 and the errno, no pid or status. */
export const fail = (err: Errno): CallResult => ({ kind: 'call', ret: -1, err, pid: null, status: null });

/** Is `v` a status, `exited(n)` or `signaled(sig)`? */
export function isStatus(v: Value): v is Status {
  return typeof v === 'object' && v !== null && (v.kind === 'exited' || v.kind === 'signaled');
}

/** Is `v` a result a thread may end with: a status, `running`, `already-exited` or `error(errno)`? */
export function isResult(v: Value): v is Result {
  return (
    typeof v === 'object' &&
    v !== null &&
    (v.kind === 'exited' || v.kind === 'signaled' || v.kind === 'running' || v.kind === 'already-exited' || v.kind === 'error')
  );
}

/** Structural equality of two values (statuses compare exactly, model-spec §7). */
export function valueEquals(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return formatValue(a) === formatValue(b);
}

/** A value is "set" when it is neither none nor false (the `if x:` of the pseudo-code). */
export function isSet(v: Value): boolean {
  return v !== null && v !== false;
}

/** Short human form: `exited(3)`, `signaled(SIGKILL)`, `error(ECHILD)`, `{ret=-1 err=ECHILD}`. */
export function formatValue(v: Value): string {
  if (v === null) return 'none';
  if (typeof v !== 'object') return String(v);
  switch (v.kind) {
    case 'exited':
      return `exited(${v.code})`;
    case 'signaled':
      return `signaled(${signalName(v.signal)})`;
    case 'running':
      return 'running';
    case 'already-exited':
      return 'already-exited';
    case 'error':
      return `error(${v.errno})`;
    case 'call': {
      const parts = [`ret=${v.ret}`];
      if (v.err) parts.push(`err=${v.err}`);
      if (v.pid !== null) parts.push(`pid=${v.pid}`);
      if (v.status) parts.push(`status=${formatValue(v.status)}`);
      return `{${parts.join(' ')}}`;
    }
  }
}

/** A signal's name for traces and messages: `SIGKILL`, `SIGTERM`, `0` for the null signal, else `SIG<n>`. */
export function signalName(sig: number): string {
  for (const [name, n] of Object.entries(SIGNALS)) if (n === sig) return name;
  return sig === 0 ? '0' : `SIG${sig}`;
}
