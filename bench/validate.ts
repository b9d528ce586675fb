/**
 * Benchmark: how long validating a strategy takes as its program grows (issue 14: validation was
 * cubic). The wait role is `n` register sets in a row, each reading the one before, then a
 * blocking waitpid and a return. Rerun: `npx tsx bench/validate.ts [n ...]` (default 1000 4000 16000).
 */
import { CHILD, reg, strategy } from '../model/strategy/builder.ts';
import { validateStrategy } from '../model/strategy/validate.ts';
import { signaled } from '../model/values.ts';

/** A valid strategy whose wait role has `n` set instructions (exported for the test of its size). */
export function longStrategy(n: number) {
  const r = reg('r');
  return strategy({
    name: `long-${n}`,
    description: `${n} register sets before the wait`,
    wait(p) {
      p.set('x0', 0);
      for (let i = 1; i < n; i++) p.set(`x${i % 50}`, reg(`x${(i - 1) % 50}`));
      p.waitpid(CHILD, 0, r);
      p.return(r.status);
    },
    kill(p) {
      p.kill(CHILD, 9, r);
      p.return(signaled(9));
    },
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [1000, 4000, 16000];
  for (const n of sizes) {
    const s = longStrategy(n);
    const t0 = performance.now();
    validateStrategy(s, 'bench');
    console.log(`${n} instructions: ${((performance.now() - t0) / 1000).toFixed(3)} s`);
  }
}
