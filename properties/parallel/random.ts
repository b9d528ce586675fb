/**
 * The random engine on worker threads. The unit of parallel work is one invariant's whole search
 * (random.ts's `searchInvariant`: fast-check with seeds seed, seed + 1, … while budget and attempts
 * last), handed to the next free worker. Each invariant's search is deterministic and independent
 * of the others, so the result is exactly `checkRandom`'s with the same options, for any number of
 * workers (`seconds` aside).
 *
 * Why not one seed per worker: an invariant that holds uses a single seed (its first `fc.check`
 * spends the whole budget), and a failing one's next seed gets only the budget the previous ones
 * left, so splitting seeds across workers either changes the result or runs work the sequential
 * engine would not. With fewer applicable invariants than workers, the extra workers stay idle.
 */
import type { Instance } from '../../model/instance.ts';
import type { InvariantName } from '../invariants.ts';
import { INVARIANTS, INVARIANT_NAMES, invariantApplies } from '../invariants.ts';
import type { CellVerdict, InvariantVerdict } from '../verdict.ts';
import type { RandomFound, RandomOptions, RandomProvenance } from '../random.ts';
import { randomVerdict } from '../random.ts';
import { replaySteps } from '../exhaustive.ts';
import { defaultWorkers, searchPool } from './pool.ts';

export interface ParallelRandomOptions extends RandomOptions {
  /** Worker threads (default: the number of cores). */
  readonly workers?: number;
}

/** `checkRandom(inst, opts)` with invariants searched in parallel: the same verdicts, counterexamples, provenance and schedule count. */
export async function checkRandomParallel(inst: Instance, opts: ParallelRandomOptions): Promise<CellVerdict & { provenance: Partial<Record<InvariantName, RandomProvenance>> }> {
  const t0 = performance.now();
  const pool = searchPool(opts.workers ?? defaultWorkers());
  const { onProgress, workers: _w, ...wire } = opts;
  const instance = { strategy: inst.strategy, scenario: inst.scenario, scope: inst.scope };
  const names = INVARIANT_NAMES.filter((n) => invariantApplies(INVARIANTS.find((i) => i.name === n)!, inst));
  const results = new Map<InvariantName, { schedules: number; found: RandomFound | null; interrupted: boolean }>();
  let nextJob = 0;
  // One loop per worker, each taking the next invariant in catalogue order when it is free.
  await Promise.all(
    Array.from({ length: pool.size }, async (_, i) => {
      while (nextJob < names.length) {
        const name = names[nextJob++]!;
        onProgress?.(name);
        results.set(name, await pool.call(i, { type: 'random', instance, invariant: name, opts: wire }));
      }
    }),
  );
  const invariants = {} as Record<InvariantName, InvariantVerdict>;
  const provenance: Partial<Record<InvariantName, RandomProvenance>> = {};
  let schedules = 0;
  for (const name of INVARIANT_NAMES) {
    const r = results.get(name);
    if (!r) {
      invariants[name] = { status: 'n/a' };
      continue;
    }
    schedules += r.schedules;
    if (!r.found) {
      invariants[name] = { status: r.interrupted ? 'incomplete' : 'holds' };
      continue;
    }
    const v = r.found.run.violation!;
    const { trace, final } = replaySteps(inst, v.steps);
    invariants[name] = { status: 'violated', counterexample: { invariant: name, message: v.message, steps: trace, final, ...(v.blocked ? { blocked: v.blocked } : {}) } };
    provenance[name] = r.found.provenance;
  }
  return randomVerdict(inst, opts, invariants, provenance, schedules, t0);
}
