/**
 * Exhaustive verdicts: breadth-first search over canonical world keys with a visited set. The
 * first violation of an invariant found is on a shortest schedule (BFS visits by depth), so every
 * counterexample is a shortest one.
 */
import type { Instance } from '../model/instance.ts';
import type { World } from '../model/world.ts';
import { worldKey } from '../model/world.ts';
import type { Step } from '../model/transitions.ts';
import { applyStep, enabledSteps, initialWorld } from '../model/transitions.ts';
import type { InvariantName } from './invariants.ts';
import { INVARIANTS, INVARIANT_NAMES, invariantApplies } from './invariants.ts';
import type { CellVerdict, Counterexample, InvariantVerdict, TraceStep } from './verdict.ts';
import { assertWellFormed } from './well-formed.ts';

export interface ExhaustiveOptions {
  /** Run the well-formedness check on every world (a checker self-test; on in tests). */
  readonly checkWellFormed?: boolean;
  /** Called now and then with the number of states so far. */
  readonly onProgress?: (states: number) => void;
  /** Give up after this many states (the verdict then says `exceeded`): the `auto` engine's budget. */
  readonly maxStates?: number;
}

/** Thrown when a search passes `maxStates`: the scope is too large for an exhaustive verdict. */
export class StateBudgetExceeded extends Error {
  override readonly name = 'StateBudgetExceeded';
}

export function checkExhaustive(inst: Instance, opts: ExhaustiveOptions = {}): CellVerdict {
  const t0 = performance.now();
  const applicable = INVARIANTS.filter((inv) => invariantApplies(inv, inst));
  const found = new Map<InvariantName, Counterexample>();
  const worlds: World[] = [];
  const parent: number[] = [];
  const via: (Step | null)[] = [];
  const depth: number[] = [];
  const visited = new Map<string, number>();
  let transitions = 0;
  let truncated = false;

  const init = initialWorld(inst);
  if (opts.checkWellFormed) assertWellFormed(inst, init);
  visited.set(worldKey(init), 0);
  worlds.push(init);
  parent.push(-1);
  via.push(null);
  depth.push(0);

  const pathTo = (idx: number): Step[] => {
    const steps: Step[] = [];
    for (let i = idx; i > 0; i = parent[i]!) steps.push(via[i]!);
    return steps.reverse();
  };

  let head = 0;
  for (; head < worlds.length && found.size < applicable.length; head++) {
    const w = worlds[head]!;
    const steps = enabledSteps(inst, w);
    if (steps.length === 0) {
      for (const inv of applicable) {
        if (inv.kind !== 'end' || found.has(inv.name)) continue;
        const bad = inv.check(inst, w);
        if (bad) found.set(inv.name, counterexample(inst, inv.name, bad.message, pathTo(head), bad.blocked));
      }
      continue;
    }
    if (depth[head]! >= inst.scope.maxSteps) {
      truncated = true;
      continue;
    }
    for (const step of steps) {
      const tr = applyStep(inst, w, step);
      transitions++;
      for (const inv of applicable) {
        if (inv.kind !== 'step' || found.has(inv.name)) continue;
        const msg = inv.check(inst, tr);
        if (msg) found.set(inv.name, counterexample(inst, inv.name, msg, [...pathTo(head), step]));
      }
      const key = worldKey(tr.after);
      if (visited.has(key)) continue;
      if (opts.checkWellFormed) assertWellFormed(inst, tr.after);
      visited.set(key, worlds.length);
      worlds.push(tr.after);
      parent.push(head);
      via.push(step);
      depth.push(depth[head]! + 1);
      if (opts.onProgress && worlds.length % 20_000 === 0) opts.onProgress(worlds.length);
      if (opts.maxStates !== undefined && worlds.length > opts.maxStates) throw new StateBudgetExceeded(`more than ${opts.maxStates} states`);
    }
  }

  const invariants = {} as Record<InvariantName, InvariantVerdict>;
  for (const name of INVARIANT_NAMES) {
    const inv = INVARIANTS.find((i) => i.name === name)!;
    const cx = found.get(name);
    invariants[name] = !invariantApplies(inv, inst) ? { status: 'n/a' } : cx ? { status: 'violated', counterexample: cx } : { status: 'holds' };
  }
  return {
    strategy: inst.strategy.name,
    scenario: inst.scenario.name,
    method: 'exhaustive',
    states: worlds.length,
    transitions,
    seconds: (performance.now() - t0) / 1000,
    truncated,
    stoppedEarly: head < worlds.length,
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

function counterexample(inst: Instance, invariant: InvariantName, message: string, steps: Step[], blocked?: Counterexample['blocked']): Counterexample {
  const { trace, final } = replaySteps(inst, steps);
  return blocked ? { invariant, message, steps: trace, final, blocked } : { invariant, message, steps: trace, final };
}
