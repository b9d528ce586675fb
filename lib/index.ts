/**
 * The package `reapcheck`: what a test suite or a strategy file imports. The strategy language and
 * its builder (model/), the catalogue, and the calls of a check — `check`, `replay`,
 * `replayOnLinux`, trace files, schedules for fast-check, your own invariants. Matchers for vitest
 * are `reapcheck/vitest`.
 */
export * from '../model/index.ts';
export { CATALOGUE, findStrategy } from '../catalogue/index.ts';
// The catalogue's strategies as values and their fragments (the Popen wait, poll and kill, the duct
// wait…), to build on with `extend`: "as duct-1.0, except poll".
export * from '../catalogue/fragments.ts';
export { INVARIANT_NAMES, INVARIANTS } from '../properties/invariants.ts';
export type { InvariantName, Invariant } from '../properties/invariants.ts';
export type { UserInvariant } from '../properties/user-invariants.ts';
export { check } from './check.ts';
export type { CheckOptions, CheckResult, ScenarioResult, InvariantResult } from './check.ts';
export { replay, replayOnLinux } from './replay.ts';
export type { ReplayResult, ModelReplay, RealReport } from './replay.ts';
export { encodeTrace, decodeTrace, writeTrace } from './traces.ts';
export type { TraceFile, TraceFileStep } from './traces.ts';
export { instance, schedules, runSchedule, choicesFor, checkRandom } from './schedules.ts';
export type { Choice, ScheduleRun, RandomOptions } from './schedules.ts';
export { matrix } from './matrix.ts';
export type { MatrixOptions } from './matrix.ts';
