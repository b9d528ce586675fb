/**
 * Progress of a long check on a terminal: one line on stderr, rewritten in place (states or runs
 * done, cells done). Silent when stderr is not a terminal or the output is JSON, so that pipes,
 * CI logs and `--json` stay clean.
 */
export interface Progress {
  (what: string): void;
  done(): void;
}

/** Redraw at most this often: a terminal is slower than the search. */
const MIN_INTERVAL_MS = 100;

export function makeProgress(enabled: boolean): Progress {
  const on = enabled && process.stderr.isTTY === true;
  let last = 0;
  let shown = false;
  const p = ((what: string) => {
    if (!on) return;
    const now = Date.now();
    if (now - last < MIN_INTERVAL_MS) return;
    last = now;
    shown = true;
    const width = (process.stderr.columns ?? 80) - 1;
    process.stderr.write(`\r\x1b[K${what.slice(0, width)}`);
  }) as Progress;
  p.done = () => {
    if (on && shown) process.stderr.write('\r\x1b[K');
    shown = false;
  };
  return p;
}
