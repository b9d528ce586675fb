/**
 * Steps as numbers, for the step memo's entries with reductions (memo-batch.ts): an entry keeps
 * each successor's step by id, and the search hands the partial-order reduction (por.ts) the step
 * objects back. Two steps get one id exactly when they are the same step (`sameStep`'s test: the
 * same fields), so a step read back from an entry equals the one `enabledSteps` gives there.
 * Distinct steps are few (a thread's, with its branches; an adversary's, per number).
 */
import type { Step } from '../model/transitions.ts';

export class StepIds {
  private readonly ids = new Map<string, number>();
  readonly steps: Step[] = [];

  /** The id of `s`, given when it is first met (only when an entry is computed: a miss of the memo). */
  id(s: Step): number {
    const key = JSON.stringify(s);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.steps.length;
      this.ids.set(key, id);
      this.steps.push(s);
    }
    return id;
  }
}
