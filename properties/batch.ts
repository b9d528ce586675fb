/**
 * States expanded together, in two passes (bfs.ts, parallel/level-worker.ts). The fingerprint
 * table is far larger than the processor's caches, and a look-up that waited for memory cost a
 * tenth of the search when each state's successors were looked up as they were made. The first
 * pass makes a batch's successors and their fingerprints, then touches their slots at once, so
 * those waits overlap; the second pass judges, looks up and keeps the successors state by state,
 * in the order one pass did. Which states are found, and in which order, is unchanged: the first
 * pass does nothing seen outside (no state is counted, judged or kept).
 */
export const BATCH = 32;
/** What the first pass found a batch's state to be: expanded, an end state, or at the depth bound. */
export const EXPANDED = 0;
export const END = 1;
export const TRUNCATED = 2;
