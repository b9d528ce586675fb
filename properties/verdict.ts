/**
 * Verdicts: per invariant, holds (and how that was established), violated (with a counterexample),
 * not applicable to the scenario, or incomplete: a bound (bounds.ts) ended the search before it
 * decided — neither a proof nor a violation, and never shown as one.
 */
import type { InvariantName } from './invariants.ts';
import type { BlockedThread } from './blocked.ts';
import type { Step } from '../model/transitions.ts';
import type { StepInfo } from '../model/interpreter/step-info.ts';
import type { World } from '../model/world.ts';
import type { Incomplete } from './bfs.ts';

/** One step of a counterexample: the step and what it did. */
export interface TraceStep {
  readonly step: Step;
  readonly info: StepInfo;
}

export interface Counterexample {
  readonly invariant: InvariantName;
  /** Why it is violated, in domain words. */
  readonly message: string;
  readonly steps: readonly TraceStep[];
  /** The world right after the violating step (or the terminal world). */
  readonly final: World;
  readonly blocked?: readonly BlockedThread[];
}

export type InvariantVerdict =
  | { readonly status: 'holds' }
  | { readonly status: 'violated'; readonly counterexample: Counterexample }
  | { readonly status: 'n/a' }
  | { readonly status: 'incomplete' };

export interface CellVerdict {
  readonly strategy: string;
  readonly scenario: string;
  /** How the verdicts were established: breadth-first search of every world, or random schedules. */
  readonly method: 'exhaustive' | 'random';
  /** Random engine: schedules tried per invariant, and the seed. */
  readonly runs?: number;
  readonly seed?: number;
  /** Distinct worlds visited (random engine: schedules run). */
  readonly states: number;
  readonly transitions: number;
  readonly seconds: number;
  /** Set when some schedule was cut at the scope's maxSteps: "holds" then means "holds up to that depth". */
  readonly truncated: boolean;
  /** Set when the search stopped early because every applicable invariant was already violated. */
  readonly stoppedEarly: boolean;
  /** Set when a bound ended the search: which, and to what depth it is complete. */
  readonly incomplete?: Incomplete;
  /** Exhaustive engine: bytes of levels the search wrote to disk (bfs.ts `spilled`), when it wrote any. */
  readonly spilled?: number;
  readonly invariants: Readonly<Record<InvariantName, InvariantVerdict>>;
  /** The verdicts of a user's invariants (user-invariants.ts), by their names. */
  readonly custom?: Readonly<Record<string, InvariantVerdict>>;
}

export function violatedNames(cell: CellVerdict): InvariantName[] {
  return (Object.keys(cell.invariants) as InvariantName[]).filter((n) => cell.invariants[n].status === 'violated');
}

/** Did a bound leave some invariant of the cell undecided? */
export function isIncomplete(cell: CellVerdict): boolean {
  return (Object.keys(cell.invariants) as InvariantName[]).some((n) => cell.invariants[n].status === 'incomplete');
}
