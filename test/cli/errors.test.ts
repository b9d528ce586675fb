/**
 * The top-level classification of failures (cli/errors.ts): which exceptions are the user's to
 * fix (exit 2) and which are the checker's bugs (exit 70). An internal bug cannot be provoked from
 * outside on purpose, so this one is tested as a function.
 */
import { describe, expect, it } from 'vitest';
import { InputError, InternalError, StrategyError } from '../../model/errors.ts';
import { failureOf, UsageError } from '../../cli/errors.ts';

describe('failureOf', () => {
  it('user mistakes exit 2 with their message on one line', () => {
    for (const e of [new UsageError('unknown flag --x'), new InputError('a.json: bad\nsecond line'), new StrategyError('unlock of m')]) {
      const f = failureOf(e);
      expect(f.code).toBe(2);
      expect(f.line).toMatch(/^reapcheck: /);
      expect(f.line).not.toContain('\n');
    }
  });

  it('an InternalError is an internal bug: exit 70, said once', () => {
    const f = failureOf(new InternalError('ill-formed world: pid 7 is outside the pid space'));
    expect(f.code).toBe(70);
    expect(f.line).toBe('reapcheck: internal bug: ill-formed world: pid 7 is outside the pid space (please report it)');
  });

  it('any other exception is an internal bug too, named by its type', () => {
    const f = failureOf(new TypeError("Cannot read properties of undefined (reading 'pc')"));
    expect(f.code).toBe(70);
    expect(f.line).toMatch(/^reapcheck: internal bug: TypeError: Cannot read/);
  });
});
