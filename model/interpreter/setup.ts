/**
 * The strategy's `setup`: run to its end in the spawning thread, before any role thread exists and
 * before the environment (model-spec §2: the `clone(CLONE_PIDFD)` reading).
 */
import type { World, ThreadState } from '../world.ts';
import type { Instance } from '../instance.ts';
import { noEvents } from '../ghost.ts';
import { StrategyError } from '../errors.ts';
import { applyFlow, execInstr, LOCAL_RUN_LIMIT } from './exec-instr.ts';

/**
 * Run the strategy's `setup` to its end in the spawning thread (model-spec §2). It runs before any
 * role thread exists, on a scratch instance whose only thread is the setup program.
 */
export function runSetup(inst: Instance, w: World, regs: ThreadState, child = 0): void {
  const program = inst.strategy.setup ?? [];
  const ev = noEvents();
  const setupInst: Instance = { ...inst, threads: [child === 0 ? { name: 'setup', role: 'wait', program } : { name: 'setup', role: 'wait', program, child }] };
  const saved = w.threads;
  w.threads = [regs];
  for (let n = 0; regs.pc < program.length && regs.result === null; n++) {
    if (n > LOCAL_RUN_LIMIT) throw new StrategyError('role setup: loops forever');
    const ins = program[regs.pc]!;
    const ex = execInstr(setupInst, w, 0, regs.pc, ins, undefined, ev);
    if (ex.flow.kind === 'block') throw new StrategyError(`role setup, instruction ${regs.pc}: ${ins.op} blocks, and setup may not block`);
    if (ex.flow.kind === 'return') throw new StrategyError(`role setup, instruction ${regs.pc}: setup has no result and may not return`);
    applyFlow(regs, ex.flow);
  }
  // A lock still held would belong to no thread once setup is over (its slot becomes the waiter's).
  const held = w.owners.findIndex((o) => o !== -1);
  if (held !== -1 || w.readers.some((r) => r.length > 0)) {
    throw new StrategyError(`role setup: ends holding lock ${inst.lockNames[(held === -1 ? w.readers.findIndex((r) => r.length > 0) : held) % inst.lockNames.length]} — unlock it before setup ends`);
  }
  w.threads = saved;
}
