/**
 * Ghost observations of one step: what the step did that only the invariants look at (which
 * incarnation a signal reached, which incarnation a wait reaped). The real kernel cannot show
 * these, and nothing a strategy runs may read them (style.md §4).
 */
import type { Result } from './values.ts';

export interface SignalEvent {
  readonly pid: number;
  readonly inc: number;
  /** Only a signal that reaches a running process has an effect (K6). */
  readonly wasRunning: boolean;
  readonly signal: number;
}

export interface ReapEvent {
  readonly pid: number;
  readonly inc: number;
  /** A `WNOWAIT` read: the zombie stays waitable (K3). */
  readonly wnowait: boolean;
}

/** Everything a step observed, for the invariants. */
export interface StepEvents {
  signals: SignalEvent[];
  reaps: ReapEvent[];
  /** The thread returned in this step with this result. */
  returned: Result | null;
}

/**
 * Shared empty lists: most steps signal and reap nothing, and two arrays per step were a share of
 * the search's garbage. Never pushed to: `addSignal` and `addReap` replace them first.
 */
const NO_SIGNALS: SignalEvent[] = Object.freeze([]) as unknown as SignalEvent[];
const NO_REAPS: ReapEvent[] = Object.freeze([]) as unknown as ReapEvent[];

export function noEvents(): StepEvents {
  return { signals: NO_SIGNALS, reaps: NO_REAPS, returned: null };
}

export function addSignal(ev: StepEvents, e: SignalEvent): void {
  if (ev.signals === NO_SIGNALS) ev.signals = [];
  ev.signals.push(e);
}

export function addReap(ev: StepEvents, e: ReapEvent): void {
  if (ev.reaps === NO_REAPS) ev.reaps = [];
  ev.reaps.push(e);
}
