/**
 * Benchmark: the full catalogue matrix (8 strategies × 9 scenarios) checked exhaustively. Prints
 * wall time, states and transitions explored, and states per second, for each of `REPEAT` runs.
 * Rerun: `npx tsx bench/matrix.ts [repeat]`.
 */
import os from 'node:os';
import { CATALOGUE } from '../catalogue/index.ts';
import { SCENARIOS, scenarioApplies } from '../model/scenario.ts';
import { DEFAULT_SCOPE } from '../model/scope.ts';
import { createInstance } from '../model/instance.ts';
import { checkExhaustive } from '../properties/exhaustive.ts';

const repeat = Number(process.argv[2] ?? 3);
console.log(`matrix benchmark: node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${repeat} runs`);
for (let r = 1; r <= repeat; r++) {
  let states = 0;
  let transitions = 0;
  let cells = 0;
  let slowest = { name: '', seconds: 0 };
  const t0 = performance.now();
  for (const s of CATALOGUE) {
    for (const sc of SCENARIOS) {
      if (!scenarioApplies(sc, s.roles)) continue;
      const v = checkExhaustive(createInstance(s, sc, DEFAULT_SCOPE));
      states += v.states;
      transitions += v.transitions;
      cells++;
      if (v.seconds > slowest.seconds) slowest = { name: `${s.name} × ${sc.name}`, seconds: v.seconds };
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const rss = process.memoryUsage().rss / 2 ** 20;
  console.log(
    `run ${r}: ${cells} cells in ${seconds.toFixed(2)} s; ${states} states, ${transitions} transitions; ` +
      `${Math.round(states / seconds)} states/s, ${Math.round(transitions / seconds)} transitions/s; ` +
      `slowest cell ${slowest.name} ${slowest.seconds.toFixed(2)} s; RSS ${rss.toFixed(0)} MiB`,
  );
}
