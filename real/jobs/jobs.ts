/**
 * The jobs a sandbox runs: batches of replays (one session, workers reused), conformance runs,
 * the leak check and the benchmark. A job is plain JSON (strategies are data), so it can cross
 * the launcher's pipe.
 */
import { readFileSync } from 'node:fs';
import { createInstance } from '../../model/instance.ts';
import { RealSession } from '../replay/session.ts';
import { replayOnLinux } from '../replay/replay.ts';
import type { RealReport } from '../replay/report.ts';
import { resourceCounts, type ResourceCounts } from '../os/resources.ts';
import { replayItem, type ReplayItem, type ReplayItemResult } from './replay-item.ts';

export type { ReplayItem, ReplayItemResult } from './replay-item.ts';

export type SandboxJob =
  | { readonly kind: 'replay'; readonly items: readonly ReplayItem[] }
  | { readonly kind: 'leak'; readonly items: readonly ReplayItem[]; readonly runs: number }
  | { readonly kind: 'hostile'; readonly items: readonly ReplayItem[] }
  | { readonly kind: 'conform'; readonly args: import('./conform.ts').ConformArgs }
  | { readonly kind: 'bench'; readonly item: ReplayItem; readonly seconds: number }
  | { readonly kind: 'maker'; readonly item: ReplayItem }
  | { readonly kind: 'node-exit-handler'; readonly args: import('./node-exit-handler.ts').NodeExitHandlerArgs }
  | { readonly kind: 'run'; readonly args: import('./run-program.ts').RunProgramArgs; readonly expect?: readonly string[] }
  | { readonly kind: 'probe' };

export async function runJob(job: SandboxJob): Promise<unknown> {
  if (job.kind === 'probe') return { pid: process.pid, ...resourceCounts() };
  if (job.kind === 'conform') return (await import('./conform.ts')).conformInSandbox(job.args);
  if (job.kind === 'run') return (await import('./run-program.ts')).runProgramInSandbox(job.args, job.expect ?? []);
  if (job.kind === 'node-exit-handler') return (await import('./node-exit-handler.ts')).nodeExitHandlerInSandbox(job.args);
  if (job.kind === 'bench') return (await import('./bench-job.ts')).benchInSandbox(job.item, job.seconds);
  // Workers for the most strategy threads any item needs (3 in the catalogue's scenarios; more with several children or killers).
  const items: readonly ReplayItem[] = job.kind === 'maker' ? [job.item] : job.items;
  const strategyThreads = Math.max(3, ...items.map((it) => createInstance(it.strategy, it.scenario, it.scope).threads.length));
  const session = await RealSession.open({ strategyThreads });
  try {
    if (job.kind === 'leak') return await leak(session, job.items, job.runs);
    if (job.kind === 'hostile') return await hostile(session, job.items);
    if (job.kind === 'maker') return (await import('./maker-probe.ts')).probeMaker(session, createInstance(job.item.strategy, job.item.scenario, job.item.scope));
    const out: ReplayItemResult[] = [];
    for (const item of job.items) out.push(await replayItem(session, item));
    return out;
  } finally {
    await session.close();
  }
}

/** What a batch of replays left behind: resources before and after, and the first report of each item. */
export interface LeakResult {
  readonly before: ResourceCounts;
  readonly after: ResourceCounts;
  readonly runs: number;
  readonly reproduced: number;
  readonly firsts: RealReport[];
  readonly broken: string | null;
}

/** Resources before and after `runs` replays (round robin over `items`) in one session. */
async function leak(session: RealSession, items: readonly ReplayItem[], runs: number): Promise<LeakResult> {
  const insts = items.map((it) => createInstance(it.strategy, it.scenario, it.scope));
  const before = resourceCounts();
  let reproduced = 0;
  const firsts: RealReport[] = [];
  for (let i = 0; i < runs; i++) {
    const k = i % items.length;
    const it = items[k]!;
    const r = await replayOnLinux(insts[k]!, it.steps, { session, invariant: it.invariant ?? null, ...(it.blockMs ? { blockMs: it.blockMs, settleMs: it.blockMs } : {}) });
    if (r.reproduced) reproduced++;
    if (i < items.length) firsts.push(r);
  }
  session.maker.drain(); // the last victim's reap may still be on its way
  return { before, after: resourceCounts(), runs, reproduced, firsts, broken: session.broken };
}

/** Hostile traces: each must be refused, with nothing created and ns_last_pid untouched. */
async function hostile(session: RealSession, items: readonly ReplayItem[]): Promise<{ refusals: string[]; before: ResourceCounts; after: ResourceCounts; nsLastPid: [string, string] }> {
  const before = resourceCounts();
  const ns0 = readFileSync('/proc/sys/kernel/ns_last_pid', 'utf8').trim();
  const refusals: string[] = [];
  for (const it of items) {
    try {
      const r = await replayOnLinux(createInstance(it.strategy, it.scenario, it.scope), it.steps, { session });
      refusals.push(`NOT REFUSED: ${r.message}`);
    } catch (e) {
      refusals.push(e instanceof Error ? e.message : String(e));
    }
  }
  return { refusals, before, after: resourceCounts(), nsLastPid: [ns0, readFileSync('/proc/sys/kernel/ns_last_pid', 'utf8').trim()] };
}
