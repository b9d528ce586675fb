/**
 * A schedule of `reapcheck run`, saved: the command, the scheduler and seed, the choices in order
 * (stable names: `p0/t2`, `exit c1`, `take c1`), the steps as they happened (who, what call, what
 * its pids named at that moment) and the verdicts. `reapcheck run --replay FILE -- <command>`
 * follows the choices again; `reapcheck show FILE` prints the step table or, with `--mermaid`,
 * the sequence diagram. Versioned like a model trace; a malformed file is one line of InputError.
 */
import { InputError } from '../model/errors.ts';

export const RUN_FORMAT = 'reapcheck-run';
export const RUN_VERSION = 1;

export interface RunFileStep {
  readonly actor: string;
  readonly did: string;
  readonly note: string;
}

export interface RunFileVerdict {
  readonly name: string;
  readonly message: string;
  readonly step?: number;
}

export interface RunFile {
  readonly format: typeof RUN_FORMAT;
  readonly version: typeof RUN_VERSION;
  /** The command as given (argv[0] as typed, not resolved). */
  readonly command: readonly string[];
  readonly scheduler: string;
  readonly seed: number;
  readonly choices: readonly string[];
  readonly steps: readonly RunFileStep[];
  readonly verdicts: readonly RunFileVerdict[];
  readonly exit: string;
  readonly output: string;
}

export function encodeRunFile(f: RunFile): string {
  return `${JSON.stringify(f, null, 1)}\n`;
}

/** Does this text look like a run file (rather than a model trace)? */
export function isRunFile(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { format?: unknown }).format === RUN_FORMAT;
}

const strings = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === 'string');

/** Check a parsed run file; `origin` names it in the one-line error. */
export function decodeRunFile(value: unknown, origin: string): RunFile {
  const bad = (why: string): never => {
    throw new InputError(`${origin}: not a reapcheck run schedule: ${why}`);
  };
  if (!isRunFile(value)) bad(`its "format" is not "${RUN_FORMAT}"`);
  const f = value as Record<string, unknown>;
  if (f.version !== RUN_VERSION) bad(`version ${JSON.stringify(f.version)}; this reapcheck reads version ${RUN_VERSION}`);
  if (!strings(f.command) || f.command.length === 0) bad('"command" must be a non-empty list of strings');
  if (!strings(f.choices)) bad('"choices" must be a list of strings');
  if (typeof f.seed !== 'number' || typeof f.scheduler !== 'string') bad('"seed" must be a number and "scheduler" a string');
  const stepOk = (s: unknown) => typeof s === 'object' && s !== null && ['actor', 'did', 'note'].every((k) => typeof (s as Record<string, unknown>)[k] === 'string');
  if (!Array.isArray(f.steps) || !f.steps.every(stepOk)) bad('"steps" must be a list of {actor, did, note}');
  if (!Array.isArray(f.verdicts) || !f.verdicts.every((v) => typeof v?.name === 'string' && typeof v?.message === 'string')) bad('"verdicts" must be a list of {name, message}');
  if (typeof f.exit !== 'string' || typeof f.output !== 'string') bad('"exit" and "output" must be strings');
  return f as unknown as RunFile;
}

/** The step table: number, actor, the call (or event), what its pids named, and where a verdict struck. */
export function runStepTable(f: RunFile, indent = ''): string[] {
  const w = { actor: Math.max(5, ...f.steps.map((s) => s.actor.length)), did: Math.max(3, ...f.steps.map((s) => s.did.length)) };
  const lines = [`${indent}${'step'.padStart(4)}  ${'actor'.padEnd(w.actor)}  ${'did'.padEnd(w.did)}  at that moment`];
  f.steps.forEach((s, i) => {
    lines.push(`${indent}${String(i + 1).padStart(4)}  ${s.actor.padEnd(w.actor)}  ${s.did.padEnd(w.did)}  ${s.note}`.trimEnd());
    for (const v of f.verdicts) if (v.step === i + 1) lines.push(`${indent}${''.padStart(4)}  ${''.padEnd(w.actor)}  · ${v.name} VIOLATED: ${v.message}`);
  });
  return lines;
}

/** Mermaid reads `;` as a line end and `#` as an entity: keep them out of labels. */
function label(s: string): string {
  return s.replace(/;/g, ',').replace(/#/g, 'no. ').replace(/[\r\n]+/g, ' ');
}

/** The run as a Mermaid sequence diagram: the program's threads and `env` as lifelines, the kernel as the other side. */
export function runMermaid(f: RunFile): string {
  const actors: string[] = [];
  for (const s of f.steps) if (!actors.includes(s.actor)) actors.push(s.actor);
  const id = (a: string) => a.replace(/[^A-Za-z0-9_]/g, '_');
  const lines = ['sequenceDiagram', ...actors.map((a) => `  participant ${id(a)} as ${a}`), '  participant Kernel'];
  f.steps.forEach((s, i) => {
    lines.push(`  ${id(s.actor)}->>Kernel: ${i + 1}. ${label(s.did)}`);
    if (s.note) lines.push(`  Note over Kernel: ${label(s.note)}`);
  });
  for (const v of f.verdicts) lines.push(`  Note over ${id(f.steps[(v.step ?? f.steps.length) - 1]?.actor ?? 'env')},Kernel: VIOLATED ${v.name}: ${label(v.message)}`);
  return lines.join('\n');
}
