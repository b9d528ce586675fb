/**
 * The guard: before anything runs, every pid and fd a trace would hand to the kernel is checked.
 * A strategy thread may name only the model's own pid numbers (never 0, 1, a negative number or a
 * number outside the scope) and only fds of the model's fd space (never 0–2 or above maxFd). The
 * one negative pid allowed is the reap-any adversary's modelled waitpid(-1, WNOHANG). At run time
 * the numbers are translated only through the replay's own maps, and a kill by number goes out
 * only to a process the replay created and has not seen reaped (see `replay-context.ts`).
 * It is also where a trace the replayer cannot run is refused, in one line before anything starts
 * (a strategy thread's own waitpid(-1), a waitid id type other than P_PID and P_PIDFD, a call it
 * does not know), so that it is never a divergence; `check` prints the same line next to the
 * replay command of such a counterexample. Every call of a step is checked, atomic blocks included.
 */
import type { Instance } from '../../model/instance.ts';
import type { TraceStep } from '../../properties/verdict.ts';
import type { StepCall } from '../../model/interpreter/step-info.ts';

/** A trace the guard refuses; the message is one line. */
export class GuardRefusal extends Error {}

const PID_CALLS = new Set(['kill', 'waitpid', 'pidfd_open']);
const FD_CALLS = new Set(['pidfd_send_signal', 'poll', 'close']);
const SYNC_CALLS = new Set(['lock', 'trylock', 'unlock', 'rlock', 'runlock', 'cond_wait', 'notify_all', 'notify_one', 'read', 'write', 'cas', 'add', 'atomic']);
const EVENTS = new Set(['child exits', 'sibling exits', 'spawn unrelated', 'spawn sibling', 'open']);

function checkCall(inst: Instance, c: StepCall, where: string, reaper: boolean): void {
  const isPid = (x: unknown) => typeof x === 'number' && inst.pids.includes(x);
  const isFd = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && (x < 0 || (x >= 3 && x <= inst.scope.maxFd));
  const refuse = (why: string) => {
    throw new GuardRefusal(`reapcheck: the real-replay guard refuses this trace before running anything: ${where}: ${c.name}(${c.args.join(', ')}) ${why}`);
  };
  if (c.name === 'waitpid' && reaper && c.args[0] === -1) return;
  if (PID_CALLS.has(c.name)) {
    if (!isPid(c.args[0])) refuse(`names pid ${String(c.args[0])}, which is not one of the model's pids ${inst.pids.join(', ')}`);
    return;
  }
  if (c.name === 'waitid') {
    if (c.args[0] === 'P_PID' && !isPid(c.args[1])) refuse(`names pid ${String(c.args[1])}, which is not one of the model's pids ${inst.pids.join(', ')}`);
    else if (c.args[0] === 'P_PIDFD' && !isFd(c.args[1])) refuse(`names fd ${String(c.args[1])}, outside the model's fds 3..${inst.scope.maxFd}`);
    else if (c.args[0] !== 'P_PID' && c.args[0] !== 'P_PIDFD') refuse('uses an id type the replayer does not run');
    return;
  }
  if (FD_CALLS.has(c.name)) {
    if (!isFd(c.args[0])) refuse(`names fd ${String(c.args[0])}, outside the model's fds 3..${inst.scope.maxFd}`);
    return;
  }
  if (SYNC_CALLS.has(c.name) || EVENTS.has(c.name)) return;
  refuse('is not a call the real replayer knows');
}

/** Refuse the whole trace (throw GuardRefusal) if any step would touch a number it must not. */
export function guardTrace(inst: Instance, steps: readonly TraceStep[]): void {
  steps.forEach(({ step, info }, i) => {
    const where = `step ${i + 1} (${info.actor})`;
    if (step.kind === 'thread') {
      if (!inst.threads[step.thread]) throw new GuardRefusal(`reapcheck: the real-replay guard refuses this trace: ${where} names thread ${step.thread}, which the scenario does not have`);
    } else if ('pid' in step && !inst.pids.includes(step.pid)) {
      throw new GuardRefusal(`reapcheck: the real-replay guard refuses this trace before running anything: ${where}: ${step.kind} on pid ${step.pid}, not one of the model's pids`);
    } else if (step.kind === 'churn-close' && !(step.fd >= 3 && step.fd <= inst.scope.maxFd)) {
      throw new GuardRefusal(`reapcheck: the real-replay guard refuses this trace before running anything: ${where}: churn-close of fd ${step.fd}, outside the model's fds`);
    }
    // Every call of the step, those of an atomic block included (each is checked like a step of its own).
    const reaper = step.kind === 'reap-any';
    for (const c of [info.call, ...info.more.map((m) => m.call)]) checkCall(inst, c, where, reaper);
  });
}
