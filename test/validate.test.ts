/**
 * The validators of user input (model-spec §5): every catalogue strategy and scenario passes, and
 * each kind of mistake, made by breaking one thing in a catalogue strategy, gets its own one-line
 * message naming the role and the instruction.
 */
import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { CATALOGUE, findStrategy } from '../catalogue/index.ts';
import { SCENARIOS } from '../model/scenario.ts';
import { DEFAULT_SCOPE } from '../model/scope.ts';
import { InputError } from '../model/errors.ts';
import { strategyProblems, validateStrategy } from '../model/strategy/validate.ts';
import { scenarioProblems, scopeProblems, validateScenario, validateScope } from '../model/strategy/validate-scenario.ts';

// Strategies as parsed JSON: the tests break them the way a hand-written file would be broken.
type Json = any;
const fixture = (name: string): Json => JSON.parse(readFileSync(new URL(`fixtures/strategies/${name}`, import.meta.url), 'utf8'));
const copy = (name: string): Json => JSON.parse(JSON.stringify(findStrategy(name)));
const broken = (name: string, breakIt: (s: Json) => void): Json => {
  const s = copy(name);
  breakIt(s);
  return s;
};
const CHILD = { child: true };
const SIGNALED = { lit: { kind: 'signaled', signal: 9 } };

describe('valid strategies', () => {
  it.each(CATALOGUE.map((s) => [s.name, s] as const))('catalogue %s validates and survives a JSON round trip', (_, s) => {
    const json = JSON.parse(JSON.stringify(s));
    expect(strategyProblems(json)).toEqual([]);
    expect(validateStrategy(json, 'x.json')).toEqual(s);
  });

  it('accepts a hand-written JSON strategy with an atomic block, a cond and every kind of value', () => {
    const s = fixture('event-loop-atomic.json');
    s.shared.vars = {
      ...s.shared.vars,
      a: 3, b: true, c: 'ECHILD', d: { kind: 'exited', code: 3 }, e: { kind: 'running' }, f: { kind: 'already-exited' },
      g: { kind: 'error', errno: 'ESRCH' }, h: { kind: 'call', ret: 101, err: null, pid: 101, status: { kind: 'signaled', signal: 9 } },
    };
    expect(strategyProblems(s)).toEqual([]);
  });

  it('accepts waitpid(-1), a setup that writes a register the roles read, and a return with orElse', () => {
    expect(strategyProblems(broken('naive', (s) => (s.roles.wait[0].pid = { lit: -1 })))).toEqual([]);
    expect(strategyProblems(broken('pidfd', (s) => (s.roles.wait[2] = { op: 'return', value: { reg: 'fd' }, orElse: { lit: { kind: 'running' } } })))).toEqual([]);
  });
});

/** [what is broken, catalogue strategy, how, the exact problem expected among those reported]. */
const MISTAKES: [string, string, (s: Json) => void, string][] = [
  // model-spec §5's four: unknown registers or variables, jumps out of range, unlock without lock, blocking in atomic
  ['undefined register', 'naive', (s) => (s.roles.wait[2].value = { reg: 'rr', field: 'status' }),
    'role wait, instruction 2 (return): undefined register rr — no instruction of role wait or setup writes it; write it with into/set first'],
  ['register written only by another role', 'duct-1.0', (s) => (s.roles.kill[2].if = { set: { reg: 'wt' } }),
    'role kill, instruction 2 (jump): undefined register wt — no instruction of role kill or setup writes it; write it with into/set first'],
  ['register read in setup before any write', 'pidfd', (s) => (s.setup[1].value = { reg: 'pfd', field: 'ret' }),
    'role setup, instruction 1 (set): undefined register pfd — no instruction of setup writes it; write it with into/set first'],
  ['unknown variable', 'mutex-child', (s) => (s.roles.wait[1].var = 'stat'), 'role wait, instruction 1 (read): unknown variable stat — declare it in shared.vars (or process.vars)'],
  ['jump out of range', 'cpython-3.8', (s) => (s.roles.wait[15].to = 16),
    'role wait, instruction 15 (jump): jump out of range: to 16, but role wait has instructions 0..15 — jump to one of them'],
  ['negative jump', 'cpython-3.8', (s) => (s.roles.kill[1].to = -1), 'role kill, instruction 1 (jump): jump out of range: to -1, but role kill has instructions 0..5 — jump to one of them'],
  ['unlock without lock', 'mutex-child', (s) => (s.roles.kill[0] = { op: 'read', var: 'status', into: 'st' }),
    'role kill, instruction 3 (unlock): unlock of m, which this role never takes — add a lock m before it or remove the unlock'],
  ['blocking call in atomic', 'naive', (s) => s.roles.wait.unshift({ op: 'atomic', len: 1 }),
    'role wait, instruction 1 (waitpid): blocking call in atomic: waitpid without WNOHANG may block, and the atomic block at instruction 0 runs as one step — move it out of the block'],
  ['lock in atomic', 'mutex-child', (s) => (s.roles.kill = [{ op: 'atomic', len: 2 }, ...s.roles.kill]),
    'role kill, instruction 1 (lock): blocking call in atomic: lock m may block, and the atomic block at instruction 0 runs as one step — move it out of the block'],
  // atomic blocks
  ['atomic past the end', 'naive', (s) => s.roles.kill.splice(1, 0, { op: 'atomic', len: 5 }),
    'role kill, instruction 1 (atomic): atomic block runs past the end of the program (len 5 covers up to instruction 6, the last is 3) — shorten len'],
  ['nested atomic', 'naive', (s) => s.roles.kill.unshift({ op: 'atomic', len: 2 }, { op: 'atomic', len: 1 }),
    'role kill, instruction 1 (atomic): nested atomic inside the atomic block at instruction 0 — atomic blocks cannot be nested; merge them'],
  ['jump into an atomic body', 'naive', (s) => s.roles.kill.unshift({ op: 'jump', to: 3 }, { op: 'atomic', len: 2 }),
    'role kill, instruction 0 (jump): jump to 3 enters the atomic block at instruction 1 in its middle — jump to the atomic instruction 1 itself'],
  ['jump out of an atomic body', 'naive', (s) => s.roles.kill.unshift({ op: 'atomic', len: 2 }, { op: 'jump', to: 4, if: { set: { lit: true } } }),
    'role kill, instruction 1 (jump): jump to 4 leaves the atomic block at instruction 0 from its middle — stay in 1..2 or go to 3, the first instruction after it'],
  // locks and conds
  ['cond_wait without its mutex', 'mutex-child', (s) => ((s.shared.conds = ['cv']), (s.roles.kill[0] = { op: 'cond_wait', cond: 'cv', mutex: 'm' })),
    'role kill, instruction 0 (cond_wait): cond_wait releases m, which this role never takes — lock m before the cond_wait'],
  ['undeclared cond', 'duct-1.0', (s) => (s.roles.wait[3].cond = 'c'), 'role wait, instruction 3 (cond_wait): unknown cond c — declare it in shared.conds'],
  ['rlock of a mutex', 'mutex-child', (s) => (s.roles.kill[0].op = 'rlock'),
    'role kill, instruction 0 (rlock): rlock needs a rwlock, but m is a mutex — declare a rwlock in shared.rwlocks or use lock/unlock'],
  ['runlock without rlock', 'mutex-child', (s) => ((s.shared.rwlocks = ['rw']), s.roles.kill.splice(6, 0, { op: 'runlock', lock: 'rw' })),
    'role kill, instruction 6 (runlock): runlock of rw, which this role never takes shared — add an rlock rw before it or remove the runlock'],
  ['unknown lock', 'mutex-child', (s) => (s.roles.wait[0].lock = 'mm'), 'role wait, instruction 0 (lock): unknown lock mm — declare it in shared.mutexes or shared.rwlocks'],
  // ends of programs, setup
  ['a role that runs off its end', 'naive', (s) => s.roles.wait.pop(),
    'role wait, instruction 1 (return): the program can run past its end — end it with an unconditional return or jump (or block_forever)'],
  ['an empty role', 'naive', (s) => (s.roles.kill = []), 'role kill: the program is empty — a role must end with a return'],
  ['a blocking setup', 'pidfd', (s) => s.setup.push({ op: 'waitpid', pid: CHILD, flags: [], into: 'x' }),
    'role setup, instruction 2 (waitpid): setup may not block: waitpid without WNOHANG may block, and no other thread runs yet to end it — add WNOHANG or move it into a role'],
  ['a setup that returns', 'pidfd', (s) => s.setup.push({ op: 'return', value: SIGNALED }),
    'role setup, instruction 2 (return): setup may not return: it runs to its end and hands its registers to every role — remove the return'],
  ['a setup with atomic', 'pidfd', (s) => s.setup.unshift({ op: 'atomic', len: 1 }),
    'role setup, instruction 0 (atomic): setup may not contain atomic: it runs alone, so it is one step already — remove the atomic'],
  ['a setup that takes a lock', 'pidfd', (s) => ((s.shared.mutexes = ['m']), s.setup.push({ op: 'trylock', lock: 'm', into: 'g' })),
    'role setup, instruction 2 (trylock): setup may not take locks: nothing runs beside it, and a lock it holds at its end would belong to no thread — remove the trylock'],
  // syscalls
  ['pidfd_open(0)', 'pidfd', (s) => (s.setup[0].pid = { lit: 0 }), 'role setup, instruction 0 (pidfd_open): pidfd_open(0) always fails with EINVAL — open CHILD or pidOf(i)'],
  ['kill of a process group', 'naive', (s) => (s.roles.kill[0].pid = { lit: 0 }),
    'role kill, instruction 0 (kill): kill of pid 0 means our whole process group: process groups are not modelled, and the real replayer must never signal them — kill CHILD or pidOf(i)'],
  ['kill(-1)', 'naive', (s) => (s.roles.kill[0].pid = { lit: -1 }), 'role kill, instruction 0 (kill): kill of pid -1 means every process we may signal: process groups are not modelled, and the real replayer must never signal them — kill CHILD or pidOf(i)'],
  ['waitpid(0)', 'naive', (s) => (s.roles.wait[0].pid = { lit: 0 }),
    'role wait, instruction 0 (waitpid): waitpid(0) waits for a process group, which the model does not have — wait for CHILD, pidOf(i), or -1 (any child)'],
  ['waitpid with WNOWAIT', 'naive', (s) => (s.roles.wait[0].flags = ['WNOWAIT']),
    'role wait, instruction 0 (waitpid): waitpid takes only WNOHANG: WNOWAIT is a waitid flag (the real waitpid fails with EINVAL) — use waitid, or drop it'],
  ['waitid without WEXITED', 'pidfd', (s) => (s.roles.wait[0].flags = []),
    'role wait, instruction 0 (waitid): waitid needs WEXITED in its flags (without it the real waitid fails with EINVAL) — add it'],
  ['an unknown wait flag', 'naive', (s) => (s.roles.wait[0].flags = ['WUNTRACED']), 'role wait, instruction 0 (waitpid): "WUNTRACED" is not a wait flag — use WNOHANG, WNOWAIT, WEXITED'],
  ['a bad idtype', 'pidfd', (s) => (s.roles.wait[0].idtype = 'P_PGID'), 'role wait, instruction 0 (waitid): idtype must be "P_PID" or "P_PIDFD", got "P_PGID"'],
  ['a signal by name', 'naive', (s) => (s.roles.kill[0].sig = 'SIGKILL'),
    'role kill, instruction 0 (kill): sig must be a signal number 0..64 (SIGKILL is 9, 0 only tests existence), got "SIGKILL"'],
  ['a status used as a pid', 'naive', (s) => (s.roles.kill[0].pid = { reg: 'r', field: 'status' }),
    'role kill, instruction 0 (kill): the pid of kill must be a number, but r.status never holds one — use r.ret or r.pid'],
  // instructions, operands, conditions
  ['an unknown op', 'naive', (s) => (s.roles.wait[0].op = 'wait4'), 'role wait, instruction 0: unknown op "wait4" — the ops are jump, set, return, read, write, cas, add, lock, trylock, unlock, rlock, runlock, cond_wait, notify_all, notify_one, waitpid, waitid, kill, pidfd_open, pidfd_send_signal, poll, close, atomic, block_forever'],
  ['an op named like an Object method', 'naive', (s) => (s.roles.wait[0].op = 'constructor'), 'role wait, instruction 0: unknown op "constructor" — the ops are jump, set, return, read, write, cas, add, lock, trylock, unlock, rlock, runlock, cond_wait, notify_all, notify_one, waitpid, waitid, kill, pidfd_open, pidfd_send_signal, poll, close, atomic, block_forever'],
  ['an unknown field', 'naive', (s) => (s.roles.kill[0].signal = 9), 'role kill, instruction 0 (kill): unknown field "signal" — kill takes pid, sig, into'],
  ['a missing field', 'naive', (s) => delete s.roles.kill[0].sig, 'role kill, instruction 0 (kill): missing field sig — kill takes pid, sig, into'],
  ['a misspelt errno', 'naive', (s) => (s.roles.kill[1].if.eq[1] = { lit: 'ESRHC' }),
    'role kill, instruction 1 (return): if.eq[1]: "ESRHC" is not a value: the only strings are errno names (ECHILD, ESRCH, EBADF, EINVAL, EAGAIN)'],
  ['a result with an extra key', 'naive', (s) => (s.roles.kill[2].value = { lit: { kind: 'signaled', signal: 9, core: false } }),
    'role kill, instruction 2 (return): value: {"kind":"signaled","signal":9,"core":false} is not a value: a value of kind signaled is exactly {kind: "signaled", signal: a signal number 0..64}'],
  ['an operand mixing forms', 'naive', (s) => (s.roles.kill[0].pid = { child: true, lit: 101 }),
    'role kill, instruction 0 (kill): pid: {"child":true,"lit":101} mixes lit and child — expected {lit: value}, {reg: name, field?}, {child: true}, {error: operand}, {pidOf: operand}, {children: true} or {sum: [a, b]}'],
  ['an unknown register field', 'naive', (s) => (s.roles.wait[2].value.field = 'code'), 'role wait, instruction 2 (return): value: "code" is not a field of a syscall result — use one of ret, err, pid, status'],
  ['error() of a non-errno', 'naive', (s) => (s.roles.wait[1].value = { error: { lit: 'oops' } }),
    'role wait, instruction 1 (return): value: error(...) needs an errno name, got "oops"'],
  ['a return of a non-result', 'naive', (s) => (s.roles.kill[2].value = { lit: 9 }),
    'role kill, instruction 2 (return): the returned value must be a result (a status, running, already-exited or error(errno)), got 9'],
  ['a field of a plain register', 'cpython-3.8', (s) => (s.roles.poll[4].if = { set: { reg: 'got', field: 'ret' } }),
    'role poll, instruction 4 (jump): got.ret reads a syscall result, but got only ever holds none or a boolean — read got itself'],
  // kinds of value, inferred over the whole strategy
  ['a return of a register that never holds a result', 'pidfd', (s) => (s.roles.wait[2] = { op: 'return', value: { reg: 'fd' } }),
    'role wait, instruction 2 (return): the returned value only ever holds none or an integer, never a result (a status, running, already-exited or error)'],
  ['a pid read from a variable that never holds one', 'mutex-child', (s) => (s.roles.kill[5].pid = { reg: 'st' }),
    'role kill, instruction 5 (kill): the pid of kill must be a number, but it only ever holds none or a status'],
  ['an add to a variable that is never a number', 'mutex-child', (s) => s.roles.kill.splice(5, 0, { op: 'add', var: 'status', value: { lit: 1 } }),
    'role kill, instruction 5 (add): add needs a number, but status only ever holds none or a status'],
  ['a loop of sets and jumps', 'naive', (s) => s.roles.kill.unshift({ op: 'set', reg: 'x', value: { lit: 1 } }, { op: 'jump', to: 0 }),
    'role kill, instruction 0 (set): instructions 0, 1 only set registers and jump, so the thread loops forever without a visible step — add a way out'],
  ['a malformed condition', 'naive', (s) => (s.roles.kill[1].if = { eq: [{ reg: 'r', field: 'err' }] }), 'role kill, instruction 1 (return): if.eq: needs exactly two operands [a, b], got [{"reg":"r","field":"err"}]'],
  ['a condition that is not one', 'naive', (s) => (s.roles.kill[1].if = { is: { lit: true } }),
    'role kill, instruction 1 (return): if: "is" is not a condition — expected {eq|ne|lt|le|gt|ge: [a, b]}, {set: a}, {unset: a}, {and: [c, ...]}, {or: [c, ...]} or {not: c}'],
  ['an instruction that is not an object', 'naive', (s) => (s.roles.wait[0] = 'waitpid'), 'role wait, instruction 0: "waitpid" is not an instruction — an instruction is an object with an op'],
  // outline and shared declarations
  ['an unknown top-level key', 'naive', (s) => (s.role = {}), 'strategy: unknown key "role" — the keys are name, description, versions, sources, shared, process, setup, roles, labels'],
  ['a bad name', 'naive', (s) => (s.name = 'my strategy'), `name: must be a non-empty string of letters, digits, '.', '_' and '-' (it names files and traces), got "my strategy"`],
  ['a missing description', 'naive', (s) => delete s.description, 'description: must be a string, got nothing'],
  ['sources that are not strings', 'naive', (s) => (s.sources = [1]), 'sources: must be an array of strings, got [1]'],
  ['an unknown role', 'naive', (s) => (s.roles.killer = s.roles.kill), 'roles: unknown role "killer" — the roles are wait, kill, poll, loop'],
  ['a missing role', 'naive', (s) => delete s.roles.kill, 'roles: missing role kill — every strategy needs a wait and a kill program (or a loop role that manages every child)'],
  ['an unknown shared key', 'naive', (s) => (s.shared.locks = ['m']), 'shared: unknown key "locks" — the keys are vars, mutexes, rwlocks, conds'],
  ['a name of two kinds', 'mutex-child', (s) => (s.shared.conds = ['status']), 'shared: status is declared both in vars and in conds — give each its own name'],
  ['a name listed twice', 'mutex-child', (s) => s.shared.mutexes.push('m'), 'shared.mutexes: m is listed twice — list it once'],
  ['a variable holding a non-value', 'mutex-child', (s) => (s.shared.vars.status = 1.5), 'shared.vars.status: 1.5 is not a value: numbers must be integers'],
];

describe('each mistake gets its own message, naming role and instruction', () => {
  it.each(MISTAKES)('%s', (_, name, breakIt, expected) => {
    const problems = strategyProblems(broken(name, breakIt));
    expect(problems).toContain(expected);
    for (const p of problems) expect(p).not.toMatch(/[\r\n]/);
  });

  it('reports exactly the four mistakes of a hand-written file, in document order', () => {
    expect(strategyProblems(fixture('broken.json'))).toEqual([
      'role wait, instruction 1 (return): undefined register rr — no instruction of role wait or setup writes it; write it with into/set first',
      'role wait, instruction 2 (jump): jump out of range: to 7, but role wait has instructions 0..2 — jump to one of them',
      'role kill, instruction 1 (lock): blocking call in atomic: lock m may block, and the atomic block at instruction 0 runs as one step — move it out of the block',
      'role poll, instruction 0 (unlock): unlock of m, which this role never takes — add a lock m before it or remove the unlock',
    ]);
  });

  it('throws one InputError line: origin, then every problem, each naming the strategy', () => {
    expect(() => validateStrategy(fixture('broken.json'), 'broken.json')).toThrow(
      new InputError(
        'broken.json: strategy broken, role wait, instruction 1 (return): undefined register rr — no instruction of role wait or setup writes it; write it with into/set first; ' +
          'strategy broken, role wait, instruction 2 (jump): jump out of range: to 7, but role wait has instructions 0..2 — jump to one of them; ' +
          'strategy broken, role kill, instruction 1 (lock): blocking call in atomic: lock m may block, and the atomic block at instruction 0 runs as one step — move it out of the block; ' +
          'strategy broken, role poll, instruction 0 (unlock): unlock of m, which this role never takes — add a lock m before it or remove the unlock',
      ),
    );
    expect(() => validateStrategy(broken('naive', (s) => (s.name = 'a\nb')), 'f.json')).toThrow(/^f\.json: name: .* got "a\\nb"$/);
    expect(() => validateStrategy(broken('naive', (s) => ((s.name = ''), (s.description = 1))), 'f')).toThrow(/^f: name: .*; description: must be a string, got an integer$/);
    expect(() => validateStrategy(null, 'f')).toThrow('f: a strategy must be an object with name, description, shared and roles, got null');
  });

  it('never crashes, whatever the input: any JSON, or a catalogue strategy with any part replaced by any JSON', () => {
    /** Every [parent, key] of a JSON tree: the places a mutation can go. */
    const places = (v: Json, out: [Json, string][] = []): [Json, string][] => {
      if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) out.push([v, k], ...places(v[k]));
      return out;
    };
    const mutant = fc.tuple(fc.constantFrom(...CATALOGUE.map((s) => s.name)), fc.array(fc.tuple(fc.nat(), fc.jsonValue({ maxDepth: 3 })), { minLength: 1, maxLength: 3 }));
    const input = fc.oneof(
      fc.jsonValue(),
      mutant.map(([name, changes]) =>
        broken(name, (s) => {
          for (const [i, v] of changes) {
            const all = places(s);
            const [parent, key] = all[i % all.length]!;
            parent[key] = v;
          }
        }),
      ),
    );
    fc.assert(
      fc.property(input, (v) => {
        for (const p of strategyProblems(v)) expect(p).not.toMatch(/[\r\n]/);
      }),
      { seed: 20240601, numRuns: 2000 },
    );
  });
});

describe('scenarios and scopes', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('scenario %s validates', (_, s) => {
    expect(validateScenario(JSON.parse(JSON.stringify(s)), 'x')).toEqual(s);
  });

  const reuse = (change: (s: Json) => void): Json => {
    const s = JSON.parse(JSON.stringify(SCENARIOS[0]));
    change(s);
    return s;
  };
  it.each([
    ['no kill thread', reuse((s) => (s.threads = ['wait', 'wait'])), 'threads: no kill thread — a scenario needs at least one wait and one kill thread'],
    ['no threads', reuse((s) => (s.threads = [])), 'threads: must be a non-empty array of roles (wait, kill, poll), or [] with children for a process-wide scenario, got []'],
    ['an unknown role', reuse((s) => s.threads.push('killer')), 'threads[2]: "killer" is not a role — use wait, kill, poll'],
    ['a bad spawner', reuse((s) => (s.spawner = 'other')), 'spawner: must be one of none, unrelated, sibling, got "other"'],
    ['a string for a boolean', reuse((s) => (s.childExits = 'yes')), 'childExits: must be true or false, got "yes"'],
    ['a missing key', reuse((s) => delete s.fdChurner), 'fdChurner: must be true or false, got nothing'],
    ['an unknown key', reuse((s) => (s.adversaries = [])), 'scenario: unknown key "adversaries" — the keys are name, description, threads, spawner, childExits, foreignReaper, reaperAny, fdChurner, sigchldIgnored, children'],
  ])('rejects a scenario with %s', (_, s, expected) => {
    expect(scenarioProblems(s)).toContain(expected);
    expect(() => validateScenario(s, 'my.ts (export scenarios[0])')).toThrow(`my.ts (export scenarios[0]): ${scenarioProblems(s)[0]}`);
  });

  it('merges a partial scope over the defaults', () => {
    expect(validateScope({}, 'x')).toEqual(DEFAULT_SCOPE);
    expect(validateScope({ pidCount: 3, maxSteps: 50, spawns: undefined }, 'x')).toEqual({ ...DEFAULT_SCOPE, pidCount: 3, maxSteps: 50 });
    expect(validateScope({ pidBase: 2, pidCount: 16, spawns: 0, reaps: 8, churns: 8, maxFd: 64, maxSteps: 10_000 }, 'x').pidBase).toBe(2);
  });

  it.each([
    [{ pidBase: 1 }, 'pidBase: must be an integer from 2 to 4194304 (pid 1 is init, and pids stop at pid_max), got 1'],
    [{ pidCount: 17 }, 'pidCount: must be an integer from 1 to 16 (the managed child needs a pid; more than 16 only slows the search), got 17'],
    [{ pidCount: 0 }, 'pidCount: must be an integer from 1 to 16 (the managed child needs a pid; more than 16 only slows the search), got 0'],
    [{ spawns: 9 }, 'spawns: must be an integer from 0 to 8 (how many processes a spawner may start), got 9'],
    [{ reaps: 1.5 }, 'reaps: must be an integer from 0 to 8 (how many children a reaper may reap), got 1.5'],
    [{ churns: '2' }, 'churns: must be an integer from 0 to 8 (how many actions an fd churner may take), got "2"'],
    [{ maxFd: 2 }, 'maxFd: must be an integer from 3 to 64 (fds start at 3), got 2'],
    [{ maxSteps: 0 }, 'maxSteps: must be an integer from 1 to 10000 (the length of the longest schedule a search follows), got 0'],
    [{ pidBase: 4_194_304, pidCount: 2 }, 'pidBase: the pids 4194304..4194305 go past pid_max 4194304 — lower pidBase'],
    [{ pids: 2 }, 'scope: unknown key "pids" — the keys are pidBase, pidCount, spawns, reaps, churns, maxFd, maxSteps, children, killers, retries'],
    [[2], 'a scope must be an object with some of pidBase, pidCount, spawns, reaps, churns, maxFd, maxSteps, children, killers, retries, got an array'],
  ])('rejects the scope %j', (scope, expected) => {
    expect(scopeProblems(scope)).toEqual([expected]);
    expect(() => validateScope(scope, '--scope')).toThrow(new InputError(`--scope: ${expected}`));
  });
});
