/**
 * Something made once per instance and asked for once per world or per step. A `WeakMap` keeps
 * it, and the instance asked for last is remembered in front of it: a search asks for one
 * instance's, millions of times, and a `WeakMap` look-up each time showed in `perf` (issue 16).
 */
import type { Instance } from './instance.ts';

/** `make(inst)`, made on the first call for `inst` and returned as it is after. */
export function perInstance<T>(make: (inst: Instance) => T): (inst: Instance) => T {
  const made = new WeakMap<Instance, T>();
  let last: Instance | null = null;
  let lastValue: T | undefined;
  return (inst) => {
    if (inst === last) return lastValue!;
    let v = made.get(inst);
    if (v === undefined) made.set(inst, (v = make(inst)));
    last = inst;
    lastValue = v;
    return v;
  };
}
