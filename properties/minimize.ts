/**
 * A last minimisation pass after fast-check's shrinker, on the steps actually taken: delete chunks
 * of choices (halves, quarters, ... single ones, as in delta debugging) and all the choices of one
 * actor, while the same invariant is still violated by a shorter schedule, until no deletion helps.
 * fast-check shrinks the *generated* list one element at a time; a thread whose four steps only
 * hold a lock the killer needs must go as a block, which single deletions never find.
 */
import type { Instance } from '../model/instance.ts';
import type { InvariantName } from './invariants.ts';
import type { Choice, ScheduleRun } from './schedule.ts';
import { choicesFor, runSchedule } from './schedule.ts';

function candidates(choices: readonly Choice[]): Choice[][] {
  const out: Choice[][] = [];
  const actors = new Set(choices.map((c) => c[0]));
  for (const a of actors) out.push(choices.filter((c) => c[0] !== a));
  for (let size = Math.max(1, choices.length >> 1); size >= 1; size >>= 1) {
    for (let i = 0; i + size <= choices.length; i += size === 1 ? 1 : Math.max(1, size >> 1)) {
      out.push(choices.slice(0, i).concat(choices.slice(i + size)));
    }
  }
  return out;
}

/** Schedules with one choice moved earlier: a reordering may let a whole block be deleted next. */
function moves(choices: readonly Choice[]): Choice[][] {
  const out: Choice[][] = [];
  for (let i = 1; i < choices.length; i++) {
    for (let j = 0; j < i; j++) {
      if (choices[j]![0] === choices[i]![0]) continue;
      const c = choices.slice();
      const [moved] = c.splice(i, 1);
      c.splice(j, 0, moved!);
      out.push(c);
    }
  }
  return out;
}

/** Reorderings tried that keep the length (plateau moves), at most, per counterexample. */
const PLATEAU_MOVES = 40;

export function minimizeSchedule(inst: Instance, run: ScheduleRun, invariant: InvariantName): ScheduleRun {
  let best = run;
  const len = (r: ScheduleRun) => r.violation?.steps.length ?? Infinity;
  const key = (c: readonly Choice[]) => JSON.stringify(c);
  let choices: Choice[] = choicesFor(inst, run.violation?.steps ?? run.steps) ?? [];
  const seen = new Set([key(choices)]);
  let plateau = PLATEAU_MOVES;
  const accept = (r: ScheduleRun, fallback: Choice[]) => {
    best = r;
    choices = choicesFor(inst, r.violation!.steps) ?? fallback;
    seen.add(key(choices));
  };
  for (let improved = true; improved; ) {
    improved = false;
    for (const fewer of candidates(choices)) {
      const r = runSchedule(inst, fewer, [invariant]);
      if (len(r) < len(best)) {
        accept(r, fewer);
        improved = true;
        break;
      }
    }
    if (improved || plateau <= 0) continue;
    // No deletion helps: try one reordering of the same length that some deletion may then shorten.
    for (const moved of moves(choices)) {
      const r = runSchedule(inst, moved, [invariant]);
      if (len(r) > len(best) || !r.violation) continue;
      const c = choicesFor(inst, r.violation.steps) ?? moved;
      if (seen.has(key(c))) continue;
      plateau--;
      const shorter = candidates(c).map((f) => runSchedule(inst, f, [invariant])).find((x) => len(x) < len(r));
      if (shorter || len(r) < len(best)) {
        accept(shorter ?? r, c);
        improved = true;
        break;
      }
      seen.add(key(c));
      if (plateau <= 0) break;
    }
  }
  return best;
}
