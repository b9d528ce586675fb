/**
 * The syscall instructions of a strategy thread, on top of the kernel model: resolve the operands,
 * call the kernel rule, describe the call for the trace.
 */
import type { Instr, WaitFlag } from '../strategy/types.ts';
import type { World } from '../world.ts';
import type { Instance } from '../instance.ts';
import type { CallResult, Value } from '../values.ts';
import { fail, ok, signalName } from '../values.ts';
import type { StepEvents } from '../ghost.ts';
import type { WaitFlags, WaitOutcome, WaitStyle } from '../kernel/wait.ts';
import { completeWait, waitAny, waitByNumber, waitByPidfd } from '../kernel/wait.ts';
import { killByNumber, pidfdOpen, pidfdSendSignal, pollEnter } from '../kernel/pidfd.ts';
import { closeFd } from '../kernel/fds.ts';
import type { StepCall } from './step-info.ts';
import { QUIET_CALL } from './step-info.ts';
import type { Site } from './operands.ts';
import { evalNumber } from './operands.ts';

export type SyscallInstr = Extract<
  Instr,
  { op: 'waitpid' | 'waitid' | 'kill' | 'pidfd_open' | 'pidfd_send_signal' | 'poll' | 'close' }
>;

export function waitFlags(flags: readonly WaitFlag[]): WaitFlags {
  return { nohang: flags.includes('WNOHANG'), nowait: flags.includes('WNOWAIT') };
}

export function flagText(flags: readonly WaitFlag[]): string {
  return flags.length === 0 ? '0' : flags.join('|');
}

/** What a syscall instruction did: returned a result, or entered a blocking wait on an incarnation. */
export type SyscallOutcome = { call: StepCall } & ({ kind: 'return'; result: CallResult } | { kind: 'block'; inc: number });

export function execSyscall(
  inst: Instance,
  w: World,
  regs: readonly Value[],
  ins: SyscallInstr,
  choice: number | undefined,
  ev: StepEvents,
  site: Site,
  quiet = false,
): SyscallOutcome {
  const maxFd = inst.scope.maxFd;
  // Quiet (the exhaustive search): the call is not described (step-info.ts).
  switch (ins.op) {
    case 'waitpid':
    case 'waitid': {
      const style: WaitStyle = ins.op;
      const flags = waitFlags(ins.flags);
      let out: WaitOutcome;
      let desc: StepCall;
      if (ins.op === 'waitpid') {
        const pid = evalNumber(inst, regs, ins.pid, 'the pid of waitpid', site);
        desc = quiet ? QUIET_CALL : { name: 'waitpid', args: [pid, flagText(ins.flags)] };
        // SIMPLIFICATION: pid 0 and pids below -1 (process groups) are not modelled: treated as -1.
        out = pid > 0 ? waitByNumber(w, pid, style, flags, ev) : waitAny(w, style, flags, choice, ev);
      } else {
        const id = evalNumber(inst, regs, ins.id, `the id of waitid(${ins.idtype})`, site);
        desc = quiet ? QUIET_CALL : { name: 'waitid', args: [ins.idtype, id, flagText(ins.flags)] };
        out =
          ins.idtype === 'P_PID'
            ? id > 0
              ? waitByNumber(w, id, style, flags, ev)
              : { kind: 'return', result: fail('EINVAL') }
            : waitByPidfd(w, id, style, flags, ev);
      }
      return { call: desc, ...out };
    }
    case 'kill': {
      const pid = evalNumber(inst, regs, ins.pid, 'the pid of kill', site);
      const desc = quiet ? QUIET_CALL : { name: 'kill', args: [pid, signalName(ins.sig)] };
      // SIMPLIFICATION: kill(0) and kill(-n) (process groups) are not modelled: ESRCH. The
      // validator and the real replayer's guard both refuse such numbers before anything runs.
      if (pid <= 0) return { call: desc, kind: 'return', result: fail('ESRCH') };
      return { call: desc, kind: 'return', result: killByNumber(w, pid, ins.sig, ev) };
    }
    case 'pidfd_open': {
      const pid = evalNumber(inst, regs, ins.pid, 'the pid of pidfd_open', site);
      return { call: quiet ? QUIET_CALL : { name: 'pidfd_open', args: [pid] }, kind: 'return', result: pidfdOpen(w, pid, maxFd, false) };
    }
    case 'pidfd_send_signal': {
      const fd = evalNumber(inst, regs, ins.fd, 'the fd of pidfd_send_signal', site);
      return { call: quiet ? QUIET_CALL : { name: 'pidfd_send_signal', args: [fd, signalName(ins.sig)] }, kind: 'return', result: pidfdSendSignal(w, fd, ins.sig, ev) };
    }
    case 'poll': {
      const fd = evalNumber(inst, regs, ins.fd, 'the fd of poll', site);
      return { call: quiet ? QUIET_CALL : { name: 'poll', args: [fd] }, ...pollEnter(w, fd) };
    }
    case 'close': {
      const fd = evalNumber(inst, regs, ins.fd, 'the fd of close', site);
      return { call: quiet ? QUIET_CALL : { name: 'close', args: [fd] }, kind: 'return', result: closeFd(w, fd) ? ok(0) : fail('EBADF') };
    }
  }
}

/** Complete a blocked wait or poll of a strategy thread (model-spec §2: rescan on wake-up, K4). */
export function completeSyscall(
  inst: Instance,
  w: World,
  regs: readonly Value[],
  ins: SyscallInstr,
  inc: number,
  choice: number | undefined,
  ev: StepEvents,
  site: Site,
  quiet = false,
): { call: StepCall; result: CallResult } {
  if (ins.op === 'poll') {
    const fd = evalNumber(inst, regs, ins.fd, 'the fd of poll', site);
    return { call: quiet ? QUIET_CALL : { name: 'poll', args: [fd] }, result: ok(1) };
  }
  if (ins.op !== 'waitpid' && ins.op !== 'waitid') throw new Error(`[reapcheck internal bug] ${ins.op} cannot be blocked`);
  const call = quiet ? QUIET_CALL : describeWait(inst, regs, ins, site).call;
  return { call, result: completeWait(w, inc, ins.op, waitFlags(ins.flags), choice, ev) };
}

function describeWait(inst: Instance, regs: readonly Value[], ins: Extract<Instr, { op: 'waitpid' | 'waitid' }>, site: Site): { call: StepCall } {
  if (ins.op === 'waitpid') return { call: { name: 'waitpid', args: [evalNumber(inst, regs, ins.pid, 'pid', site), flagText(ins.flags)] } };
  return { call: { name: 'waitid', args: [ins.idtype, evalNumber(inst, regs, ins.id, 'id', site), flagText(ins.flags)] } };
}
