/**
 * The flags that grow the scope and reduce the search: `--children N --killers K --retries R
 * --pids P` (N managed children in one process, K killers each, killers that retry R times, P pid
 * numbers) and `--symmetry`, `--por` (the exhaustive engine's reductions: off with one child unless
 * asked for, on by default once there is more than one child; `--no-symmetry`, `--no-por` turn
 * them off). The grown scope is validated like
 * any other, so `--children 4 --pids 3` is one line saying why.
 */
import type { Scope } from '../model/scope.ts';
import { scaledScope } from '../model/scope.ts';
import type { ScaleOptions } from '../model/scope.ts';
import { validateScope } from '../model/strategy/validate-scenario.ts';
import type { FlagSpec } from './args.ts';
import { UsageError } from './errors.ts';

export const SCALE_FLAGS: readonly FlagSpec[] = [
  { name: 'children', value: 'N', example: '3' },
  { name: 'killers', value: 'K', example: '2' },
  { name: 'retries', value: 'R', example: '1' },
  { name: 'pids', value: 'P', example: '4' },
  { name: 'symmetry' },
  { name: 'no-symmetry' },
  { name: 'por' },
  { name: 'no-por' },
];

export interface Reductions {
  readonly symmetry: boolean;
  readonly por: boolean;
}

function int(values: ReadonlyMap<string, readonly string[]>, flag: string, min: number): number | undefined {
  const v = values.get(flag)?.[0];
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min) throw new UsageError(`--${flag} must be a whole number of at least ${min}; got ${JSON.stringify(v)}`);
  return Number(v);
}

/** The scope with the scale flags applied (validated), and the reductions asked for. */
export function applyScaleFlags(scope: Scope, values: ReadonlyMap<string, readonly string[]>, switches: ReadonlySet<string>): { scope: Scope; reductions: Reductions } {
  const children = int(values, 'children', 1);
  const killers = int(values, 'killers', 1);
  const retries = int(values, 'retries', 0);
  const pids = int(values, 'pids', 1);
  for (const r of ['symmetry', 'por']) {
    if (switches.has(r) && switches.has(`no-${r}`)) throw new UsageError(`--${r} and --no-${r} contradict each other: give one`);
  }
  const asked = (r: string) => (switches.has(r) ? true : switches.has(`no-${r}`) ? false : undefined);
  return scaleScope(scope, { children, killers, retries, pids, symmetry: asked('symmetry'), por: asked('por') }, '--children/--killers/--retries/--pids');
}

/**
 * `scope` grown to `o`'s children, killers, retries and pids (validated; `where` names them in an
 * error), and the reductions: those asked for, else on with several children. Shared by the flags
 * above and the library's `check` options.
 */
export function scaleScope(scope: Scope, o: ScaleOptions & { symmetry?: boolean; por?: boolean }, where: string): { scope: Scope; reductions: Reductions } {
  const { children, killers, retries, pids } = o;
  const any = children !== undefined || killers !== undefined || retries !== undefined || pids !== undefined;
  const grown = any ? validateScope(scaledScope(scope, { children, killers, retries, pids }), where) : scope;
  // With several children both pay for themselves (bench/README.md: duct-1.0 × pool, 3 children,
  // has an exhaustive verdict only with both); with one child the catalogue's cells take
  // milliseconds either way, and their state counts stay those of expected-verdicts.md.
  const several = (grown.children ?? 1) > 1;
  return { scope: grown, reductions: { symmetry: o.symmetry ?? several, por: o.por ?? several } };
}
