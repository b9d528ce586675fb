/**
 * The world after each step of a trace, as plain JSON for the step-through view: the trace is
 * replayed through the model (model/transitions.ts `applyStep` from `initialWorld`) when the report
 * is made, and each world is described in the words of the page — threads, locks and variables,
 * the process table, fds and pidfds, ghost facts — so the page's script only renders.
 */
import { createInstance } from '../../model/instance.ts';
import type { Instance } from '../../model/instance.ts';
import { applyStep, enabledSteps, initialWorld } from '../../model/transitions.ts';
import type { World } from '../../model/world.ts';
import { formatValue } from '../../model/values.ts';
import type { TraceFile } from '../../properties/trace.ts';
import { blockedThreads } from '../../properties/blocked.ts';
import { instrText } from './instr-text.ts';

export interface ThreadView {
  readonly name: string;
  readonly pc: number;
  /** The instruction at pc, in pseudo-code ("end" once returned). */
  readonly next: string;
  /** "can run", "blocked: incarnation 1 to exit (blocked in waitid)", "returned error(ECHILD)". */
  readonly state: string;
  readonly kind: 'runnable' | 'blocked' | 'returned';
  /** Registers that hold something (a none register matters to nobody). */
  readonly regs: readonly (readonly [string, string])[];
}

export interface ProcView {
  readonly pid: number;
  readonly inc: number;
  readonly state: 'running' | 'zombie' | 'reaped';
  /** "ours" (our process's child) or "another process's". */
  readonly parent: string;
  readonly role: string;
  readonly status: string;
}

export interface WorldView {
  /** 0 is the world before the first step. */
  readonly step: number;
  readonly threads: readonly ThreadView[];
  readonly locks: readonly (readonly [string, string])[];
  readonly vars: readonly (readonly [string, string])[];
  readonly procs: readonly ProcView[];
  /** Pid numbers of the scope no live or zombie process holds. */
  readonly freePids: readonly number[];
  readonly fds: readonly (readonly [number, string])[];
  /** What only the invariants see: this step's ghost facts, then the adversaries' counters. */
  readonly ghost: readonly string[];
}

/** Names of per-child memory: `status`, or `c2.status` when there are several children. */
function memoryNames(inst: Instance, names: readonly string[], processNames: Iterable<string>): string[] {
  const perChild = Array.from({ length: inst.children }, (_, c) => names.map((n) => (inst.children > 1 ? `c${c + 1}.${n}` : n))).flat();
  return [...perChild, ...processNames];
}

function viewOf(inst: Instance, w: World, step: number, notes: readonly string[]): WorldView {
  const regNames = [...inst.regIndex.keys()];
  const runnable = new Set(enabledSteps(inst, w).flatMap((s) => (s.kind === 'thread' ? [s.thread] : [])));
  const waits = new Map(blockedThreads(inst, w).map((b) => [b.thread, b.waitsFor]));
  const threads = w.threads.map((th, t): ThreadView => {
    const spec = inst.threads[t]!;
    const kind = th.result ? 'returned' : runnable.has(t) ? 'runnable' : 'blocked';
    const state = th.result ? `returned ${formatValue(th.result)}` : kind === 'runnable' ? (th.block ? `can wake (${th.block.kind})` : 'can run') : `waits for ${waits.get(spec.name) ?? 'nothing it can get'}`;
    const regs = th.regs.flatMap((v, i) => (v === null || v === undefined ? [] : [[regNames[i] ?? `r${i}`, formatValue(v)] as const]));
    return { name: spec.name, pc: th.pc, next: th.result ? 'end' : instrText(spec.program[th.pc]), state, kind, regs };
  });
  const lockNames = memoryNames(inst, inst.lockNames, inst.processLocks.keys());
  const locks = w.owners.map((o, i): readonly [string, string] => {
    const readers = w.readers[i] ?? [];
    const holder = o !== -1 ? `held by ${inst.threads[o]?.name ?? o}` : readers.length > 0 ? `read-held by ${readers.map((r) => inst.threads[r]?.name ?? r).join(', ')}` : 'free';
    return [lockNames[i] ?? `lock ${i}`, holder];
  });
  const varNames = memoryNames(inst, inst.varNames, inst.processVars.keys());
  const vars = w.vars.map((v, i): readonly [string, string] => [varNames[i] ?? `var ${i}`, formatValue(v)]);
  const procs = w.procs.map((p): ProcView => ({ pid: p.pid, inc: p.inc, state: p.state, parent: p.parent === 'self' ? 'ours' : "another process's", role: p.role, status: p.status ? formatValue(p.status) : '' }));
  const held = new Set(w.procs.filter((p) => p.state !== 'reaped').map((p) => p.pid));
  const fds = w.fds.flatMap((f, i): (readonly [number, string])[] =>
    f === null ? [] : [[i + 3, `${f.kind === 'pidfd' ? `pidfd → incarnation ${f.inc}` : 'a plain file'}${f.byChurner ? ' (opened by the churner)' : ''}`]],
  );
  const fr = w.foreignReaper;
  const ghost = [
    ...notes,
    `spawns ${w.spawnsUsed}, reaps ${w.reapsUsed}, churns ${w.churnsUsed} of the scope's ${inst.scope.spawns}, ${inst.scope.reaps}, ${inst.scope.churns}`,
    ...(inst.scenario.foreignReaper ? [`foreign reaper: ${fr.phase === 'blocked' ? `blocked on incarnation ${fr.inc}` : fr.phase}`] : []),
    ...(w.sigchldIgnored ? ['SIGCHLD is ignored: children are reaped by the kernel as they exit (K13)'] : []),
  ];
  return { step, threads, locks, vars, procs, freePids: inst.pids.filter((p) => !held.has(p)), fds, ghost };
}

/** The world before the first step and after each step of `t` (length: steps + 1). */
export function worldViews(t: TraceFile): WorldView[] {
  const inst = createInstance(t.strategy, t.scenario, t.scope);
  let w = initialWorld(inst);
  const views = [viewOf(inst, w, 0, [])];
  t.steps.forEach((s, i) => {
    w = applyStep(inst, w, s.step).after;
    views.push(viewOf(inst, w, i + 1, s.notes));
  });
  return views;
}
