/**
 * What the command line does when it is interrupted or ended early. SIGINT, SIGTERM and SIGHUP end
 * every sandbox the run started (its namespace with it: real/sandbox/launcher.ts), and whatever a
 * strategy file being loaded has started (cli/user-code.ts), and exit with 128 + the signal, after
 * one line. A strategy file is imported in a worker thread, where its process.exit ends only that
 * thread; the 'exit' guard stays for any other early exit, which would otherwise end the run
 * silently with the code it chose — 0 looks like a pass — and turns it into one line and exit 2.
 * SIGKILL cannot be caught: the sandbox then dies with us through its parent-death signal.
 */
import { writeSync } from 'node:fs';
import { endSandboxes } from '../real/index.ts';
import { EXIT } from './errors.ts';

const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;
let finished = false;
/** Work that must happen however the run ends: see untilExit. */
const atEnd = new Set<() => void>();

/**
 * Run `end` (synchronously) if the process is interrupted or exits before the returned function
 * is called. Used while a strategy file loads, so that what it started never outlives the run.
 */
export function untilExit(end: () => void): () => void {
  atEnd.add(end);
  return () => atEnd.delete(end);
}

function runAtEnd(): void {
  for (const end of atEnd) {
    try {
      end();
    } catch {
      // best effort: the process is ending and has one line left to say
    }
  }
  atEnd.clear();
}

/** Install the handlers (once, by bin/reapcheck.mjs through `main`). */
export function guardProcess(): void {
  for (const [name, n] of Object.entries(SIGNALS)) {
    process.on(name, () => {
      const ended = endSandboxes();
      runAtEnd();
      writeSync(2, `reapcheck: interrupted by ${name}${ended > 0 ? `; ended ${ended} sandbox${ended === 1 ? '' : 'es'}` : ''}\n`);
      finished = true;
      process.exit(128 + n);
    });
  }
  process.on('exit', () => {
    runAtEnd();
    if (finished) return;
    endSandboxes();
    writeSync(2, 'reapcheck: the process was ended before reapcheck finished: code running in it called process.exit; remove that call\n');
    process.exitCode = EXIT.input;
  });
}

/** The command line has its answer: exiting now is ours. */
export function markFinished(): void {
  finished = true;
}
