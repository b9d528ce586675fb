/**
 * Would the step memo (properties/step-memo.ts) pay in a reduced search? The memo answers a step
 * by its key — (thread, the thread's part, the head) or (environment, the head) — and runs the
 * interpreter only for a key met for the first time. Without reductions most keys come again
 * (duct-1.0 × pool, 2 children: 1.2 M keys over 10 M look-ups). This counts the same keys in the
 * search with symmetry and partial-order reduction, two ways:
 * - every actor of every expanded state (a memo that lists all enabled steps from its entries, as
 *   the unreduced search does): look-ups, distinct keys, and the steps those new keys make the
 *   interpreter run, against the steps the reduced search applies today (ample ones only);
 * - only the actors of the steps taken (a memo asked after the ample set is chosen).
 * It runs the reduced breadth-first search itself (the loop of bfs.ts without invariants: the same
 * states, in the same order), so the counts are of the real search's states.
 * Rerun: `npx tsx bench/memo-keys.ts [strategy=duct-1.0] [children=3] [maxStates=1000000]`
 */
import { findStrategy } from '../catalogue/index.ts';
import { findScenario } from '../model/scenario.ts';
import { DEFAULT_SCOPE, scaledScope } from '../model/scope.ts';
import { createInstance } from '../model/instance.ts';
import { enabledSteps, initialWorld } from '../model/transitions.ts';
import { symmetryOf, symmetryUsable } from '../model/symmetry.ts';
import { stateFingerprinter } from '../properties/state-fingerprint.ts';
import { WorldParts, HEAD } from '../properties/packed-frontier.ts';
import { FingerprintSet } from '../properties/fingerprint-set.ts';
import { BATCH, EXPANDED, SuccessorBatch } from '../properties/batch.ts';

const [strategy = 'duct-1.0', childrenArg = '3', maxArg = '1000000'] = process.argv.slice(2);
const maxStates = Number(maxArg);
const inst = createInstance(findStrategy(strategy)!, findScenario('pool')!, scaledScope(DEFAULT_SCOPE, { children: Number(childrenArg) }));
const init = initialWorld(inst);
const sym = symmetryUsable(inst) ? symmetryOf(inst, init) : null;
const fps = stateFingerprinter(sym);
const parts = new WorldParts(init.threads.length, fps.noteWords);
const T = parts.threadCount;
const stride = parts.stride;
const seen = new FingerprintSet();
const fp = new Uint32Array(2);
let level = parts.newLevel();
let next = parts.newLevel();
fps.of(init, fp);
parts.push(level, init, null, 0, fps.note, 0);
seen.add(fp[0]!, fp[1]!, 0);
const batch = new SuccessorBatch(inst, parts, fps, true, true);

/** Heads (a row's first HEAD words) by content, and the keys met so far: every actor's, and the taken steps' actors'. */
const heads = new Map<string, number>();
const allKeys = new Set<string>();
const takenKeys = new Set<string>();
let states = 1;
let expanded = 0;
let allLookups = 0;
let takenLookups = 0;
/** Steps the interpreter would run for keys met first (every actor), and the steps the search applies today. */
let newKeySteps = 0;
let appliedSteps = 0;
let depth = 0;
outer: while (level.count > 0) {
  next.clear();
  for (let b0 = 0; b0 < level.count; b0 += BATCH) {
    const b1 = Math.min(level.count, b0 + BATCH);
    batch.clear();
    for (let li = b0; li < b1; li++) batch.expand(li - b0, level, li, depth);
    for (let li = b0; li < b1; li++) {
      const j = li - b0;
      if (batch.kind[j] !== EXPANDED) continue;
      expanded++;
      const o = j * stride;
      const hk = Array.from(batch.rows.subarray(o, o + HEAD)).join(',');
      let h = heads.get(hk);
      if (h === undefined) heads.set(hk, (h = heads.size));
      const keyOf = (t: number): string => (t < T ? `${t},${batch.rows[o + HEAD + t]},${h}` : `env,${h}`);
      // Every actor: a key met first costs its actor's enabled steps.
      const steps = enabledSteps(inst, batch.worlds[j]!);
      for (let t = 0; t <= T; t++) {
        allLookups++;
        const k = keyOf(t);
        if (allKeys.has(k)) continue;
        allKeys.add(k);
        newKeySteps += steps.filter((s) => (t < T ? s.kind === 'thread' && s.thread === t : s.kind !== 'thread')).length;
      }
      // The actors of the steps taken (the ample set, or every step).
      const actors = new Set<number>();
      for (let x = batch.first[j]!; x < batch.first[j + 1]!; x++) {
        appliedSteps++;
        const s = batch.succ[x]!.step;
        actors.add(s.kind === 'thread' ? s.thread : T);
      }
      for (const t of actors) {
        takenLookups++;
        takenKeys.add(keyOf(t));
      }
      for (let x = batch.first[j]!; x < batch.first[j + 1]!; x++) {
        if (seen.add(batch.fps[2 * x]!, batch.fps[2 * x + 1]!, depth + 1) >= 0) continue;
        parts.push(next, batch.succ[x]!.after, batch.rows, o, batch.notes, x * fps.noteWords);
        if (++states >= maxStates) break outer;
      }
    }
  }
  [level, next] = [next, level];
  depth++;
}
const pct = (a: number, b: number): string => `${((100 * a) / b).toFixed(1)}%`;
console.log(`${strategy} × pool, ${childrenArg} children, symmetry + POR, first ${states} states (${expanded} expanded), ${T} threads, ${heads.size} distinct heads`);
console.log(`every actor: ${allLookups} look-ups, ${allKeys.size} distinct keys (${pct(allLookups - allKeys.size, allLookups)} met again); new keys would run ${newKeySteps} steps, the search applies ${appliedSteps} today (×${(newKeySteps / appliedSteps).toFixed(2)})`);
console.log(`taken steps' actors: ${takenLookups} look-ups, ${takenKeys.size} distinct keys (${pct(takenLookups - takenKeys.size, takenLookups)} met again)`);
