/**
 * The `--scope pidCount=3,spawns=1` flag: overrides of the scope's bounds, written the way TLC's
 * .cfg constants are (style.md §8). Only the syntax is checked here; whether the numbers make a
 * sensible scope is validateScope's call, so the file export and the flag obey one set of rules.
 */
import { DEFAULT_SCOPE } from '../model/scope.ts';
import type { Scope } from '../model/scope.ts';
import { validateScope } from '../model/strategy/validate-scenario.ts';
import { UsageError } from './errors.ts';

const KEYS = Object.keys(DEFAULT_SCOPE) as (keyof Scope)[];

/** Parse the words of every `--scope` flag (later ones win) into a partial scope. */
export function parseScopeFlags(words: readonly string[]): Partial<Record<keyof Scope, number>> {
  const out: Partial<Record<keyof Scope, number>> = {};
  for (const word of words) {
    for (const part of word.split(',')) {
      const m = /^\s*([A-Za-z]+)\s*=\s*(-?\d+)\s*$/.exec(part);
      if (!m) throw new UsageError(`--scope expects key=integer pairs separated by commas, e.g. --scope pidCount=3,spawns=1; got ${JSON.stringify(part)}`);
      const key = m[1] as keyof Scope;
      if (!KEYS.includes(key)) throw new UsageError(`--scope: unknown key ${JSON.stringify(m[1])}; the keys are ${KEYS.join(', ')}`);
      out[key] = Number(m[2]);
    }
  }
  return out;
}

/**
 * The scope of a check: the defaults, then a strategy file's `scope` export, then `--scope`. Each
 * layer is validated on its own, so an error names the layer it came from.
 */
export function resolveScope(fromFile: unknown, fileOrigin: string, flagWords: readonly string[]): Scope {
  // validateScope takes a partial scope and merges it over DEFAULT_SCOPE.
  let scope: Scope = fromFile === undefined ? DEFAULT_SCOPE : validateScope(fromFile, `${fileOrigin} (export scope)`);
  if (flagWords.length > 0) scope = validateScope({ ...scope, ...parseScopeFlags(flagWords) }, '--scope');
  return scope;
}

/** `pids 100-101, spawns 2, …`: the scope in one line, for reports. */
export function scopeText(s: Scope): string {
  const last = s.pidBase + s.pidCount - 1;
  const grown = [
    ...((s.children ?? 1) > 1 ? [`${s.children} children`] : []),
    ...(s.killers !== undefined ? [`${s.killers} killers each`] : []),
    ...(s.retries ? [`${s.retries} retries`] : []),
  ];
  return `${grown.length > 0 ? `${grown.join(', ')}, ` : ''}pids ${s.pidBase}${s.pidCount > 1 ? `-${last}` : ''}, spawns ${s.spawns}, reaps ${s.reaps}, churns ${s.churns}, max fd ${s.maxFd}, max ${s.maxSteps} steps`;
}
