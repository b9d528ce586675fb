/**
 * Parts of worlds that came from another search worker, rebuilt in the shapes the model makes them
 * (packed-frontier.ts `importParts`). A part crosses between workers by structured clone, which
 * gives its objects hidden classes of their own: V8 builds a cloned object by adding its properties
 * to an empty one, where the model's object literals (world.ts `stepCopy`, process-table.ts
 * `spawnOn`, values.ts `ok`) have maps of their own. A worker that kept the clones — a third to two
 * thirds of its process tables, duct-1.0 × pool with 3 children on 2 workers — ran every function
 * that reads a process, an fd, a thread or a value on two maps instead of one, and the model's
 * spreads (`{ ...p, status }`) pass the clone's map on to the parts made from it (issue 16).
 *
 * Each function returns data equal to its argument (part-table.ts `sameData`), written with the
 * property order of the model's literals and with internalized strings (interned.ts: a clone's
 * strings are copies, and compared character by character); anything it does not know is returned
 * as it is.
 */
import type { FdEntry, ForeignReaperState, Proc, ThreadState, World } from '../model/world.ts';
import type { Value } from '../model/values.ts';
import { ALREADY_EXITED, RUNNING, errorResult, exited, signaled } from '../model/values.ts';
import { procOf, threadOf } from '../model/world.ts';
import { intern } from './interned.ts';

type Block = NonNullable<ThreadState['block']>;

/**
 * A register's or shared variable's value, made by values.ts's own constructors (a call result
 * with the property order of `ok` and `fail`, which cover only some of the calls a clone can hold).
 */
export function valueShape(v: Value): Value {
  if (typeof v === 'string') return intern(v) as Value;
  if (v === null || typeof v !== 'object') return v;
  switch (v.kind) {
    case 'exited':
      return exited(v.code);
    case 'signaled':
      return signaled(v.signal);
    case 'running':
      return RUNNING;
    case 'already-exited':
      return ALREADY_EXITED;
    case 'error':
      return errorResult(intern(v.errno) as typeof v.errno);
    case 'call':
      return { kind: 'call', ret: v.ret, err: v.err === null ? null : (intern(v.err) as typeof v.err), pid: v.pid, status: v.status === null ? null : (valueShape(v.status) as typeof v.status) };
    default:
      return v;
  }
}

function procShape(p: Proc): Proc {
  const status = p.status === null ? null : (valueShape(p.status) as Proc['status']);
  return procOf(p.pid, p.inc, intern(p.state) as Proc['state'], intern(p.parent) as Proc['parent'], status, intern(p.role) as Proc['role']);
}

function fdShape(f: FdEntry | null): FdEntry | null {
  if (f === null) return null;
  return f.kind === 'pidfd' ? { kind: 'pidfd', inc: f.inc, byChurner: f.byChurner } : { kind: 'file', byChurner: f.byChurner };
}

function blockShape(b: Block): Block {
  switch (b.kind) {
    case 'wait':
      return { kind: 'wait', inc: b.inc };
    case 'poll':
      return { kind: 'poll', inc: b.inc };
    case 'cond':
      return { kind: 'cond', notified: b.notified };
    default:
      return b;
  }
}

function reaperShape(r: ForeignReaperState): ForeignReaperState {
  return r.phase === 'blocked' ? { phase: 'blocked', inc: r.inc } : r.phase === 'idle' ? { phase: 'idle' } : { phase: 'done' };
}

function threadShape(t: ThreadState): ThreadState {
  const result = t.result === null ? null : (valueShape(t.result) as ThreadState['result']);
  return threadOf(t.pc, t.regs.map(valueShape), t.block === null ? null : blockShape(t.block), result, t.started, t.childDoneAtStart, t.round);
}

/**
 * Per part table of packed-frontier.ts, in its order (process tables, fd tables, shared
 * variables, lock owners, rwlock readers, the foreign reaper, threads): a part rebuilt.
 */
export const PART_SHAPES: readonly ((part: never) => unknown)[] = [
  (procs: World['procs']) => procs.map(procShape),
  (fds: World['fds']) => fds.map(fdShape),
  (vars: World['vars']) => vars.map(valueShape),
  (owners: World['owners']) => owners.slice(),
  (readers: World['readers']) => readers.map((r) => r.slice()),
  reaperShape,
  threadShape,
];
