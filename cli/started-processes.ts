/**
 * The processes a user's strategy file started while it was loading, found in /proc and ended.
 * A strategy file must only build data; one that spawns (`child_process.spawn('sleep', …)`, `exec`)
 * would otherwise leave orphans behind without a word. The command line takes a snapshot of its
 * children before the load, and afterwards ends every child that is new, with everything below
 * it — only those: processes this process started during the load, identified by pid and start
 * time so that a pid reused meanwhile by somebody else's process is never signalled.
 *
 * SIMPLIFICATION: /proc/<pid>/task/<tid>/children would be cheaper than reading every
 * /proc/<pid>/stat, but it needs CONFIG_PROC_CHILDREN, which common kernels leave out. A process
 * that detaches itself (a double fork, re-parented to init before the scan) is not found.
 */
import { readdirSync, readFileSync } from 'node:fs';

interface ProcessRow {
  readonly pid: number;
  readonly ppid: number;
  /** Field 22 of /proc/<pid>/stat, in clock ticks since boot: with the pid, it names one process for good. */
  readonly start: string;
  readonly comm: string;
  readonly state: string;
}

/** One row of /proc/<pid>/stat (proc(5)); undefined when the process is gone. The name may hold spaces and parentheses, so split after the last ')'. */
function statOf(pid: number): ProcessRow | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const close = text.lastIndexOf(')');
  const fields = text.slice(close + 2).split(' ');
  return { pid, ppid: Number(fields[1]), start: fields[19] ?? '', comm: text.slice(text.indexOf('(') + 1, close), state: fields[0] ?? '' };
}

function processTable(): ProcessRow[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return []; // no /proc (not Linux): nothing can be found, and nothing is claimed
  }
  return names.filter((n) => /^\d+$/.test(n)).flatMap((n) => statOf(Number(n)) ?? []);
}

const key = (p: ProcessRow): string => `${p.pid}:${p.start}`;

/** The children this process has now, as pid:start-time keys. */
export function childrenNow(): ReadonlySet<string> {
  return new Set(processTable().filter((p) => p.ppid === process.pid).map(key));
}

/**
 * tsx compiles a .ts file it has not cached with an `esbuild` service process, started by the
 * loading thread itself; it ends when that thread ends. It is the loader's, not the user's: it is
 * ended like the others but not reported.
 */
const isCompiler = (p: ProcessRow): boolean => p.comm === 'esbuild';

/**
 * End (SIGKILL) every child started since the snapshot `before`, and every process below them; a
 * process that already exited (a zombie) is only reported. Returns the pids the user's file started
 * (children and below).
 */
export function endStartedProcesses(before: ReadonlySet<string>): number[] {
  const table = processTable();
  const started = table.filter((p) => p.ppid === process.pid && !before.has(key(p)));
  const below = (p: ProcessRow): ProcessRow[] => table.filter((q) => q.ppid === p.pid).flatMap((q) => [q, ...below(q)]);
  const all = started.flatMap((p) => [p, ...below(p)]);
  for (const p of all) {
    const still = statOf(p.pid);
    if (!still || still.start !== p.start || still.state === 'Z') continue;
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // it exited between the scan and the signal
    }
  }
  return all.filter((p) => !isCompiler(p)).map((p) => p.pid);
}
