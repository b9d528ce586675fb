/**
 * What a thread's steps touch in shared memory, read from its program alone (the footprints of
 * partial-order reduction, por.ts): the variables, locks and condition variables an instruction
 * names, and for each pc every one the program may still touch from there on (`restart`: a
 * retrying killer's return leads back to its start). Objects are named `v:`, `l:`, `c:` + the
 * strategy's name; each child has its own copy of them, so these names are per child.
 */
import type { Instr, Program } from '../model/strategy/types.ts';
import { successors } from '../model/strategy/control-flow.ts';

const futureCache = new WeakMap<Program, Set<string>[]>();

/** The shared-memory objects an instruction touches, or null when it is a syscall (touches the kernel). */
export function objectsOf(program: Program, pc: number): string[] | null {
  const ins = program[pc];
  if (!ins) return [];
  if (ins.op === 'atomic') {
    const out: string[] = [];
    for (let k = pc + 1; k <= pc + ins.len; k++) {
      const o = objectsOf(program, k);
      if (o === null) return null;
      out.push(...o);
    }
    return out;
  }
  return instrObjects(ins);
}

function instrObjects(ins: Instr): string[] | null {
  switch (ins.op) {
    case 'jump':
    case 'set':
    case 'return':
      return [];
    case 'read':
    case 'write':
    case 'cas':
    case 'add':
      return [`v:${ins.var}`];
    case 'lock':
    case 'trylock':
    case 'unlock':
    case 'rlock':
    case 'runlock':
      return [`l:${ins.lock}`];
    case 'cond_wait':
      return [`c:${ins.cond}`, `l:${ins.mutex}`];
    case 'notify_all':
    case 'notify_one':
      return [`c:${ins.cond}`];
    default:
      return null;
  }
}

/**
 * For each pc, every shared-memory object the program may touch from there on (a fixpoint over its
 * jumps). With `guards`, paths stop at a `lock` or `rlock` of a guard (that instruction excluded):
 * what the thread may touch before it acquires one of those locks.
 */
export function futureObjects(program: Program, restart: boolean, guards: ReadonlySet<string> | null = null): Set<string>[] {
  const cached = guards === null && !restart ? futureCache.get(program) : undefined;
  if (cached) return cached;
  const sets = program.map(() => new Set<string>());
  for (let changed = true; changed; ) {
    changed = false;
    for (let pc = program.length - 1; pc >= 0; pc--) {
      const ins = program[pc]!;
      const s = sets[pc]!;
      if (guards !== null && (ins.op === 'lock' || ins.op === 'rlock') && guards.has(ins.lock)) continue;
      const before = s.size;
      for (const o of instrObjects(ins) ?? []) s.add(o);
      for (const n of successors(ins, pc, restart)) for (const o of sets[n] ?? []) s.add(o);
      if (s.size !== before) changed = true;
    }
  }
  if (guards === null && !restart) futureCache.set(program, sets);
  return sets;
}
