/**
 * Validation of what a well-formed instruction asks for: pids, fds and results that can never be
 * right, wait flags the real syscall refuses, and literal pids that name process groups. The model
 * and the real replayer must agree on every call (model-spec §9), so a call the real kernel would
 * refuse with EINVAL, or one the model does not have (process groups), is refused here, and so is
 * a literal pid, which never names the child.
 */
import type { Instr, Operand } from './types.ts';
import { numberProblem, resultProblem } from './validate-operand.ts';

/** The literal integer an operand holds, if it is one. */
function literalInt(op: Operand): number | undefined {
  return 'lit' in op && typeof op.lit === 'number' && Number.isInteger(op.lit) ? op.lit : undefined;
}

/** A kill of pid 0 or a negative pid signals a process group, or every process we may signal (kill(2)). */
function killTargetText(pid: number): string {
  if (pid === 0) return 'pid 0 means our whole process group';
  if (pid === -1) return 'pid -1 means every process we may signal';
  return `pid ${pid} means process group ${-pid}`;
}

/**
 * A literal pid > 0 (`kill(925, SIGKILL)`, `kill(1, …)`) is never what a strategy means: the
 * model's pids are its own numbers, so the call would only ever fail with ESRCH or ECHILD, and
 * no-stray-signal would hold for a strategy that signals a stranger (issue 14).
 */
function literalPid(call: string, pid: number | undefined): string[] {
  if (pid === undefined || pid <= 0) return [];
  return [`${call} names pid ${pid} by its number, which is never what a strategy means: the model's pids are its own (the call would only ever fail, and hide a stray signal) — use CHILD, or pidOf(i) for child i`];
}

const numberOf = (op: Operand, what: string): string[] => {
  const bad = numberProblem(op, what);
  return bad ? [bad] : [];
};

/** Every problem with what `ins` (already well-formed) asks for, unlocated. */
export function callProblems(ins: Instr): string[] {
  switch (ins.op) {
    case 'return': {
      const out: string[] = [];
      const v = resultProblem(ins.value, 'the returned value', ins.orElse !== undefined);
      if (v) out.push(v);
      const e = ins.orElse && resultProblem(ins.orElse, 'orElse', false);
      if (e) out.push(e);
      return out;
    }
    case 'add':
      return numberOf(ins.value, 'the value added');
    case 'waitpid': {
      const out = numberOf(ins.pid, 'the pid of waitpid');
      const other = ins.flags.filter((f) => f !== 'WNOHANG');
      if (other.length > 0) {
        out.push(`waitpid takes only WNOHANG: ${other.join(', ')} is a waitid flag (the real waitpid fails with EINVAL) — use waitid, or drop it`);
      }
      const pid = literalInt(ins.pid);
      if (pid !== undefined && (pid === 0 || pid < -1)) {
        out.push(`waitpid(${pid}) waits for a process group, which the model does not have — wait for CHILD, pidOf(i), or -1 (any child)`);
      }
      return [...out, ...literalPid(`waitpid(${pid})`, pid)];
    }
    case 'waitid': {
      const out = numberOf(ins.id, `the id of waitid(${ins.idtype})`);
      if (!ins.flags.includes('WEXITED')) out.push('waitid needs WEXITED in its flags (without it the real waitid fails with EINVAL) — add it');
      const id = literalInt(ins.id);
      if (ins.idtype === 'P_PID' && id !== undefined && id <= 0) {
        out.push(`waitid(P_PID, ${id}) always fails with EINVAL — give it CHILD or pidOf(i)`);
      }
      return [...out, ...(ins.idtype === 'P_PID' ? literalPid(`waitid(P_PID, ${id})`, id) : [])];
    }
    case 'kill': {
      const out = numberOf(ins.pid, 'the pid of kill');
      const pid = literalInt(ins.pid);
      if (pid !== undefined && pid <= 0) {
        out.push(`kill of ${killTargetText(pid)}: process groups are not modelled, and the real replayer must never signal them — kill CHILD or pidOf(i)`);
      }
      return [...out, ...literalPid(`kill(${pid}, ${ins.sig})`, pid)];
    }
    case 'pidfd_open': {
      const out = numberOf(ins.pid, 'the pid of pidfd_open');
      const pid = literalInt(ins.pid);
      if (pid !== undefined && pid <= 0) out.push(`pidfd_open(${pid}) always fails with EINVAL — open CHILD or pidOf(i)`);
      return [...out, ...literalPid(`pidfd_open(${pid})`, pid)];
    }
    case 'pidfd_send_signal':
    case 'poll':
    case 'close':
      return numberOf(ins.fd, `the fd of ${ins.op}`);
    default:
      return [];
  }
}
