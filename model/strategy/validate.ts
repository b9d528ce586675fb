/**
 * Validation of a strategy given as data (model-spec §5): every mistake is one clear error naming
 * the role and instruction. STUB: being written; currently only checks the outline.
 */
import type { Strategy } from './types.ts';
import { InputError } from '../errors.ts';

/** Check that `value` is a well-formed strategy and return it typed; throw InputError otherwise. `origin` names where it came from (a file path). */
export function validateStrategy(value: unknown, origin: string): Strategy {
  if (typeof value !== 'object' || value === null || !('roles' in value)) throw new InputError(`${origin}: not a strategy (no roles)`);
  return value as Strategy;
}
