/**
 * The flags that grow the scope and reduce the search: `--children N --killers K --retries R
 * --pids P` (N managed children in one process, K killers each, killers that retry R times, P pid
 * numbers) and `--symmetry`, `--por` (the exhaustive engine's reductions, off unless asked for;
 * symmetry is on by default once there is more than one child). The grown scope is validated like
 * any other, so `--children 4 --pids 3` is one line saying why.
 */
import type { Scope } from '../model/scope.ts';
import { scaledScope } from '../model/scope.ts';
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
  const any = children !== undefined || killers !== undefined || retries !== undefined || pids !== undefined;
  const grown = any ? validateScope(scaledScope(scope, { children, killers, retries, pids }), '--children/--killers/--retries/--pids') : scope;
  if (switches.has('symmetry') && switches.has('no-symmetry')) throw new UsageError('--symmetry and --no-symmetry contradict each other: give one');
  // Children are interchangeable up to renaming: with several, symmetry pays for itself (bench/README.md).
  const symmetry = switches.has('symmetry') || (!switches.has('no-symmetry') && (grown.children ?? 1) > 1);
  return { scope: grown, reductions: { symmetry, por: switches.has('por') } };
}
