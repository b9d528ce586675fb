/**
 * Validation of a strategy given as data (model-spec §5): every mistake is one clear problem
 * naming the role and the instruction, found before anything runs, never a crash. The checks are
 * split by scope: values (validate-value.ts), operands (validate-operand.ts), one instruction
 * (validate-instr.ts, validate-call.ts), one program (validate-flow.ts), the kinds of value each
 * register holds (validate-kinds.ts); this file checks the outline and the shared declarations
 * and puts them together.
 */
import type { Instr, Strategy } from './types.ts';
import { PROCESS_ROLES, ROLES } from './types.ts';
import type { Declared } from './validate-instr.ts';
import { checkInstr } from './validate-instr.ts';
import { flowProblems } from './validate-flow.ts';
import { valueProblem } from './validate-value.ts';
import { inputError, isRecord, kindOf, show, unknownKeys } from './validate-report.ts';
import { registerScope } from './validate-registers.ts';
import { kindProblems } from './validate-kinds.ts';
import { processProblems } from './validate-process.ts';
import { noneReturnProblems } from './validate-none.ts';
import { describeProblem, labelsProblems } from './validate-labels.ts';

const TOP_KEYS = ['name', 'description', 'versions', 'sources', 'shared', 'process', 'setup', 'roles', 'labels'];
const SHARED_KEYS = ['vars', 'mutexes', 'rwlocks', 'conds'] as const;
const NAME = /^[A-Za-z0-9._-]+$/;

function headerProblems(s: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (typeof s.name !== 'string' || !NAME.test(s.name)) {
    out.push(`name: must be a non-empty string of letters, digits, '.', '_' and '-' (it names files and traces), got ${show(s.name)}`);
  }
  if (typeof s.description !== 'string') out.push(`description: must be a string, got ${kindOf(s.description)}`);
  if (s.versions !== undefined && typeof s.versions !== 'string') out.push(`versions: must be a string, got ${kindOf(s.versions)}`);
  if (s.sources !== undefined && !(Array.isArray(s.sources) && s.sources.every((x) => typeof x === 'string'))) {
    out.push(`sources: must be an array of strings, got ${show(s.sources)}`);
  }
  return out;
}

/**
 * The names `shared` (or `process`, as `key`) declares, by kind, and the problems with it. A name
 * is one thing only.
 */
function sharedDecl(shared: unknown, key = 'shared'): { declared: Declared; problems: string[] } {
  const empty: Declared = { vars: new Set(), mutexes: new Set(), rwlocks: new Set(), conds: new Set() };
  if (!isRecord(shared)) return { declared: empty, problems: [`${key}: must be an object ({} when nothing is shared), got ${kindOf(shared)}`] };
  const problems = unknownKeys(shared, SHARED_KEYS, key);
  const kinds = new Map<string, string>();
  const claim = (name: string, kind: string): void => {
    const before = kinds.get(name);
    if (before === undefined) kinds.set(name, kind);
    else if (before !== kind) problems.push(`${key}: ${name} is declared both in ${before} and in ${kind} — give each its own name`);
  };
  const vars = new Set<string>();
  if (shared.vars !== undefined && !isRecord(shared.vars)) problems.push(`${key}.vars: must be an object of initial values, got ${kindOf(shared.vars)}`);
  for (const [name, v] of Object.entries(isRecord(shared.vars) ? shared.vars : {})) {
    const bad = valueProblem(v);
    if (name === '') problems.push(`${key}.vars: a variable name must not be empty`);
    else if (bad) problems.push(`${key}.vars.${name}: ${bad}`);
    vars.add(name);
    claim(name, 'vars');
  }
  const lists = { mutexes: new Set<string>(), rwlocks: new Set<string>(), conds: new Set<string>() };
  for (const kind of ['mutexes', 'rwlocks', 'conds'] as const) {
    const list = shared[kind];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      problems.push(`${key}.${kind}: must be an array of names, got ${kindOf(list)}`);
      continue;
    }
    list.forEach((name, i) => {
      if (typeof name !== 'string' || name === '') problems.push(`${key}.${kind}[${i}]: must be a non-empty name, got ${show(name)}`);
      else if (lists[kind].has(name)) problems.push(`${key}.${kind}: ${name} is listed twice — list it once`);
      else {
        lists[kind].add(name);
        claim(name, kind);
      }
    });
  }
  return { declared: { vars, ...lists }, problems };
}

function allNames(d: Declared): Set<string> {
  return new Set([...d.vars, ...d.mutexes, ...d.rwlocks, ...d.conds]);
}

function mergeDeclared(a: Declared, b: Declared): Declared {
  return { vars: new Set([...a.vars, ...b.vars]), mutexes: new Set([...a.mutexes, ...b.mutexes]), rwlocks: new Set([...a.rwlocks, ...b.rwlocks]), conds: new Set([...a.conds, ...b.conds]) };
}

/** The programs of a strategy, setup first, with the problems of the outline of `setup` and `roles`. */
function programsOf(s: Record<string, unknown>): { programs: [string, unknown][]; problems: string[] } {
  const problems: string[] = [];
  const programs: [string, unknown][] = s.setup === undefined ? [] : [['setup', s.setup]];
  if (!isRecord(s.roles)) return { programs, problems: [`roles: must be an object with wait, kill and optionally poll (or a loop), got ${kindOf(s.roles)}`] };
  const all: readonly string[] = [...ROLES, ...PROCESS_ROLES];
  problems.push(...Object.keys(s.roles).filter((r) => !all.includes(r)).map((r) => `roles: unknown role ${show(r)} — the roles are ${all.join(', ')}`));
  // A process-wide loop may do all the work: then the per-child roles are optional.
  const loop = s.roles.loop !== undefined;
  for (const role of all) {
    if (s.roles[role] !== undefined) programs.push([role, s.roles[role]]);
    else if (!loop && role !== 'poll' && role !== 'loop') problems.push(`roles: missing role ${role} — every strategy needs a wait and a kill program (or a loop role that manages every child)`);
  }
  return { programs, problems };
}

function programProblems(role: string, raw: unknown, setup: unknown, declared: Declared): string[] {
  if (!Array.isArray(raw)) return [`role ${role}: the program must be an array of instructions, got ${kindOf(raw)}`];
  if (raw.length === 0) {
    return [`role ${role}: the program is empty — ${role === 'setup' ? 'give setup instructions or leave it out' : 'a role must end with a return'}`];
  }
  // The loop belongs to no child: it does not start with a child's setup registers.
  const regs = { ...registerScope(role, raw, Array.isArray(setup) && role !== 'loop' ? setup : []), sharedNames: allNames(declared) };
  const ctx = { role, length: raw.length, declared, regs };
  const slots: (Instr | undefined)[] = [];
  const out: string[] = [];
  raw.forEach((ins, pc) => {
    const checked = checkInstr(ins, pc, ctx);
    out.push(...checked.problems);
    slots.push(checked.instr);
  });
  return [...out, ...flowProblems(slots, role)];
}

/**
 * Every problem with `value` as a strategy, in the order of the document (outline, shared, setup,
 * wait, kill, poll); empty when it is valid. Each problem is one line saying where it is (`role
 * kill, instruction 3 (unlock): ...`), what is wrong and, when it is obvious, how to fix it.
 */
export function strategyProblems(value: unknown): string[] {
  if (!isRecord(value)) return [`a strategy must be an object with name, description, shared and roles, got ${kindOf(value)}`];
  const perChild = sharedDecl(value.shared);
  const proc = value.process === undefined ? null : sharedDecl(value.process, 'process');
  const declared = proc ? mergeDeclared(perChild.declared, proc.declared) : perChild.declared;
  const { programs, problems: outline } = programsOf(value);
  const clashes = proc ? [...allNames(perChild.declared)].filter((n) => allNames(proc.declared).has(n)).map((n) => `process: ${n} is declared both in shared (one per child) and in process (one for the process) — give each its own name`) : [];
  const out = [...unknownKeys(value, TOP_KEYS, 'strategy'), ...headerProblems(value), ...labelsProblems(value.labels), ...perChild.problems, ...(proc?.problems ?? []), ...clashes, ...outline];
  if (value.setup !== undefined && !Array.isArray(value.setup)) out.push(`setup: must be an array of instructions, got ${kindOf(value.setup)}`);
  for (const [role, raw] of programs) if (role !== 'setup' || Array.isArray(raw)) out.push(...programProblems(role, raw, value.setup, declared));
  // Which memory a thread may name depends on whether it belongs to a child (process-wide rules).
  if (out.length === 0) out.push(...processProblems(value as unknown as Strategy));
  // Kinds are inferred from the whole strategy: only trustworthy once everything else is right.
  if (out.length === 0) out.push(...kindProblems(value as unknown as Strategy));
  // So are the returns of none, found by following every path of a program.
  if (out.length === 0) out.push(...noneReturnProblems(value as unknown as Strategy));
  // One mistake read twice (a register in both the value and the condition of a return) is one problem.
  return [...new Set(out)];
}

/**
 * As strategyProblems, each problem naming the strategy and, when it was written with the builder,
 * the label its instruction sits at or after: `strategy x, role wait, instruction 5 (unlock; label
 * retry + 2): …`. One line per problem.
 */
export function describedProblems(value: unknown): string[] {
  const problems = strategyProblems(value);
  if (!isRecord(value)) return problems;
  return problems.map((p) => describeProblem(p, value.name, value.labels));
}

/**
 * Check that `value` is a well-formed strategy and return it typed; throw an InputError otherwise,
 * whose one-line message is `origin: problem; problem; …` — every problem (describedProblems).
 * `origin` names where the value came from (a file path).
 */
export function validateStrategy(value: unknown, origin: string): Strategy {
  const problems = describedProblems(value);
  if (problems.length > 0) throw inputError(origin, problems);
  return value as Strategy;
}
