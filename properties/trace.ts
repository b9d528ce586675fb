/**
 * Trace files: a versioned JSON document per counterexample (model-spec §8). It embeds the
 * strategy definition, the scenario and the scope, so `reapcheck replay trace.json` needs nothing
 * else; it records how it was found (engine, seed, fast-check path) and, per step, what the model
 * says happened, with the ghost facts that matter in words.
 */
import type { Strategy } from '../model/strategy/types.ts';
import type { Scenario } from '../model/scenario.ts';
import type { Scope } from '../model/scope.ts';
import type { Instance } from '../model/instance.ts';
import type { Step } from '../model/transitions.ts';
import { applyStep, initialWorld } from '../model/transitions.ts';
import type { World } from '../model/world.ts';
import type { StepCall } from '../model/interpreter/step-info.ts';
import type { Result, Value } from '../model/values.ts';
import type { InvariantName } from './invariants.ts';
import type { BlockedThread } from './blocked.ts';
import type { Counterexample } from './verdict.ts';
import { ghostNotes } from './ghost-notes.ts';

export const TRACE_FORMAT = 'reapcheck-trace';
export const TRACE_VERSION = 1;

/** One step of a trace file: the step, who took it, and what the model says it did (call, result, return). */
export interface TraceFileStep {
  readonly step: Step;
  /** Thread name or environment actor (`env`, `spawner`, `reaper`, `churner`). */
  readonly actor: string;
  readonly phase: 'call' | 'enter' | 'complete' | 'event';
  readonly pc?: number;
  readonly call: StepCall;
  readonly result: Value;
  readonly returned: Result | null;
  /** Ghost facts of the step, in words ("SIGKILL reached pid 100 incarnation 2 (unrelated)"). */
  readonly notes: readonly string[];
  /** Further calls of an atomic step, after `call`. */
  readonly more?: readonly { readonly call: StepCall; readonly result: Value }[];
}

/**
 * A trace file (`reapcheck-trace`, version 1): everything needed to replay a schedule anywhere —
 * the strategy, scenario and scope as values, the steps, and the invariant it violates (or the
 * divergence it records). `encodeTrace` writes it; `decodeTrace` validates it back.
 */
export interface TraceFile {
  readonly format: typeof TRACE_FORMAT;
  readonly version: typeof TRACE_VERSION;
  readonly strategy: Strategy;
  readonly scenario: Scenario;
  readonly scope: Scope;
  readonly engine: 'exhaustive' | 'random';
  /** The random engine's seed and fast-check's replay path (null for exhaustive search). */
  readonly seed: number | null;
  readonly path: string | null;
  /** The random engine's scheduler (fast-check's seed and path replay only with the same one). */
  readonly scheduler?: 'uniform' | 'pct';
  /** The violated invariant; null for a schedule saved for another reason (a conformance divergence). */
  readonly invariant: InvariantName | null;
  readonly message: string;
  /** Set on a conformance divergence: the first step where Linux did not do what the model predicted. */
  readonly divergence?: { readonly step: number; readonly model: string; readonly linux: string };
  readonly steps: readonly TraceFileStep[];
  /** The state at failure. */
  readonly final: World;
  readonly blocked?: readonly BlockedThread[];
}

export interface TraceMeta {
  readonly engine: 'exhaustive' | 'random';
  readonly seed?: number | null;
  readonly path?: string | null;
  readonly scheduler?: 'uniform' | 'pct';
}

/** What every trace file starts with: the format, and what it needs to be replayed on its own. */
function header(inst: Instance, meta: TraceMeta) {
  return {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    strategy: inst.strategy,
    scenario: inst.scenario,
    scope: inst.scope,
    engine: meta.engine,
    seed: meta.seed ?? null,
    path: meta.path ?? null,
    ...(meta.scheduler ? { scheduler: meta.scheduler } : {}),
  } as const;
}

/** The trace file of a counterexample found on `inst`. */
export function makeTrace(inst: Instance, cx: Counterexample, meta: TraceMeta): TraceFile {
  return {
    ...header(inst, meta),
    invariant: cx.invariant,
    message: cx.message,
    steps: annotate(inst, cx.steps.map((s) => s.step)),
    final: cx.final,
    ...(cx.blocked ? { blocked: cx.blocked } : {}),
  };
}

/** Run `steps` from the initial world and describe each one as a trace step. */
export function annotate(inst: Instance, steps: readonly Step[]): TraceFileStep[] {
  let w = initialWorld(inst);
  return steps.map((step) => {
    const tr = applyStep(inst, w, step);
    w = tr.after;
    const i = tr.info;
    return {
      step,
      actor: i.actor,
      phase: i.phase,
      ...(i.pc !== undefined ? { pc: i.pc } : {}),
      call: i.call,
      result: i.result,
      returned: i.returned,
      notes: ghostNotes(inst, tr),
      ...(i.more.length > 0 ? { more: i.more } : {}),
    };
  });
}

/** The trace file of a schedule that violates nothing in particular: a conformance divergence. */
export function makeScheduleTrace(inst: Instance, steps: readonly Step[], message: string, divergence: TraceFile['divergence'], seed: number): TraceFile {
  let w = initialWorld(inst);
  for (const s of steps) w = applyStep(inst, w, s).after;
  return {
    ...header(inst, { engine: 'random', seed }),
    invariant: null,
    message,
    ...(divergence ? { divergence } : {}),
    steps: annotate(inst, steps),
    final: w,
  };
}

/** The trace as the text of a file (stable key order, two-space indent, final newline). */
export function encodeTrace(t: TraceFile): string {
  return JSON.stringify(t, null, 2) + '\n';
}
