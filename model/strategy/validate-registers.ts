/**
 * Which registers a program may read: those some instruction of the same program writes, plus
 * those setup writes (every role thread starts with a copy of setup's registers, model-spec §5).
 * A register written only by another role is a mistake, not a shared value: each thread has its
 * own copy, so in this thread it would always read as none.
 */
import type { RegisterScope } from './validate-operand.ts';
import { isRecord } from './validate-report.ts';

/**
 * The registers `raw` writes (`into`, or the `reg` of a `set`). Read leniently from unchecked
 * input: a malformed writer still counts as a write, so that its own problem is not followed by
 * an "undefined register" for every reader.
 */
function writes(raw: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const ins of raw) {
    if (!isRecord(ins)) continue;
    if (ins.op === 'set' && typeof ins.reg === 'string') out.push(ins.reg);
    if (typeof ins.into === 'string') out.push(ins.into);
  }
  return out;
}

/** The registers program `raw` of `role` may read, given the setup program (`[]` when there is none). */
export function registerScope(role: string, raw: readonly unknown[], setup: readonly unknown[]): RegisterScope {
  const written = new Set(role === 'setup' ? writes(raw) : [...writes(setup), ...writes(raw)]);
  return { written, writers: role === 'setup' ? 'setup' : `role ${role} or setup` };
}
