/** The public surface of the properties: invariants, verdicts, the exhaustive search. */
export * from './invariants.ts';
export * from './verdict.ts';
export type { BlockedThread } from './blocked.ts';
export { blockedThreads } from './blocked.ts';
export { checkExhaustive, replaySteps, StateBudgetExceeded } from './exhaustive.ts';
export type { SearchOptions, SearchResult } from './bfs.ts';
export { search } from './bfs.ts';
export type { ExhaustiveOptions } from './exhaustive.ts';
export { wellFormedProblems, assertWellFormed } from './well-formed.ts';
