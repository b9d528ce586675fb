/**
 * A compact wire form of worlds for moving them between search workers (only to even out the
 * workers' shares, search.ts `balanceMoves`): each world becomes a flat tuple (no property names)
 * and a batch of tuples travels as one JSON string.
 *
 * Why not `postMessage` of the worlds themselves: structured clone of a world (≈ 1.3 kB as JSON
 * with its property names) cost ≈ 20 µs, as much as expanding it; the tuple form plus one native
 * `JSON.stringify`/`JSON.parse` per batch cost ≈ 12–14 µs for both ends (bench/README.md, "Parallel search"):
 * better, but still more than making a world (≈ 3 µs), which is why successors now stay with the
 * worker that made them.
 * Values stay JSON (model/values.ts: every value is plain JSON), so the round trip is exact.
 */
import type { Block, FdEntry, ForeignReaperState, Proc, ThreadState, World } from '../../model/world.ts';
import type { Result, Value } from '../../model/values.ts';

type Tuple = unknown[];

/**
 * Values of one batch, each stored once: worlds share value objects (cloneWorld copies register
 * arrays, not the values in them), so a world refers to values by index into this table.
 */
class ValueTable {
  readonly values: Value[] = [];
  private readonly index = new Map<Value, number>();
  id(v: Value): number {
    let i = this.index.get(v);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(v);
      this.index.set(v, i);
    }
    return i;
  }
}

/** The tuple of one world (field order fixed by this file; decodeWorld reads it back). */
function encodeWorld(w: World, vt: ValueTable): Tuple {
  const procs: unknown[] = [];
  for (const p of w.procs) procs.push(p.pid, p.inc, p.state, p.parent, vt.id(p.status), p.role);
  const fds: unknown[] = [];
  for (const f of w.fds) fds.push(f === null ? 0 : f.kind === 'pidfd' ? [f.inc, f.byChurner ? 1 : 0] : f.byChurner ? 2 : 1);
  const threads: unknown[] = [];
  for (const t of w.threads) {
    const b = t.block;
    threads.push(t.pc, t.regs.map((r) => vt.id(r)), b === null ? 0 : b.kind === 'cond' ? (b.notified ? 2 : 1) : [b.kind === 'wait' ? 0 : 1, b.inc], vt.id(t.result), (t.started ? 1 : 0) | (t.childDoneAtStart ? 2 : 0), t.round ?? -1);
  }
  const fr = w.foreignReaper;
  return [procs, w.nextInc, fds, w.vars.map((v) => vt.id(v)), w.owners, w.readers, threads, w.spawnsUsed, w.reapsUsed, w.churnsUsed, fr.phase === 'blocked' ? fr.inc : fr.phase === 'idle' ? -1 : -2, w.sigchldIgnored ? 1 : 0];
}

/** The world a tuple of `encodeWorld` stands for (fresh objects, safe to keep; values shared, as cloneWorld shares them). */
function decodeWorld(t: Tuple, vt: readonly Value[]): World {
  const [procsT, nextInc, fdsT, varsT, owners, readers, threadsT, spawnsUsed, reapsUsed, churnsUsed, frT, sig] = t as [
    unknown[], number, unknown[], number[], number[], number[][], unknown[], number, number, number, number, number,
  ];
  const procs: Proc[] = [];
  for (let i = 0; i < procsT.length; i += 6) {
    procs.push({ pid: procsT[i] as number, inc: procsT[i + 1] as number, state: procsT[i + 2] as Proc['state'], parent: procsT[i + 3] as Proc['parent'], status: vt[procsT[i + 4] as number] as Proc['status'], role: procsT[i + 5] as Proc['role'] });
  }
  const fds: (FdEntry | null)[] = fdsT.map((f) => (f === 0 ? null : Array.isArray(f) ? { kind: 'pidfd', inc: f[0] as number, byChurner: f[1] === 1 } : { kind: 'file', byChurner: f === 2 }));
  const threads: ThreadState[] = [];
  for (let i = 0; i < threadsT.length; i += 6) {
    const b = threadsT[i + 2];
    const block: Block | null = b === 0 ? null : Array.isArray(b) ? { kind: b[0] === 0 ? 'wait' : 'poll', inc: b[1] as number } : { kind: 'cond', notified: b === 2 };
    const flags = threadsT[i + 4] as number;
    const th: ThreadState = { pc: threadsT[i] as number, regs: (threadsT[i + 1] as number[]).map((r) => vt[r]!), block, result: vt[threadsT[i + 3] as number] as Result | null, started: (flags & 1) !== 0, childDoneAtStart: (flags & 2) !== 0 };
    const round = threadsT[i + 5] as number;
    if (round >= 0) th.round = round;
    threads.push(th);
  }
  const foreignReaper: ForeignReaperState = frT >= 0 ? { phase: 'blocked', inc: frT } : frT === -1 ? { phase: 'idle' } : { phase: 'done' };
  const vars = varsT.map((v) => vt[v]!);
  return { procs, nextInc, fds, vars, owners, readers, threads, spawnsUsed, reapsUsed, churnsUsed, foreignReaper, sigchldIgnored: sig === 1 };
}

/** A batch of worlds as one string (what crosses the thread boundary). */
export function encodeWorlds(ws: readonly World[]): string {
  const vt = new ValueTable();
  const tuples = ws.map((w) => encodeWorld(w, vt));
  return JSON.stringify([vt.values, tuples]);
}

/** The worlds of a string of `encodeWorlds`, in order. */
export function decodeWorlds(s: string): World[] {
  const [values, tuples] = JSON.parse(s) as [Value[], Tuple[]];
  return tuples.map((t) => decodeWorld(t, values));
}
