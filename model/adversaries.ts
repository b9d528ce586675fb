/**
 * The environment and the adversaries of a scenario (model-spec §6): the child exiting on its own,
 * siblings exiting, a spawner recycling numbers, a foreign reaper, a `waitpid(-1)` reaper and an fd
 * churner. Each offers its enabled steps; each step is one atomic action. Their reaps and signals
 * are the scenario, never findings (model-spec §7).
 */
import type { World } from './world.ts';
import { managedChild } from './world.ts';
import type { Instance } from './instance.ts';
import { perInstance } from './instance-cache.ts';
import { exited } from './values.ts';
import type { StepEvents } from './ghost.ts';
import { exitProcess, holderOf, pidFree, procByInc, reap, spawnOn } from './kernel/process-table.ts';
import { completeWait, isZombieChild, waitByNumber, waitCanComplete } from './kernel/wait.ts';
import { allocFd, closeFd, fdEntry } from './kernel/fds.ts';
import { pidfdOpen } from './kernel/pidfd.ts';
import type { StepInfo } from './interpreter/step-info.ts';
import { QUIET_INFO } from './interpreter/step-info.ts';

/** The managed child's own exit status: non-zero on purpose, so a fallback exited(0) is caught (model-spec §1). */
export const CHILD_EXIT_CODE = 3;
/** A sibling's own exit status. */
export const SIBLING_EXIT_CODE = 5;

/** A step of the environment or of an adversary, fully determined (every choice is in the step). */
export type EnvStep =
  /** Managed child `child` (absent: 0, the only child of a one-child scope) exits on its own. */
  | { readonly kind: 'child-exit'; readonly child?: number }
  | { readonly kind: 'sibling-exit'; readonly pid: number }
  | { readonly kind: 'spawn'; readonly pid: number }
  /** The foreign reaper's call; `child` (absent: 0) is the child it waits for, chosen when it starts in a many-children scope. */
  | { readonly kind: 'foreign-reaper'; readonly child?: number }
  | { readonly kind: 'reap-any'; readonly pid: number }
  | { readonly kind: 'churn-open' }
  | { readonly kind: 'churn-pidfd-open'; readonly pid: number }
  | { readonly kind: 'churn-close'; readonly fd: number };

/**
 * The step objects of one instance, made once each (steps are readonly values): the exhaustive
 * search asks for the enabled steps of every world, and building a new object for each step of each
 * world was most of the cost of asking (issue 16).
 */
class EnvStepObjects {
  /**
   * Per kind (`kindCode`), the step on number n at index n + 1. Arrays and a switch: a `Map` look-up
   * and a record read by kind name (megamorphic) were 1.7% of a reduced search (`perf`, issue 16).
   */
  private readonly byKind: EnvStep[][] = Array.from({ length: 8 }, () => []);
  /** The step of `kind` on number `n` (a child, pid or fd; -1: none), made on first use. */
  get(kind: EnvStep['kind'], n: number): EnvStep {
    const row = this.byKind[kindCode(kind)]!;
    let s = row[n + 1];
    if (s === undefined) {
      s = stepOf(kind, n);
      row[n + 1] = s;
    }
    return s;
  }
}

function kindCode(kind: EnvStep['kind']): number {
  switch (kind) {
    case 'child-exit':
      return 0;
    case 'sibling-exit':
      return 1;
    case 'spawn':
      return 2;
    case 'foreign-reaper':
      return 3;
    case 'reap-any':
      return 4;
    case 'churn-open':
      return 5;
    case 'churn-pidfd-open':
      return 6;
    case 'churn-close':
      return 7;
  }
}

/** A new step object, written as `envSteps` always wrote it (child 0 and no child are the same absent field). */
function stepOf(kind: EnvStep['kind'], n: number): EnvStep {
  switch (kind) {
    case 'child-exit':
    case 'foreign-reaper':
      return n <= 0 ? { kind } : { kind, child: n };
    case 'sibling-exit':
    case 'spawn':
    case 'reap-any':
    case 'churn-pidfd-open':
      return { kind, pid: n };
    case 'churn-close':
      return { kind, fd: n };
    case 'churn-open':
      return { kind };
  }
}

const stepObjectsOf = perInstance(() => new EnvStepObjects());

/** Every environment or adversary step enabled in `w`, appended to `out` (a new array when absent). */
export function envSteps<S = EnvStep>(inst: Instance, w: World, out: (S | EnvStep)[] = []): (S | EnvStep)[] {
  const sc = inst.scenario;
  const scope = inst.scope;
  const steps = stepObjectsOf(inst);
  if (sc.childExits) {
    for (let c = 0; c < inst.children; c++) if (managedChild(w, c).state === 'running') out.push(steps.get('child-exit', c));
  }
  for (const p of w.procs) if (p.role === 'sibling' && p.state === 'running') out.push(steps.get('sibling-exit', p.pid));
  if (sc.spawner !== 'none' && w.spawnsUsed < scope.spawns) for (const pid of inst.pids) if (pidFree(w, pid)) out.push(steps.get('spawn', pid));
  const fr = w.foreignReaper;
  if (sc.foreignReaper && fr.phase === 'idle') for (let c = 0; c < inst.children; c++) out.push(steps.get('foreign-reaper', c));
  if (sc.foreignReaper && fr.phase === 'blocked' && waitCanComplete(w, fr.inc)) out.push(steps.get('foreign-reaper', -1));
  // A WNOHANG call that finds no zombie changes nothing: only the calls that reap are steps.
  if (sc.reaperAny && w.reapsUsed < scope.reaps) for (const p of w.procs) if (isZombieChild(p)) out.push(steps.get('reap-any', p.pid));
  if (sc.fdChurner && w.churnsUsed < scope.churns) {
    const free = w.fds.indexOf(null);
    const nextFd = (free === -1 ? w.fds.length : free) + 3;
    if (nextFd <= scope.maxFd) {
      out.push(steps.get('churn-open', -1));
      // A pidfd_open of a free number fails and changes nothing: only live numbers are steps.
      for (const pid of inst.pids) if (holderOf(w, pid)) out.push(steps.get('churn-pidfd-open', pid));
    }
    for (let i = 0; i < w.fds.length; i++) if (w.fds[i]?.byChurner) out.push(steps.get('churn-close', i + 3));
  }
  return out;
}

const describe = (actor: string, name: string, args: (number | string)[], result: StepInfo['result'] = null, phase: StepInfo['phase'] = 'event'): StepInfo => ({
  actor,
  phase,
  call: { name, args },
  result,
  returned: null,
  more: [],
});
const quietEvent = (): null => null;

/**
 * Apply an environment step to `w` (a copy: it is mutated). `quiet` (the exhaustive search):
 * describe nothing and return QUIET_INFO (step-info.ts).
 */
export function runEnvStep(inst: Instance, w: World, step: EnvStep, ev: StepEvents, quiet = false): StepInfo {
  const info = envStep(inst, w, step, ev, quiet);
  return quiet ? QUIET_INFO : info!;
}

/** The effect of an environment step, and its description unless `quiet` (then null). */
function envStep(inst: Instance, w: World, step: EnvStep, ev: StepEvents, quiet: boolean): StepInfo | null {
  const event = quiet ? quietEvent : describe;
  switch (step.kind) {
    case 'child-exit': {
      const c = managedChild(w, step.child ?? 0);
      exitProcess(w, c, exited(CHILD_EXIT_CODE));
      return event('env', 'child exits', [c.pid, `exited(${CHILD_EXIT_CODE})`]);
    }
    case 'sibling-exit': {
      const p = holderOf(w, step.pid)!;
      exitProcess(w, p, exited(SIBLING_EXIT_CODE));
      return event('env', 'sibling exits', [p.pid, `exited(${SIBLING_EXIT_CODE})`]);
    }
    case 'spawn': {
      const sibling = inst.scenario.spawner === 'sibling';
      w.spawnsUsed++;
      spawnOn(w, step.pid, sibling ? 'self' : 'other', sibling ? 'sibling' : 'unrelated');
      return event('spawner', sibling ? 'spawn sibling' : 'spawn unrelated', [step.pid]);
    }
    case 'foreign-reaper': {
      const fr = w.foreignReaper;
      const flags = { nohang: false, nowait: false };
      if (fr.phase === 'idle') {
        const pid = inst.childPids[step.child ?? 0]!;
        const out = waitByNumber(w, pid, 'waitpid', flags, ev);
        if (out.kind === 'block') {
          w.foreignReaper = { phase: 'blocked', inc: out.inc };
          return event('reaper', 'waitpid', [pid, '0'], null, 'enter');
        }
        w.foreignReaper = { phase: 'done' };
        return event('reaper', 'waitpid', [pid, '0'], out.result);
      }
      if (fr.phase !== 'blocked') throw new Error('[reapcheck internal bug] the foreign reaper acted twice');
      // The call was made by number; it is bound to the incarnation that held the number then (K2).
      const pid = procByInc(w, fr.inc)?.pid ?? inst.childPid;
      const result = completeWait(w, fr.inc, 'waitpid', flags, undefined, ev);
      w.foreignReaper = { phase: 'done' };
      return event('reaper', 'waitpid', [pid, '0'], result, 'complete');
    }
    case 'reap-any': {
      const p = holderOf(w, step.pid)!;
      w.reapsUsed++;
      const status = p.status;
      reap(p, ev, false, w);
      return event('reaper', 'waitpid', [-1, 'WNOHANG'], { kind: 'call', ret: p.pid, err: null, pid: p.pid, status });
    }
    case 'churn-open': {
      w.churnsUsed++;
      const fd = allocFd(w, { kind: 'file', byChurner: true }, inst.scope.maxFd);
      return event('churner', 'open', ['/dev/null'], { kind: 'call', ret: fd, err: null, pid: null, status: null });
    }
    case 'churn-pidfd-open': {
      w.churnsUsed++;
      return event('churner', 'pidfd_open', [step.pid], pidfdOpen(w, step.pid, inst.scope.maxFd, true));
    }
    case 'churn-close': {
      w.churnsUsed++;
      if (!fdEntry(w, step.fd)?.byChurner) throw new Error('[reapcheck internal bug] the churner closes an fd it did not open');
      closeFd(w, step.fd);
      return event('churner', 'close', [step.fd], { kind: 'call', ret: 0, err: null, pid: null, status: null });
    }
  }
}

