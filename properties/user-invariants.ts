/**
 * Invariants a user defines (the library's `check(strategy, { invariants })`): a name and a
 * predicate over a transition (a step invariant) or over a terminal world (an end invariant),
 * searched and reported like the built-in ones of invariants.ts — shortest counterexamples, the
 * same step tables. They are functions, so they run only where the caller's code runs: the
 * sequential exhaustive engine (worker threads and the random engine's fast-check properties take
 * invariants by name).
 */
import type { Instance } from '../model/instance.ts';
import type { Transition } from '../model/transitions.ts';
import type { World } from '../model/world.ts';
import { InputError } from '../model/errors.ts';
import type { Invariant, InvariantName } from './invariants.ts';
import { INVARIANT_NAMES } from './invariants.ts';

/** A user's invariant: `check` returns null when it holds, or why it is violated (one sentence). */
export type UserInvariant =
  | {
      readonly name: string;
      readonly description?: string;
      readonly kind?: 'step';
      readonly check: (tr: Transition, inst: Instance) => string | null;
    }
  | {
      readonly name: string;
      readonly description?: string;
      readonly kind: 'end';
      /** `w` is terminal: nothing can step any more. */
      readonly check: (w: World, inst: Instance) => string | null;
    };

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * The search's form of `list`, validated: kebab-case names, none a built-in's, none twice. The
 * name is widened to InvariantName: the search keys its findings by name, and a user's name is
 * kept apart from the built-ins' everywhere it is reported (CellVerdict.custom).
 */
export function userInvariants(list: readonly UserInvariant[]): Invariant[] {
  const seen = new Set<string>();
  return list.map((u, i) => {
    const where = `invariants[${i}]`;
    if (typeof u !== 'object' || u === null || typeof u.name !== 'string' || !NAME.test(u.name)) {
      throw new InputError(`${where}: an invariant needs a kebab-case name such as "no-double-kill"; got ${JSON.stringify((u as { name?: unknown })?.name)}`);
    }
    if ((INVARIANT_NAMES as readonly string[]).includes(u.name)) throw new InputError(`${where}: ${u.name} is a built-in invariant's name; choose another`);
    if (seen.has(u.name)) throw new InputError(`${where}: two invariants are named ${u.name}`);
    seen.add(u.name);
    if (typeof u.check !== 'function') throw new InputError(`${where} (${u.name}): check must be a function returning null or a message`);
    const name = u.name as InvariantName;
    const doc = u.description ?? u.name;
    if (u.kind === 'end') {
      const check = u.check;
      return { name, kind: 'end', doc, check: (inst: Instance, w: World) => { const m = check(w, inst); return m === null ? null : { message: String(m) }; } };
    }
    const check = u.check as (tr: Transition, inst: Instance) => string | null;
    return { name, kind: 'step', doc, check: (inst: Instance, tr: Transition) => { const m = check(tr, inst); return m === null ? null : String(m); } };
  });
}
