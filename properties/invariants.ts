/**
 * The named safety invariants of model-spec §7, each a predicate with a one-sentence meaning.
 * Step invariants look at one transition (before, step, after, ghost events); end invariants look
 * at a terminal world. Each returns null when it holds, or why it is violated.
 */
import type { Instance } from '../model/instance.ts';
import type { Transition } from '../model/transitions.ts';
import type { World } from '../model/world.ts';
import { childInc, managedChild } from '../model/world.ts';
import { formatValue, isStatus, valueEquals } from '../model/values.ts';
import type { BlockedThread } from './blocked.ts';
import { blockedThreads } from './blocked.ts';

/** The names of the built-in invariants (model-spec §7), in the order reports list them. */
export const INVARIANT_NAMES = [
  'no-stray-signal',
  'no-wrong-reap',
  'status-correct',
  'no-wait-error',
  'no-stale-poll',
  'no-deadlock',
  'no-zombie-left',
  'no-kill-error',
] as const;
/** One of the built-in invariants' names. */
export type InvariantName = (typeof INVARIANT_NAMES)[number];

export interface StepInvariant {
  readonly name: InvariantName;
  readonly kind: 'step';
  readonly doc: string;
  readonly check: (inst: Instance, tr: Transition) => string | null;
}

export interface EndInvariant {
  readonly name: InvariantName;
  readonly kind: 'end';
  readonly doc: string;
  /** `w` is terminal: no step of anything is enabled. */
  readonly check: (inst: Instance, w: World) => { message: string; blocked?: BlockedThread[] } | null;
}

/** An invariant: judged on every transition (`step`) or on every terminal world (`end`). */
export type Invariant = StepInvariant | EndInvariant;

/** The strategy thread that took the step, or null for the environment and adversaries (exempt). */
function strategyThread(inst: Instance, tr: Transition) {
  return tr.step.kind === 'thread' ? inst.threads[tr.step.thread]! : null;
}

/** The incarnation of the managed child a thread is bound to ("the managed child" of model-spec §7, per thread). */
function ownChild(spec: { child?: number }): number {
  return childInc(spec.child ?? 0);
}

/**
 * May this thread's signal reach, or its wait take, incarnation `inc`? A role thread: only its own
 * child. The process-wide loop manages every child: any of them (never a process that took a
 * child's number after it was reaped: a new incarnation).
 */
export function ownsIncarnation(inst: Instance, spec: { child?: number; loop?: true }, inc: number): boolean {
  return spec.loop ? inc >= 1 && inc <= inst.children : inc === ownChild(spec);
}

/** "the child was incarnation 1", or the loop's "the children were incarnations 1..2", for messages. */
function ownText(inst: Instance, spec: { child?: number; loop?: true }): string {
  return spec.loop ? `the children were incarnations 1..${inst.children}` : `the child was incarnation ${ownChild(spec)}`;
}

const noStraySignal: StepInvariant = {
  name: 'no-stray-signal',
  kind: 'step',
  doc: 'a signal sent by a strategy thread never reaches a running process other than the managed child',
  check(inst, tr) {
    const th = strategyThread(inst, tr);
    if (!th) return null;
    const bad = tr.events.signals.find((s) => s.wasRunning && !ownsIncarnation(inst, th, s.inc));
    if (!bad) return null;
    const victim = tr.before.procs.find((p) => p.inc === bad.inc)!;
    return `${th.name}'s signal reached ${victim.role} pid ${bad.pid} (incarnation ${bad.inc}); ${ownText(inst, th)}`;
  },
};

const noWrongReap: StepInvariant = {
  name: 'no-wrong-reap',
  kind: 'step',
  doc: 'a strategy thread never reaps, or reads with WNOWAIT, a process other than the managed child',
  check(inst, tr) {
    const th = strategyThread(inst, tr);
    if (!th) return null;
    const bad = tr.events.reaps.find((r) => !ownsIncarnation(inst, th, r.inc));
    if (!bad) return null;
    return `${th.name} ${bad.wnowait ? 'read (WNOWAIT)' : 'reaped'} pid ${bad.pid} incarnation ${bad.inc}, not ${th.loop ? `a child (incarnations 1..${inst.children})` : `the child (incarnation ${ownChild(th)})`}`;
  },
};

const statusCorrect: StepInvariant = {
  name: 'status-correct',
  kind: 'step',
  doc: "a wait or poll returns only the child's true status, and a wait never returns running",
  check(inst, tr) {
    const th = strategyThread(inst, tr);
    const r = tr.events.returned;
    if (!th || !r || (th.role !== 'wait' && th.role !== 'poll')) return null;
    const child = managedChild(tr.after, th.child ?? 0);
    if (isStatus(r)) {
      if (child.state === 'running') return `${th.name} returned ${formatValue(r)} while the child is still running`;
      if (!valueEquals(r, child.status)) return `${th.name} returned ${formatValue(r)}; the child's true status is ${formatValue(child.status)}`;
      return null;
    }
    if (th.role === 'wait' && r.kind !== 'error') return `${th.name} returned ${formatValue(r)}, which is not a status`;
    return null;
  },
};

const noWaitError: StepInvariant = {
  name: 'no-wait-error',
  kind: 'step',
  doc: 'a wait never returns an error (the ECHILD crash of bpo-42558)',
  check(inst, tr) {
    const th = strategyThread(inst, tr);
    const r = tr.events.returned;
    if (!th || th.role !== 'wait' || r?.kind !== 'error') return null;
    return `${th.name} returned ${formatValue(r)}`;
  },
};

const noStalePoll: StepInvariant = {
  name: 'no-stale-poll',
  kind: 'step',
  doc: 'a poll never returns running when the child had stopped running before the poll began',
  check(inst, tr) {
    const th = strategyThread(inst, tr);
    if (!th || th.role !== 'poll' || tr.events.returned?.kind !== 'running') return null;
    const t = (tr.step as { thread: number }).thread;
    if (!tr.after.threads[t]!.childDoneAtStart) return null;
    return `${th.name} returned running, but the child had stopped running before the poll began`;
  },
};

const noDeadlock: EndInvariant = {
  name: 'no-deadlock',
  kind: 'end',
  doc: 'no terminal state leaves a strategy thread blocked forever',
  check(inst, w) {
    const blocked = blockedThreads(inst, w);
    if (blocked.length === 0) return null;
    return { message: `deadlock; threads = [${blocked.map((b) => `${b.thread}: ${b.waitsFor}`).join('; ')}]`, blocked };
  },
};

const noZombieLeft: EndInvariant = {
  name: 'no-zombie-left',
  kind: 'end',
  doc: 'when every strategy thread has returned, the child is not left a zombie',
  check(inst, w) {
    if (w.threads.some((t) => t.result === null)) return null;
    for (let k = 0; k < inst.children; k++) {
      const c = managedChild(w, k);
      if (c.state === 'zombie') return { message: `every thread returned and the child (pid ${c.pid}) is still a zombie` };
    }
    return null;
  },
};

/**
 * Python 3.8's `Popen.kill()` raised ProcessLookupError when its kill hit a freed number: the
 * caller gets an exception for a child that merely exited. A strategy says "it had already exited"
 * by returning `already-exited`; any error a kill returns is surfaced to its caller.
 */
const noKillError: StepInvariant = {
  name: 'no-kill-error',
  kind: 'step',
  doc: 'a kill never returns an error to its caller (a child that already exited is answered with already-exited)',
  check(inst, tr) {
    const th = strategyThread(inst, tr);
    const r = tr.events.returned;
    if (!th || th.role !== 'kill' || r?.kind !== 'error') return null;
    return `${th.name} returned ${formatValue(r)}`;
  },
};

/** The built-in invariants, each with its one-sentence meaning (`doc`) and its predicate. */
export const INVARIANTS: readonly Invariant[] = [noStraySignal, noWrongReap, statusCorrect, noWaitError, noStalePoll, noDeadlock, noZombieLeft, noKillError];

/** Does this invariant apply to a scenario? `no-stale-poll` needs a poll thread, `no-kill-error` a kill thread. */
export function invariantApplies(inv: Invariant, inst: Instance): boolean {
  if (inv.name === 'no-stale-poll') return inst.threads.some((t) => t.role === 'poll');
  if (inv.name === 'no-kill-error') return inst.threads.some((t) => t.role === 'kill');
  return true;
}
