/**
 * The conformance summary a report shows when one is beside it: the document `reapcheck conform
 * --json` prints, saved as `conform.json` in the report's folder (docs/report.md). Parsing is
 * forgiving on purpose: a missing or malformed file means "no summary", never a failed report.
 */

export interface ConformSummary {
  readonly schedules: number;
  readonly steps: number;
  readonly divergences: number;
  readonly unforceable: number;
  readonly errors: number;
  readonly seed: number;
  readonly runs: number;
  readonly seconds: number;
  /** The traces it saved (divergences and errors), as `conform` named them. */
  readonly saved: readonly string[];
}

/** The file name a report looks for. */
export const CONFORM_SUMMARY_FILE = 'conform.json';

/** The summary in `text`, or undefined when it is not one. */
export function parseConformSummary(text: string): ConformSummary | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  const nums = ['schedules', 'steps', 'divergences', 'unforceable', 'errors', 'seed', 'runs', 'seconds'] as const;
  if (!nums.every((k) => typeof o[k] === 'number')) return undefined;
  const saved = Array.isArray(o.saved) ? o.saved.filter((s): s is string => typeof s === 'string') : [];
  const n = (k: (typeof nums)[number]) => o[k] as number;
  return { schedules: n('schedules'), steps: n('steps'), divergences: n('divergences'), unforceable: n('unforceable'), errors: n('errors'), seed: n('seed'), runs: n('runs'), seconds: n('seconds'), saved };
}
