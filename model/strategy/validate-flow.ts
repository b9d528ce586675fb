/**
 * Validation of a whole program, once each instruction is well formed: atomic blocks (model-spec
 * §2), locks released by the program that takes them (§4), programs that end with a return, and
 * a setup that neither blocks nor returns. Instructions that failed their own checks are
 * `undefined` here and skipped, so that one mistake is reported once.
 */
import type { Instr } from './types.ts';
import { located } from './validate-instr.ts';

type Slots = readonly (Instr | undefined)[];

/** Does `ins` block until another thread or the child does something (model-spec §2)? */
function blocking(ins: Instr): string | undefined {
  switch (ins.op) {
    case 'lock':
    case 'rlock':
    case 'cond_wait':
      return `${ins.op} ${ins.op === 'cond_wait' ? ins.cond : ins.lock}`;
    case 'poll':
      return 'poll';
    case 'block_forever':
      return 'block_forever';
    case 'waitpid':
    case 'waitid':
      return ins.flags.includes('WNOHANG') ? undefined : `${ins.op} without WNOHANG`;
    default:
      return undefined;
  }
}

/** Atomic blocks: inside the program, not nested, entered only at the top, left only at the bottom, never blocking. */
function atomicProblems(prog: Slots, role: string): string[] {
  const out: string[] = [];
  const blockOf: (number | undefined)[] = [];
  const at = (pc: number) => located(role, pc, prog[pc]?.op);
  prog.forEach((ins, i) => {
    if (ins?.op !== 'atomic' || blockOf[i] !== undefined) return;
    let end = i + ins.len;
    if (end > prog.length - 1) {
      out.push(`${at(i)}: atomic block runs past the end of the program (len ${ins.len} covers up to instruction ${end}, the last is ${prog.length - 1}) — shorten len`);
      end = prog.length - 1;
    }
    for (let j = i + 1; j <= end; j++) {
      blockOf[j] = i;
      const body = prog[j];
      if (!body) continue;
      const why = blocking(body);
      if (body.op === 'atomic') out.push(`${at(j)}: nested atomic inside the atomic block at instruction ${i} — atomic blocks cannot be nested; merge them`);
      if (why) out.push(`${at(j)}: blocking call in atomic: ${why} may block, and the atomic block at instruction ${i} runs as one step — move it out of the block`);
      if (body.op === 'jump' && (body.to <= i || body.to > end + 1)) {
        out.push(`${at(j)}: jump to ${body.to} leaves the atomic block at instruction ${i} from its middle — stay in ${i + 1}..${end} or go to ${end + 1}, the first instruction after it`);
      }
    }
  });
  prog.forEach((ins, j) => {
    if (ins?.op !== 'jump') return;
    const target = blockOf[ins.to];
    if (target !== undefined && blockOf[j] !== target) {
      out.push(`${at(j)}: jump to ${ins.to} enters the atomic block at instruction ${target} in its middle — jump to the atomic instruction ${target} itself`);
    }
  });
  return out;
}

/** Releases of locks the same program never takes (each thread releases what it holds, model-spec §4). */
function lockProblems(prog: Slots, role: string): string[] {
  const who = role === 'setup' ? 'setup' : 'this role';
  const taken = new Set(prog.flatMap((i) => (i?.op === 'lock' || i?.op === 'trylock' ? [i.lock] : [])));
  const shared = new Set(prog.flatMap((i) => (i?.op === 'rlock' ? [i.lock] : [])));
  const out: string[] = [];
  prog.forEach((ins, pc) => {
    const at = located(role, pc, ins?.op);
    if (ins?.op === 'unlock' && !taken.has(ins.lock) && shared.has(ins.lock)) {
      out.push(`${at}: unlock of ${ins.lock}, which ${who} takes shared (rlock) — release a shared hold with runlock ${ins.lock}`);
    } else if (ins?.op === 'runlock' && !shared.has(ins.lock) && taken.has(ins.lock)) {
      out.push(`${at}: runlock of ${ins.lock}, which ${who} takes exclusively (lock) — release it with unlock ${ins.lock}`);
    } else if (ins?.op === 'unlock' && !taken.has(ins.lock)) {
      out.push(`${at}: unlock of ${ins.lock}, which ${who} never takes — add a lock ${ins.lock} before it or remove the unlock`);
    } else if (ins?.op === 'runlock' && !shared.has(ins.lock)) {
      out.push(`${at}: runlock of ${ins.lock}, which ${who} never takes shared — add an rlock ${ins.lock} before it or remove the runlock`);
    } else if (ins?.op === 'cond_wait' && !taken.has(ins.mutex)) {
      out.push(`${at}: cond_wait releases ${ins.mutex}, which ${who} never takes — lock ${ins.mutex} before the cond_wait`);
    }
  });
  return out;
}

/**
 * Loops made only of sets and unconditional jumps: nothing in them can change the way out, so the
 * thread runs them forever without a visible step (thread-step.ts gives up after LOCAL_RUN_LIMIT).
 */
function localLoopProblems(prog: Slots, role: string): string[] {
  const next = (pc: number): number | undefined => {
    const ins = prog[pc];
    if (ins?.op === 'set') return pc + 1;
    return ins?.op === 'jump' && !ins.if ? ins.to : undefined;
  };
  // Each instruction has at most one such successor, so the loops are the cycles of a functional
  // graph: one walk from each unvisited start finds them all, in time linear in the program
  // (a walk per start, each searching its own path, was cubic: issue 14).
  const UNSEEN = 0;
  const ON_PATH = 1;
  const DONE = 2;
  const state = new Uint8Array(prog.length);
  const out: string[] = [];
  for (let start = 0; start < prog.length; start++) {
    if (state[start] !== UNSEEN) continue;
    const path: number[] = [];
    let pc: number | undefined = start;
    while (pc !== undefined && pc < prog.length && state[pc] === UNSEEN) {
      state[pc] = ON_PATH;
      path.push(pc);
      pc = next(pc);
    }
    if (pc !== undefined && pc < prog.length && state[pc] === ON_PATH) {
      const loop = path.slice(path.indexOf(pc)).sort((a, b) => a - b);
      const what = loop.length === 1 ? 'it jumps to itself' : `instructions ${loop.join(', ')} only set registers and jump`;
      out.push(`${located(role, loop[0]!, prog[loop[0]!]?.op)}: ${what}, so the thread loops forever without a visible step — add a way out`);
    }
    for (const x of path) state[x] = DONE;
  }
  return out;
}

/** A role thread must end with a result: falling off the end is a strategy error at run time (thread-step.ts). */
function endProblems(prog: Slots, role: string): string[] {
  const last = prog[prog.length - 1];
  if (!last || last.op === 'block_forever' || ((last.op === 'return' || last.op === 'jump') && !last.if)) return [];
  return [`${located(role, prog.length - 1, last.op)}: the program can run past its end — end it with an unconditional return or jump (or block_forever)`];
}

/** Setup runs alone, to its end, before any other thread exists (model-spec §2, §5). */
function setupProblems(prog: Slots): string[] {
  const out: string[] = [];
  prog.forEach((ins, pc) => {
    if (!ins) return;
    const at = located('setup', pc, ins.op);
    const why = blocking(ins);
    if (why) out.push(`${at}: setup may not block: ${why} may block, and no other thread runs yet to end it — add WNOHANG or move it into a role`);
    if (ins.op === 'atomic') out.push(`${at}: setup may not contain atomic: it runs alone, so it is one step already — remove the atomic`);
    if (ins.op === 'return') out.push(`${at}: setup may not return: it runs to its end and hands its registers to every role — remove the return`);
    // The interpreter runs setup on a scratch thread slot; a lock still held at its end would belong to no thread.
    if (ins.op === 'trylock') out.push(`${at}: setup may not take locks: nothing runs beside it, and a lock it holds at its end would belong to no thread — remove the trylock`);
  });
  return out;
}

/** Every problem with a program as a whole; `role` is `wait`, `kill`, `poll` or `setup`. */
export function flowProblems(prog: Slots, role: string): string[] {
  // Setup may not contain atomic at all, so its blocks need no checks of their own.
  const own = role === 'setup' ? setupProblems(prog) : [...atomicProblems(prog, role), ...endProblems(prog, role)];
  return [...lockProblems(prog, role), ...localLoopProblems(prog, role), ...own];
}
