/**
 * Progress of a long check on stderr (states or runs done, cells done). On a terminal: one line,
 * rewritten in place. Elsewhere (a pipe, a CI log): only a search's own progress (`search` true),
 * nothing for its first few seconds — most searches end by then and their logs stay clean — then
 * one plain line every few seconds, so that a search of minutes is not mistaken for a hang. The
 * quiet time starts again with each search (its label: the text before the first colon). Never
 * with `--json` (`enabled` false): a script reading stdout may be reading stderr too.
 */
export interface Progress {
  (what: string, search?: boolean): void;
  done(): void;
}

/** Redraw at most this often: a terminal is slower than the search. */
const MIN_INTERVAL_MS = 100;
/** Off a terminal: silent for this long, then a line at most this often. */
export const QUIET_MS = 5000;

export function makeProgress(enabled: boolean, tty = process.stderr.isTTY === true, write: (s: string) => unknown = (s) => process.stderr.write(s)): Progress {
  let started = Date.now();
  let label = '';
  let last = 0;
  let shown = false;
  const p = ((what: string, search = false) => {
    if (!enabled) return;
    const now = Date.now();
    if (!tty) {
      if (!search) return;
      const l = what.split(':')[0]!;
      if (l !== label) {
        label = l;
        started = now;
      }
      if (now - started < QUIET_MS || now - last < QUIET_MS) return;
      last = now;
      write(`reapcheck: ${what} (${Math.round((now - started) / 1000)} s)\n`);
      return;
    }
    if (now - last < MIN_INTERVAL_MS) return;
    last = now;
    shown = true;
    const width = (process.stderr.columns ?? 80) - 1;
    write(`\r\x1b[K${what.slice(0, width)}`);
  }) as Progress;
  p.done = () => {
    if (enabled && tty && shown) write('\r\x1b[K');
    shown = false;
  };
  return p;
}
