/**
 * Table-driven model tests: a case is data (a tiny strategy, a scenario, a schedule) plus the
 * assertion on what the schedule reached. `runCase` drives it through the public step functions.
 */
import type { Instance } from '../../model/instance.ts';
import type { World } from '../../model/world.ts';
import type { Step, Transition } from '../../model/transitions.ts';
import type { Scenario } from '../../model/scenario.ts';
import type { Value } from '../../model/values.ts';
import type { TinyDef } from './worlds.ts';
import { instance, quiet, run } from './worlds.ts';

export interface CaseCtx {
  readonly inst: Instance;
  /** The world after the whole schedule. */
  readonly w: World;
  readonly trs: readonly Transition[];
  /** What the step at index i returned to its caller (StepInfo.result). */
  readonly res: (i: number) => Value;
}

export interface ModelCase {
  /** Starts with the fact it checks: "K4: ...". */
  readonly title: string;
  readonly def: TinyDef;
  /** `quiet()` when absent. */
  readonly sc?: Scenario;
  readonly steps: readonly Step[];
  readonly check: (c: CaseCtx) => void;
}

export function runCase(c: ModelCase): void {
  const inst = instance(c.def, c.sc ?? quiet());
  const { world, trs } = run(inst, c.steps);
  c.check({ inst, w: world, trs, res: (i) => trs[i]!.info.result });
}
