/**
 * Exhaustive verdicts on worker threads: `checkExhaustive` (../exhaustive.ts) with its search run
 * by `parallelSearch` (search.ts). Same verdicts, same counterexamples (the same schedules, not
 * just the same lengths), same state and transition counts as the single-threaded engine.
 */
import type { Instance } from '../../model/instance.ts';
import type { InvariantName } from '../invariants.ts';
import type { CellVerdict } from '../verdict.ts';
import type { Found } from '../bfs.ts';
import type { ExhaustiveOptions } from '../exhaustive.ts';
import { depthClaim, exhaustiveVerdict } from '../exhaustive.ts';
import { parallelSearch } from './search.ts';
import { defaultWorkers } from './pool.ts';

export interface ParallelExhaustiveOptions extends ExhaustiveOptions {
  /** Worker threads (default: the number of cores). 1 runs bfs.ts's search in one worker thread (parallel/search.ts `searchAlone`). */
  readonly workers?: number;
}

/** The exhaustive verdict of `inst`, searched on `workers` threads; equal to `checkExhaustive(inst, opts)` but for `seconds`. */
export async function checkExhaustiveParallel(inst: Instance, opts: ParallelExhaustiveOptions = {}): Promise<CellVerdict> {
  const t0 = performance.now();
  const workers = opts.workers ?? defaultWorkers();
  const base = { workers, checkWellFormed: opts.checkWellFormed, onProgress: opts.onProgress, maxStates: opts.maxStates, symmetry: opts.symmetry, limits: opts.limits };
  const r = await parallelSearch(inst, { ...base, por: opts.por });
  const found = new Map<InvariantName, Found>(r.found);
  if (opts.por && (opts.shortest ?? true) && found.size > 0) {
    // As checkExhaustive: the unreduced search, stopping once it has them all, finds the shortest counterexamples.
    const again = await parallelSearch(inst, { ...base, only: [...found.keys()] });
    for (const [name, f] of again.found) found.set(name, f);
  }
  return exhaustiveVerdict(inst, depthClaim(r, opts), found, t0);
}
