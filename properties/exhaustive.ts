/**
 * Exhaustive verdicts: breadth-first search (bfs.ts) over fingerprints of worlds.
 * The first violation of an invariant found is on a shortest schedule (BFS visits by depth), so
 * every counterexample is a shortest one — with partial-order reduction on too, because a
 * violation found under it is searched again without it (`shortest`).
 */
import type { Instance } from '../model/instance.ts';
import type { World } from '../model/world.ts';
import type { Step } from '../model/transitions.ts';
import { applyStep, initialWorld } from '../model/transitions.ts';
import type { Invariant, InvariantName } from './invariants.ts';
import { InputError } from '../model/errors.ts';
import { INVARIANTS, INVARIANT_NAMES, invariantApplies } from './invariants.ts';
import type { CellVerdict, Counterexample, InvariantVerdict, TraceStep } from './verdict.ts';
import type { Found, Incomplete } from './bfs.ts';
import { search } from './bfs.ts';
import type { SearchLimits } from './bounds.ts';

export { StateBudgetExceeded } from './bfs.ts';

export interface ExhaustiveOptions {
  /** Run the well-formedness check on every world (a checker self-test; on in tests). */
  readonly checkWellFormed?: boolean;
  /** Called now and then with the number of states so far. */
  readonly onProgress?: (states: number) => void;
  /** Give up after this many states (the verdict then says `exceeded`): the `auto` engine's budget. */
  readonly maxStates?: number;
  /** Symmetry reduction over same-role threads of a child and over children (model/symmetry.ts). Default off. */
  readonly symmetry?: boolean;
  /** The user's bounds (bounds.ts): reaching one ends the search; what it did not decide is `incomplete`. */
  readonly limits?: SearchLimits;
  /** A user's invariants (user-invariants.ts), reported in `custom`. Not with `por`: its ample sets are safe for the built-in invariants only. */
  readonly extra?: readonly Invariant[];
  /** Partial-order reduction by ample sets (por.ts). Default off. */
  readonly por?: boolean;
  /**
   * With `por`, search again without it for each violated invariant, so its counterexample is a
   * shortest one (default true). Off, a counterexample may be longer than the shortest.
   */
  readonly shortest?: boolean;
}

export function checkExhaustive(inst: Instance, opts: ExhaustiveOptions = {}): CellVerdict {
  const t0 = performance.now();
  if (opts.extra?.length && (opts.por || opts.symmetry)) {
    // Both reductions are proved sound for what the built-in invariants look at (por.ts, symmetry.ts); a user's predicate may look at anything.
    throw new InputError('user-defined invariants need the unreduced search: turn symmetry and partial-order reduction off');
  }
  const base = { checkWellFormed: opts.checkWellFormed, onProgress: opts.onProgress, maxStates: opts.maxStates, symmetry: opts.symmetry, limits: opts.limits, extra: opts.extra };
  const r = search(inst, { ...base, por: opts.por });
  const found = new Map<InvariantName, Found>(r.found);
  if (opts.por && (opts.shortest ?? true) && found.size > 0) {
    // The reduced search proved which invariants fail; the unreduced one (stopping once it has
    // them all) finds their shortest counterexamples. Under a bound it may stop first: then the
    // reduced search's counterexample stays (a real one, perhaps not the shortest).
    const again = search(inst, { ...base, only: [...found.keys()] });
    for (const [name, f] of again.found) found.set(name, f);
  }
  const v = exhaustiveVerdict(inst, depthClaim(r, opts), found, t0);
  if (!opts.extra?.length) return v;
  const custom: Record<string, InvariantVerdict> = {};
  for (const inv of opts.extra) {
    const f = found.get(inv.name);
    custom[inv.name] = f ? { status: 'violated', counterexample: counterexample(inst, f) } : { status: r.incomplete ? 'incomplete' : 'holds' };
  }
  return { ...v, custom };
}

/**
 * A reduced search's depth says nothing about schedules of the full graph: partial-order reduction
 * postpones steps, so a violation n steps deep may be reached only later in the reduced search. The
 * "no violation up to N steps" of an incomplete search is kept only without it (symmetry keeps
 * depths: symmetric worlds are reached at the same depth).
 */
export function depthClaim<R extends { incomplete?: Incomplete }>(r: R, opts: { por?: boolean }): R {
  return opts.por && r.incomplete ? { ...r, incomplete: { ...r.incomplete, depth: -1 } } : r;
}

/**
 * The verdict of an exhaustive search `r` whose violations are `found` (after any second,
 * unreduced search): every invariant holds, is violated (with its counterexample replayed for
 * the trace) or does not apply. Shared by the sequential and the parallel engines.
 */
export function exhaustiveVerdict(
  inst: Instance,
  r: { states: number; transitions: number; truncated: boolean; stoppedEarly: boolean; incomplete?: Incomplete; spilled?: number },
  found: ReadonlyMap<InvariantName, Found>,
  t0: number,
): CellVerdict {
  const invariants = {} as Record<InvariantName, InvariantVerdict>;
  for (const name of INVARIANT_NAMES) {
    const inv = INVARIANTS.find((i) => i.name === name)!;
    const f = found.get(name);
    invariants[name] = !invariantApplies(inv, inst)
      ? { status: 'n/a' }
      : f
        ? { status: 'violated', counterexample: counterexample(inst, f) }
        : { status: r.incomplete ? 'incomplete' : 'holds' };
  }
  return {
    strategy: inst.strategy.name,
    scenario: inst.scenario.name,
    method: 'exhaustive',
    states: r.states,
    transitions: r.transitions,
    seconds: (performance.now() - t0) / 1000,
    truncated: r.truncated,
    stoppedEarly: r.stoppedEarly,
    ...(r.incomplete ? { incomplete: r.incomplete } : {}),
    ...(r.spilled ? { spilled: r.spilled } : {}),
    invariants,
  };
}

/** Re-run a schedule from the initial world to recover what each step did. */
export function replaySteps(inst: Instance, steps: readonly Step[]): { trace: TraceStep[]; final: World } {
  let w = initialWorld(inst);
  const trace: TraceStep[] = [];
  for (const step of steps) {
    const tr = applyStep(inst, w, step);
    trace.push({ step, info: tr.info });
    w = tr.after;
  }
  return { trace, final: w };
}

function counterexample(inst: Instance, f: Found): Counterexample {
  const { trace, final } = replaySteps(inst, f.steps);
  const { invariant, message, blocked } = f;
  return blocked ? { invariant, message, steps: trace, final, blocked } : { invariant, message, steps: trace, final };
}
