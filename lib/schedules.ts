/**
 * For fast-check users: schedules of a model instance as an arbitrary, and a runner, so a test
 * suite can state its own properties over the model (`fc.assert(fc.property(schedules(inst), (s)
 * => …runSchedule(inst, s)…))`) and get fast-check's shrinking on them. A schedule is a list of
 * (actor, branch) choices; a choice past the enabled steps wraps, so every list is a schedule.
 */
import type { Arbitrary } from 'fast-check';
import type { Strategy } from '../model/strategy/types.ts';
import type { Scenario } from '../model/scenario.ts';
import { findScenario } from '../model/scenario.ts';
import type { Scope } from '../model/scope.ts';
import { DEFAULT_SCOPE, scenarioScope } from '../model/scope.ts';
import type { Instance } from '../model/instance.ts';
import { createInstance } from '../model/instance.ts';
import { InputError } from '../model/errors.ts';
import { validateScope } from '../model/strategy/validate-scenario.ts';
import type { Choice } from '../properties/schedule.ts';
import { DEFAULT_MAX_CHOICES, scheduleArbitrary } from '../properties/random.ts';

export type { Choice, ScheduleRun } from '../properties/schedule.ts';
export { runSchedule, choicesFor } from '../properties/schedule.ts';
export { checkRandom } from '../properties/random.ts';
export type { RandomOptions } from '../properties/random.ts';

/** The instance a search runs on: `strategy` in `scenario` (a name or a value) under `scope` (over the defaults). */
export function instance(strategy: Strategy, scenario: Scenario | string, scope: Partial<Scope> = {}): Instance {
  const sc = typeof scenario === 'string' ? findScenario(scenario) : scenario;
  if (!sc) throw new InputError(`unknown scenario ${JSON.stringify(scenario)}`);
  return createInstance(strategy, sc, scenarioScope(validateScope({ ...DEFAULT_SCOPE, ...scope }, 'scope'), sc));
}

/** Schedules of `inst` as a fast-check arbitrary (at most `maxChoices` choices; shrinks toward fewer and smaller). */
export function schedules(inst: Instance, maxChoices = DEFAULT_MAX_CHOICES): Arbitrary<Choice[]> {
  return scheduleArbitrary(inst, maxChoices);
}
