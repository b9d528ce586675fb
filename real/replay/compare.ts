/**
 * Trace validation (style.md §10): what Linux did at a step, in the model's words, and the pure
 * function that compares it with the model's prediction. The real side never interprets a
 * strategy: it performs the calls the model resolved and reports what came back.
 */
import type { StepInfo } from '../../model/interpreter/step-info.ts';
import { callText } from '../../model/interpreter/step-info.ts';
import { formatValue } from '../../model/values.ts';

/** What Linux did at one step. */
export interface Observation {
  /**
   * `returned`: every call of the step returned (`results` in the model's numbers and print form);
   * `entered`: the call is asleep in the kernel (or on its futex) as the model's `enter` says;
   * `blocked`: a call did not return within the bound; `stuck`: neither returned nor asleep.
   */
  readonly outcome: 'returned' | 'entered' | 'blocked' | 'stuck';
  readonly results: readonly string[];
}

/** The model's side of a step, printed. */
export function describeModel(info: StepInfo): string {
  const calls = [info.call, ...info.more.map((m) => m.call)];
  if (info.phase === 'enter') return `${callText(info.call)} blocks (enters the kernel)`;
  const res = [info.result, ...info.more.map((m) => m.result)];
  const verb = info.phase === 'complete' ? 'completes with' : 'returns';
  return calls.map((c, i) => `${callText(c)} ${verb} ${formatValue(res[i] ?? null)}`).join('; ');
}

/** Linux's side of a step, printed. */
export function describeLinux(info: StepInfo, obs: Observation): string {
  const calls = [info.call, ...info.more.map((m) => m.call)];
  switch (obs.outcome) {
    case 'entered':
      return `${callText(info.call)} is asleep in the kernel`;
    case 'blocked':
      return `${callText(calls[obs.results.length] ?? info.call)} did not return (still blocked after the bounded wait)`;
    case 'stuck':
      return `${callText(info.call)} neither returned nor went to sleep in the kernel`;
    case 'returned':
      return obs.results.map((r, i) => `${callText(calls[i] ?? info.call)} returned ${r}`).join('; ');
  }
}

/** Does Linux's observation match the model's prediction? Null when it does, else both sides. */
export function compareStep(info: StepInfo, obs: Observation): { model: string; linux: string } | null {
  const differ = () => ({ model: describeModel(info), linux: describeLinux(info, obs) });
  if (info.phase === 'enter') return obs.outcome === 'entered' ? null : differ();
  if (obs.outcome !== 'returned') return differ();
  const want = [info.result, ...info.more.map((m) => m.result)].map((v) => formatValue(v));
  if (want.length !== obs.results.length || want.some((w, i) => w !== obs.results[i])) return differ();
  return null;
}
