/**
 * Parallel search on worker threads: the exhaustive engine level by level over one visited table
 * in shared memory (search.ts, level-worker.ts, shared-table.ts) and the random engine split by
 * invariant (random.ts). Both give
 * the single-threaded engines' results exactly; only `seconds` differs.
 */
export { checkExhaustiveParallel } from './exhaustive.ts';
export type { ParallelExhaustiveOptions } from './exhaustive.ts';
export { checkRandomParallel } from './random.ts';
export type { ParallelRandomOptions } from './random.ts';
export { parallelSearch } from './search.ts';
export type { ParallelSearchOptions } from './search.ts';
export { closeSearchPools, defaultWorkers } from './pool.ts';
