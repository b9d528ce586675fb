/**
 * An instruction as the pseudo-code writes it — `waitpid(CHILD, WNOHANG) → r`, `lock(wait_lock)`,
 * `jump 7 if not r.err` — for the step-through view's "next instruction" of each thread. Operands
 * and conditions are printed by the strategy language's own printers (model/strategy/conditions.ts).
 */
import type { Instr } from '../../model/strategy/types.ts';
import { condText, operandText } from '../../model/strategy/conditions.ts';
import { signalName } from '../../model/values.ts';

export function instrText(ins: Instr | undefined): string {
  if (!ins) return 'end';
  // Typed loosely: other sessions add instructions, and an unknown one still prints as its name.
  const i = ins as Instr & Record<string, unknown>;
  const into = 'into' in i && typeof i.into === 'string' ? ` → ${i.into}` : '';
  const of = 'of' in i && i.of ? ` of ${operandText(i.of as never)}` : '';
  const when = 'if' in i && i.if ? ` if ${condText(i.if as never)}` : '';
  switch (ins.op) {
    case 'jump':
      return `jump ${ins.to}${when}`;
    case 'set':
      return `${ins.reg} = ${operandText(ins.value)}`;
    case 'return':
      return `return ${operandText(ins.value)}${ins.orElse ? ` else ${operandText(ins.orElse)}` : ''}${when}`;
    case 'read':
      return `read(${ins.var}${of})${into}`;
    case 'write':
      return `write(${ins.var}${of}, ${operandText(ins.value)})`;
    case 'cas':
      return `cas(${ins.var}${of}, ${operandText(ins.expect)}, ${operandText(ins.value)})${into}`;
    case 'add':
      return `add(${ins.var}${of}, ${operandText(ins.value)})${into}`;
    case 'lock':
    case 'unlock':
    case 'rlock':
    case 'runlock':
      return `${ins.op}(${ins.lock})`;
    case 'trylock':
      return `trylock(${ins.lock})${into}`;
    case 'cond_wait':
      return `cond_wait(${ins.cond}, ${ins.mutex})`;
    case 'notify_all':
    case 'notify_one':
      return `${ins.op}(${ins.cond})`;
    case 'waitpid':
      return `waitpid(${operandText(ins.pid)}, ${ins.flags.join('|') || '0'})${into}`;
    case 'waitid':
      return `waitid(${ins.idtype}, ${operandText(ins.id)}, ${ins.flags.join('|')})${into}`;
    case 'kill':
      return `kill(${operandText(ins.pid)}, ${signalName(ins.sig)})${into}`;
    case 'pidfd_open':
      return `pidfd_open(${operandText(ins.pid)})${into}`;
    case 'pidfd_send_signal':
      return `pidfd_send_signal(${operandText(ins.fd)}, ${signalName(ins.sig)})${into}`;
    case 'poll':
    case 'close':
      return `${ins.op}(${operandText(ins.fd)})${into}`;
    case 'atomic':
      return `atomic (next ${ins.len})`;
    default:
      return String(i.op);
  }
}
