/**
 * What the command line does when it is interrupted or ended early. SIGINT, SIGTERM and SIGHUP end
 * every sandbox the run started (its namespace with it: real/sandbox/launcher.ts) and exit with
 * 128 + the signal, after one line. A strategy file that ends the process itself (process.exit at
 * import, or later on a timer) would otherwise end it silently with the code it chose — 0 looks
 * like a pass: the 'exit' guard turns that into one line and exit 2. SIGKILL cannot be caught: the
 * sandbox then dies with us through its parent-death signal.
 */
import { writeSync } from 'node:fs';
import { endSandboxes } from '../real/index.ts';
import { EXIT } from './errors.ts';

const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;
let finished = false;

/** Install the handlers (once, by bin/reapcheck.mjs through `main`). */
export function guardProcess(): void {
  for (const [name, n] of Object.entries(SIGNALS)) {
    process.on(name, () => {
      const ended = endSandboxes();
      writeSync(2, `reapcheck: interrupted by ${name}${ended > 0 ? `; ended ${ended} sandbox${ended === 1 ? '' : 'es'}` : ''}\n`);
      finished = true;
      process.exit(128 + n);
    });
  }
  process.on('exit', () => {
    if (finished) return;
    endSandboxes();
    writeSync(2, 'reapcheck: the process was ended before reapcheck finished: a strategy file called process.exit (at import or later); remove that call\n');
    process.exitCode = EXIT.input;
  });
}

/** The command line has its answer: exiting now is ours. */
export function markFinished(): void {
  finished = true;
}
