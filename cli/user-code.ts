/**
 * Importing a user's strategy module where it cannot end, hang or outlive the checker: in a worker
 * thread (cli/load-worker.ts) that posts back a copy of the file's exports. A strategy is data, so
 * a copy is all the command line needs; everything else the file does at import is contained:
 *
 * - `process.exit` ends only the worker; a busy loop or a top-level await that never settles is
 *   ended after LOAD_TIMEOUT_MS;
 * - an exception or an unhandled rejection while it loads, or a timer left to run code later, is
 *   reported (the timer never fires: the worker is ended as soon as it answers);
 * - processes it started are found in /proc and ended (cli/started-processes.ts);
 * - a worker blocked in a system call, which no terminate() reaches, is left behind, and the
 *   process ends without waiting for it (exitWithoutJoining).
 *
 * Each of these is one InputError naming the file. The worker starts on load-worker.mjs, which
 * registers tsx in it (hooks registered by bin/reapcheck.mjs do not reach worker threads).
 */
import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { InputError } from '../model/errors.ts';
import { firstLine } from './errors.ts';
import type { LoadAnswer, LoadRequest } from './load-worker.ts';
import { childrenNow, endStartedProcesses } from './started-processes.ts';
import { untilExit } from './signals.ts';

/**
 * How long a strategy file may take to load. Building a strategy takes milliseconds; starting the
 * worker and compiling an uncached .ts file with tsx takes under a second even on a busy machine.
 * Ten seconds is far beyond any honest file and short enough that a hung one is reported, not waited for.
 */
export const LOAD_TIMEOUT_MS = 10_000;

/** The outcome of one load, before it is turned into exports or an error line. */
type Outcome = LoadAnswer | { readonly kind: 'timeout' } | { readonly kind: 'exited'; readonly code: number } | { readonly kind: 'crashed'; readonly reason: string };

function runWorker(path: string): { outcome: Promise<Outcome>; worker: Worker } {
  const request: LoadRequest = { url: pathToFileURL(path).href };
  const worker = new Worker(new URL('./load-worker.mjs', import.meta.url), { workerData: request });
  const outcome = new Promise<Outcome>((resolve) => {
    const timer = setTimeout(() => resolve({ kind: 'timeout' }), LOAD_TIMEOUT_MS);
    const settle = (o: Outcome): void => {
      clearTimeout(timer);
      resolve(o);
    };
    worker.once('message', (a: LoadAnswer) => settle(a));
    worker.once('error', (e) => settle({ kind: 'crashed', reason: firstLine(e) }));
    // Without an answer first, only process.exit (in the file) ends the worker: its own end answers 'never-settles'.
    worker.once('exit', (code) => settle({ kind: 'exited', code }));
  });
  return { outcome, worker };
}

/** The one line (without the `reapcheck: ` prefix) for an outcome that is not a loaded file. */
function failureLine(o: Exclude<Outcome, { kind: 'loaded' }>, shown: string): string {
  const onlyData = 'a strategy file must only build data';
  switch (o.kind) {
    case 'timeout':
      return `${shown} did not finish loading within ${LOAD_TIMEOUT_MS / 1000} s (${onlyData}): look for a loop that never ends or an await that never settles`;
    case 'never-settles':
      return `${shown} did not finish loading: a top-level await in it waits for something that never comes (${onlyData})`;
    case 'import-failed':
      return `cannot load ${shown}: ${o.reason}`;
    case 'exited':
      return `cannot load ${shown}: a strategy file called process.exit(${o.code}) while it was loading; remove that call (${onlyData})`;
    case 'threw':
      return `cannot load ${shown}: it threw while loading, outside its import: ${o.reason}`;
    case 'crashed':
      return `cannot load ${shown}: ${o.reason}`;
    case 'left-timers':
      return `${shown} left ${o.count === 1 ? 'a timer' : `${o.count} timers`} (setTimeout, setInterval or setImmediate) to run code after it loaded; ${onlyData} — remove ${o.count === 1 ? 'it' : 'them'}`;
    case 'uncloneable':
      return `${shown}: export ${o.key} is not plain data (${o.reason}); a strategy is a value — build it with strategy({...}) from 'reapcheck' and export that`;
  }
}

/**
 * End the process now, without waiting for a worker thread. Node joins every worker at exit, and a
 * worker blocked in a system call (a read of a FIFO or of a terminal, at import) never ends: the
 * command line would hang after printing its answer. libc's _exit(2) skips that join; our output
 * was written synchronously, so nothing is lost.
 */
function exitWithoutJoining(): void {
  const code = typeof process.exitCode === 'number' ? process.exitCode : Number(process.exitCode ?? 0);
  try {
    const koffi = createRequire(import.meta.url)('koffi') as typeof import('koffi');
    koffi.load('libc.so.6').func('void _exit(int)')(code);
  } catch {
    // no glibc: Node's own exit, which waits for the worker
  }
}

/** How long a worker gets to end once told to; only a worker blocked in a system call takes longer. */
const TERMINATE_GRACE_MS = 1_000;

/**
 * Import the strategy module at `path` (shown to the user as `shown`) in a worker and return a
 * copy of its strategy exports (cli/load-worker.ts STRATEGY_EXPORTS), not yet validated.
 */
export async function importStrategyModule(path: string, shown: string): Promise<Readonly<Record<string, unknown>>> {
  const before = childrenNow();
  const stopGuard = untilExit(() => endStartedProcesses(before));
  // Until the worker is known to be gone, any exit (an interrupt, the end of the run) must not wait for it.
  process.on('exit', exitWithoutJoining);
  let outcome: Outcome;
  let startedFirst: number[] = [];
  try {
    const run = runWorker(path);
    outcome = await run.outcome;
    // A worker waiting in execSync or spawnSync for a process it started returns once that process is gone.
    if (outcome.kind === 'timeout') startedFirst = endStartedProcesses(before);
    // Ended before the scan below, so that nothing it runs can start a process after the scan.
    const ended = await Promise.race([run.worker.terminate().then(() => true), new Promise<boolean>((r) => setTimeout(r, TERMINATE_GRACE_MS, false).unref())]);
    if (ended) process.off('exit', exitWithoutJoining);
  } finally {
    stopGuard();
  }
  const started = [...new Set([...startedFirst, ...endStartedProcesses(before)])];
  const spawned = started.length === 0 ? '' : `${shown} started processes at import (pids ${started.join(', ')}); a strategy file must only build data — they were ended`;
  if (outcome.kind === 'loaded') {
    if (spawned) throw new InputError(spawned);
    return outcome.exports;
  }
  const line = failureLine(outcome, shown);
  throw new InputError(spawned ? `${line}; it also started processes (pids ${started.join(', ')}), which were ended` : line);
}
