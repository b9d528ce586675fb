/**
 * What one run of the user's program looks like from outside: its processes (the program `p0`, its
 * descendants `c1`, `c2`, … in the order we first see them), their threads (`p0`, `p0/t2`, …), the
 * unrelated processes we placed on freed numbers (`v1`, …), and which of the program's children
 * were reaped (their numbers free again). Names are stable from run to run, pids are not: a
 * schedule is saved and replayed in these names.
 */
import { readdirSync } from 'node:fs';
import type { Libc } from '../os/libc.ts';
import { procStatFields, readProcFile } from '../os/proc-files.ts';
import type { RealProc } from '../processes/procs.ts';

export interface TreeProc {
  readonly label: string;
  readonly pid: number;
  /** The process it is a child of when first seen (its label), null for the program. */
  readonly parent: string | null;
  /** Seen gone from /proc (reaped by someone, or never a zombie). */
  gone: boolean;
  /** Its threads' labels by tid. */
  readonly threads: Map<number, string>;
  /** Every thread id of it we have seen in /proc (sorted): threads are named by creation order. */
  readonly seen: number[];
}

/** A process we placed on a freed number: never the program's, so no signal of the program may reach it. */
export interface Victim {
  readonly label: string;
  /** The child whose number it took. */
  readonly took: string;
  readonly proc: RealProc;
}

export class ProgramTree {
  readonly procs = new Map<number, TreeProc>();
  readonly victims: Victim[] = [];
  private children = 0;

  constructor(
    private readonly libc: Libc,
    rootPid: number,
    /** Pids that are never the program's (us, the process maker's helper). */
    private readonly outsiders: ReadonlySet<number>,
  ) {
    this.procs.set(rootPid, { label: 'p0', pid: rootPid, parent: null, gone: false, threads: new Map([[rootPid, 'p0']]), seen: [rootPid] });
  }

  /** The process (thread group) a thread belongs to, from /proc; null when it is gone. */
  tgidOf(tid: number): number | null {
    const status = readProcFile(this.libc, `/proc/${tid}/status`);
    const m = status && /\nTgid:\s+(\d+)/.exec(status);
    return m ? Number(m[1]) : null;
  }

  /**
   * The label of thread `tid`, naming its process first if it is new (a descendant we had not
   * seen). A thread is named by its place among the process's threads in creation order (tids
   * grow): `p0/t3` is the third thread p0 made, whichever of them reaches an intercepted call first,
   * so a saved schedule names the same thread in the next run.
   */
  threadLabel(tid: number): string {
    const tgid = this.tgidOf(tid) ?? tid;
    const p = this.procs.get(tgid) ?? this.adopt(tgid);
    let t = p.threads.get(tid);
    if (t) return t;
    this.look(p);
    if (!p.seen.includes(tid)) insertSorted(p.seen, tid);
    t = tid === tgid ? p.label : `${p.label}/t${p.seen.filter((x) => x < tid).length + 1}`;
    while ([...p.threads.values()].includes(t)) t += "'";
    p.threads.set(tid, t);
    return t;
  }

  /** Note the threads of `p` that exist now (in creation order). */
  private look(p: TreeProc): string[] {
    let tids: string[] = [];
    try {
      tids = readdirSync(`/proc/${p.pid}/task`);
    } catch {
      return tids;
    }
    for (const t of tids) if (!p.seen.includes(Number(t))) insertSorted(p.seen, Number(t));
    return tids;
  }

  private adopt(pid: number): TreeProc {
    const ppid = Number(procStatFields(this.libc, pid)?.[1] ?? 0);
    const parent = this.procs.get(ppid)?.label ?? null;
    const p: TreeProc = { label: `c${++this.children}`, pid, parent, gone: false, threads: new Map([[pid, `c${this.children}`]]), seen: [pid] };
    this.procs.set(pid, p);
    return p;
  }

  /** Find descendants not yet seen (a new child that has made no intercepted call yet): any process whose parent is ours. */
  discover(): void {
    for (const e of readdirSync('/proc')) {
      if (!/^\d+$/.test(e)) continue;
      const pid = Number(e);
      if (this.procs.has(pid) || this.outsiders.has(pid) || this.victims.some((v) => v.proc.realPid === pid)) continue;
      const ppid = Number(procStatFields(this.libc, pid)?.[1] ?? 0);
      if (this.procs.has(ppid) && !this.procs.get(ppid)!.gone) this.adopt(pid);
    }
  }

  /** Mark processes that left /proc; returns the children that were just seen gone (their numbers are free). */
  sweep(): TreeProc[] {
    const freed: TreeProc[] = [];
    for (const p of this.procs.values()) {
      if (p.gone) continue;
      if (procStatFields(this.libc, p.pid) === null) {
        p.gone = true;
        if (p.parent !== null) freed.push(p);
      }
    }
    return freed;
  }

  /** Some thread of the program's live processes is running (not asleep, stopped or a zombie). */
  busy(): boolean {
    for (const p of this.procs.values()) {
      if (p.gone) continue;
      const tids = this.look(p);
      for (const t of tids) if (procStatFields(this.libc, `/proc/${p.pid}/task/${t}/stat`)?.[0] === 'R') return true;
    }
    return false;
  }

  /** What number `pid` names now, in the run's words: a process of the program, a victim, or nobody. */
  nameOf(pid: number): string {
    if (pid === -1) return 'any child';
    if (pid <= 0) return `process group ${-pid}`;
    const p = this.procs.get(pid);
    if (p && !p.gone) return p.label;
    const v = this.victims.find((x) => x.proc.realPid === pid && x.proc.state !== 'reaped');
    if (v) return `${v.label} (unrelated)`;
    return `${pid} (free)`;
  }

  /** Is `pid` a child (running or zombie) of the process that thread `tid` belongs to? */
  isChildOf(pid: number, tid: number): boolean {
    const tgid = this.tgidOf(tid);
    const fields = procStatFields(this.libc, pid);
    return tgid !== null && fields !== null && Number(fields[1]) === tgid;
  }

  /** Does the process of thread `tid` have any child at all? */
  hasChildren(tid: number): boolean {
    const tgid = this.tgidOf(tid);
    for (const e of readdirSync('/proc')) if (/^\d+$/.test(e) && Number(procStatFields(this.libc, Number(e))?.[1] ?? 0) === tgid) return true;
    return false;
  }
}

function insertSorted(xs: number[], x: number): void {
  let i = xs.length;
  while (i > 0 && xs[i - 1]! > x) i--;
  xs.splice(i, 0, x);
}
