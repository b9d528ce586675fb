/**
 * The JSON form of one checked cell, as `check --json` and `matrix --json` print it and `merge`
 * reads it back: the one definition of the document's shape.
 */
import type { InvariantName } from '../properties/invariants.ts';

/** The JSON of one cell, exactly as `check --json` and `matrix --json` print it. */
export interface CellJson {
  readonly strategy: string;
  readonly scenario: string;
  readonly method: 'exhaustive' | 'random';
  readonly states: number;
  readonly transitions: number;
  readonly seconds: number;
  readonly invariants: Record<InvariantName, 'holds' | 'violated' | 'n/a' | 'incomplete'>;
  /** Set when a bound ended the cell's search (properties/bounds.ts): which, its limit, and how deep it is complete (-1: random engine). */
  incomplete?: { bound: 'states' | 'seconds' | 'memory'; limit: number; depth: number };
  /** Exhaustive engine: bytes of levels written to disk (properties/spill-level.ts), when some were. */
  spilled?: number;
  /** The verdicts of the strategy file's own invariants (`export const invariants`), by name. */
  custom?: Record<string, 'holds' | 'violated' | 'n/a' | 'incomplete'>;
  /** With --out: the trace file of each violated invariant, and its counterexample's length. */
  traces?: Partial<Record<InvariantName, string>>;
  lengths?: Partial<Record<InvariantName, number>>;
  /** The random engine's seed and runs per invariant. */
  seed?: number;
  runs?: number;
  /** A random cell combined from several seed shards lists them all. */
  seeds?: number[];
  /** Set when checking the cell found a mistake in the strategy (a StrategyError): it decided nothing. */
  error?: string;
  /** What Linux did with each counterexample (matrix, when the sandbox ran). */
  linux?: Partial<Record<InvariantName, string>>;
}
