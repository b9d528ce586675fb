/**
 * The model of one counterexample's page, read by both renderers (counterexample-md.ts and
 * html/counterexample-html.ts): what was checked, what went wrong, how it was found, what Linux
 * said, the picture, the step table and the replay commands — each phrased once, here.
 */
import type { TraceFile } from '../properties/trace.ts';
import type { BlockedThread } from '../properties/blocked.ts';
import { INVARIANTS } from '../properties/invariants.ts';
import type { SequenceDiagram } from './sequence.ts';
import { sequenceDiagram } from './sequence.ts';
import type { StepRow } from './step-table.ts';
import { stepRows } from './step-table.ts';

/**
 * A real replay's result as the report needs it: the shape of real/'s `RealReport`, restated here
 * because report/ may not import real/ (docs/architecture.md); a RealReport is one.
 */
export interface RealComparison {
  readonly reproduced: boolean;
  /** One line: "reproduced on Linux …: no-stray-signal — …" or the divergence. */
  readonly message: string;
  /** Per step: the model's prediction and what Linux did. */
  readonly steps: readonly {
    readonly step: number;
    readonly actor: string;
    readonly call: string;
    readonly model: string;
    readonly linux: string;
    readonly procs?: { readonly model: readonly string[]; readonly linux: readonly string[] };
  }[];
  readonly divergence: null | { readonly step: number };
}

/** A counterexample's files, relative to the report's pages (they sit side by side). */
export interface CounterexampleFiles {
  readonly json: string;
  readonly md: string;
  readonly html: string;
  /** The trace file as the replay commands name it: from where the report was made. */
  readonly replayPath: string;
}

export interface CounterexampleModel {
  readonly trace: TraceFile;
  readonly files: CounterexampleFiles;
  /** `duct-0.6.3-py39 × reuse: no-wait-error violated`. */
  readonly title: string;
  /** The invariant's one-sentence meaning (properties/invariants.ts). */
  readonly invariantDoc: string;
  /** How it was found, in words; a random engine's fast-check path apart (it is code). */
  readonly foundBy: string;
  readonly foundByPath: string | null;
  /** The same in a table cell: "BFS (shortest)", "random, seed 7". */
  readonly foundByShort: string;
  /** Shortest by construction (breadth-first), or shrunk random schedules. */
  readonly method: 'exhaustive' | 'random';
  /** What the real replay said, in one line (the page's "On Linux"). */
  readonly onLinux?: string;
  /** The same in a word or two (the matrix's "reproduced on Linux" column). */
  readonly linuxShort?: string;
  /** The real replay's step-by-step comparison, when one ran. */
  readonly real?: RealComparison;
  readonly diagram: SequenceDiagram;
  readonly steps: readonly StepRow[];
  readonly blocked: readonly BlockedThread[];
  /** The commands that replay it: in the model, and against real processes. */
  readonly replay: { readonly model: string; readonly real: string };
}

export interface LinuxOutcome {
  readonly onLinux?: string;
  readonly short?: string;
  readonly real?: RealComparison;
}

export function counterexampleModel(t: TraceFile, files: CounterexampleFiles, linux: LinuxOutcome = {}): CounterexampleModel {
  const inv = INVARIANTS.find((i) => i.name === t.invariant);
  return {
    trace: t,
    files,
    title: `${t.strategy.name} × ${t.scenario.name}: ${t.invariant} violated`,
    invariantDoc: inv?.doc ?? 'no invariant named',
    foundBy: t.engine === 'exhaustive' ? 'breadth-first search over every reachable world: no shorter schedule violates it' : `fast-check random schedules, seed ${t.seed}, shrunk`,
    foundByPath: t.engine === 'exhaustive' ? null : t.path,
    foundByShort: t.engine === 'exhaustive' ? 'BFS (shortest)' : `random, seed ${t.seed}`,
    method: t.engine,
    ...(linux.onLinux ? { onLinux: linux.onLinux } : {}),
    ...(linux.short ? { linuxShort: linux.short } : {}),
    ...(linux.real ? { real: linux.real } : {}),
    diagram: sequenceDiagram(t),
    steps: stepRows(t),
    blocked: t.blocked ?? [],
    replay: { model: `npx reapcheck replay ${files.replayPath}`, real: `npx reapcheck replay --real ${files.replayPath}` },
  };
}

/** The files of a counterexample whose name (without extension) is `base`. */
export function filesOf(base: string, replayPath: string = `${base}.json`): CounterexampleFiles {
  return { json: `${base}.json`, md: `${base}.md`, html: `${base}.html`, replayPath };
}
