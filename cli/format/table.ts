/**
 * Plain-text tables with aligned columns: the one layout primitive of the reports. Cells may hold
 * several lines (a matrix cell listing several violated invariants); a row is as tall as its
 * tallest cell.
 */

/** How a column is aligned: numbers read best right-aligned. */
export type Align = 'left' | 'right';

export interface TableOptions {
  /** Prefix of every line. */
  readonly indent?: string;
  /** Spaces between columns. */
  readonly gap?: number;
  readonly align?: readonly Align[];
  /** Put an empty line between rows (useful when rows are several lines tall). */
  readonly spaced?: boolean;
}

/** A line that starts under column `at` and may run past the table's right edge without widening any column. */
export interface SpanRow {
  readonly span: string;
  readonly at: number;
}

/** Render `header` and `rows` (each cell a string, possibly with `\n`) as aligned lines, without trailing spaces. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[] | SpanRow)[], opts: TableOptions = {}): string[] {
  const indent = opts.indent ?? '';
  const gap = ' '.repeat(opts.gap ?? 2);
  const split = (r: readonly string[]) => header.map((_, i) => (r[i] ?? '').split('\n'));
  const isSpan = (r: readonly string[] | SpanRow): r is SpanRow => !Array.isArray(r);
  const all = [split(header), ...rows.filter((r) => !isSpan(r)).map((r) => split(r as readonly string[]))];
  const widths = header.map((_, i) => Math.max(...all.map((r) => Math.max(...r[i]!.map((l) => l.length)))));
  const out: string[] = [];
  const lead = (at: number) => widths.slice(0, at).reduce((n, w) => n + w + gap.length, 0);
  let ri = 0;
  [header, ...rows].forEach((raw) => {
    if (isSpan(raw)) {
      out.push(`${indent}${' '.repeat(lead(raw.at))}${raw.span}`.trimEnd());
      return;
    }
    const row = all[ri++]!;
    if (opts.spaced && ri > 2) out.push('');
    const height = Math.max(...row.map((c) => c.length));
    for (let l = 0; l < height; l++) {
      const cells = row.map((c, i) => {
        const text = c[l] ?? '';
        return opts.align?.[i] === 'right' ? text.padStart(widths[i]!) : text.padEnd(widths[i]!);
      });
      out.push(`${indent}${cells.join(gap)}`.trimEnd());
    }
  });
  return out;
}
