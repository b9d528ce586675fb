/** The result of a real replay, as `replay --real` prints it and as JSON. */
import type { Transition } from '../../model/transitions.ts';
import { procByInc } from '../../model/kernel/process-table.ts';
import { formatValue } from '../../model/values.ts';
import type { ReplayContext } from './replay-context.ts';
import type { RealState } from '../processes/procs.ts';
import { zombieStatus } from '../processes/procs.ts';

/** One step: the model's prediction and what Linux did, printed. */
export interface StepRecord {
  readonly step: number;
  readonly actor: string;
  readonly call: string;
  readonly model: string;
  readonly linux: string;
  /** Process state changes in this step, on each side (who received a signal, who was reaped). */
  procs?: { model: string[]; linux: string[] };
}

/**
 * What a replay on Linux found: whether the counterexample's violation happened again with real
 * evidence, the first divergence from the model if any, and each step on both sides.
 */
export interface RealReport {
  /** The counterexample's invariant was violated on Linux too, with real evidence. */
  readonly reproduced: boolean;
  /** The invariant the trace violates (none for a trace without one). */
  readonly invariant: string | null;
  /** `uname -r`. */
  readonly linux: string;
  /** The first step where Linux did not do what the model predicted. */
  readonly divergence: null | { readonly step: number; readonly model: string; readonly linux: string };
  /** One line: "reproduced on Linux …: no-stray-signal — …" or the divergence. */
  readonly message: string;
  /** Each step replayed: the model's prediction and what Linux did. */
  readonly steps: StepRecord[];
  /** The real evidence in one line: what Linux showed at the end of the trace, or what it did not show. */
  readonly evidence?: string;
  /** The replay could not run to the end (forced pid missed, guard refusal at run time, …). */
  readonly error?: string;
}

/** Process state changes of one step on both sides, in the model's numbers. */
export function stateChanges(ctx: ReplayContext, before: Map<number, RealState>, tr: Transition): { model: string[]; linux: string[] } {
  return { model: modelChanges(tr), linux: linuxChanges(ctx, before) };
}

/** The model's side of `stateChanges` (known before the step settles on Linux). */
export function modelChanges(tr: Transition): string[] {
  const model: string[] = [];
  for (const p of tr.after.procs) {
    const old = procByInc(tr.before, p.inc);
    if (old?.state === p.state) continue;
    model.push(`pid ${p.pid} (incarnation ${p.inc}, ${p.role}): ${old?.state ?? 'new'} → ${p.state}${p.status && p.state !== 'running' ? `, ${formatValue(p.status)}` : ''}`);
  }
  return model;
}

/** Linux's side of `stateChanges`: every process whose observed state changed since `before`. */
export function linuxChanges(ctx: ReplayContext, before: Map<number, RealState>): string[] {
  const linux: string[] = [];
  for (const p of ctx.procs) {
    const old = before.get(p.inc);
    if (old === p.state) continue;
    const st = p.state === 'zombie' ? zombieStatus(ctx.libc, p) : null;
    linux.push(`pid ${p.modelPid} = ${p.realPid} (incarnation ${p.inc}, ${p.role}): ${old ?? 'new'} → ${p.state}${st ? `, ${formatValue(st)}` : ''}`);
  }
  return linux;
}
