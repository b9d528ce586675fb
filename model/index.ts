/**
 * The public surface of the model: the strategy language and its builder, scenarios, scopes, and
 * the pure step functions. A user's strategy file imports from here (`reapcheck`).
 */
export type { Errno, Status, Result, CallResult, Value } from './values.ts';
export { ERRNOS, SIGNALS, exited, signaled, RUNNING, ALREADY_EXITED, errorResult, ok, fail, isStatus, isResult, valueEquals, formatValue, signalName } from './values.ts';
export * from './strategy/types.ts';
export * from './strategy/builder.ts';
export type { Scenario } from './scenario.ts';
export { SCENARIOS, SCALE_SCENARIOS, PROCESS_SCENARIOS, MATRIX_SCENARIOS, POOL, findScenario, scenarioApplies } from './scenario.ts';
export type { Scope, ScaleOptions } from './scope.ts';
export { DEFAULT_SCOPE, pidsOf, childrenOf, scaledScope, scenarioScope } from './scope.ts';
export type { Symmetry } from './symmetry.ts';
export { symmetryOf, canonicalKey } from './symmetry.ts';
export type { Instance, ThreadSpec } from './instance.ts';
export { createInstance } from './instance.ts';
export type { World, Proc, FdEntry, ThreadState, Block } from './world.ts';
export { CHILD_INC, childInc, worldKey, cloneWorld, managedChild } from './world.ts';
export type { Step, Transition } from './transitions.ts';
export { initialWorld, enabledSteps, applyStep, sameStep } from './transitions.ts';
export type { EnvStep } from './adversaries.ts';
export { CHILD_EXIT_CODE, SIBLING_EXIT_CODE } from './adversaries.ts';
export type { StepInfo, StepCall } from './interpreter/step-info.ts';
export { callText } from './interpreter/step-info.ts';
export type { StepEvents } from './ghost.ts';
export { StrategyError, InternalError, InputError } from './errors.ts';
export { validateStrategy, strategyProblems } from './strategy/validate.ts';
export { validateScenario, validateScope, scenarioProblems, scopeProblems } from './strategy/validate-scenario.ts';
