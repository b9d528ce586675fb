/**
 * What a search allocates per state, and where: V8's sampling heap profiler (through the inspector,
 * objects the collector already freed included) over a search of the first N states, summed by the
 * function that allocated (self size, after inlining: a function inlined into its caller counts
 * there). Garbage is what the young-generation collections clear, and their pauses grow with two
 * workers on two cores (bench/README.md, issue 16, tenth session).
 * Rerun: `npx tsx bench/allocations.ts [strategy=duct-1.0] [children=3] [maxStates=300000] [mode=sp]`
 */
import { Session } from 'node:inspector/promises';
import { findStrategy } from '../catalogue/index.ts';
import { findScenario } from '../model/scenario.ts';
import { DEFAULT_SCOPE, scaledScope } from '../model/scope.ts';
import { createInstance } from '../model/instance.ts';
import { search } from '../properties/bfs.ts';

const [strategy = 'duct-1.0', childrenArg = '3', maxArg = '300000', mode = 'sp'] = process.argv.slice(2);
const maxStates = Number(maxArg);
const inst = createInstance(findStrategy(strategy)!, findScenario('pool')!, scaledScope(DEFAULT_SCOPE, { children: Number(childrenArg) }));
const opts = { symmetry: mode.includes('s'), por: mode.includes('p'), memo: !mode.includes('x') };

/** A node of the profile (the inspector protocol's `HeapProfiler.SamplingHeapProfileNode`). */
interface ProfileNode {
  readonly callFrame: { readonly functionName: string; readonly url: string };
  readonly selfSize: number;
  readonly children: readonly ProfileNode[];
}

// A first search compiles and warms the code, so the profile sees the search's steady state.
search(inst, { ...opts, limits: { maxStates: Math.min(maxStates, 200_000) } });
const session = new Session();
session.connect();
await session.post('HeapProfiler.enable');
await session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
const r = search(inst, { ...opts, limits: { maxStates } });
const { profile } = (await session.post('HeapProfiler.stopSampling')) as unknown as { profile: { head: ProfileNode } };
session.disconnect();

const bySite = new Map<string, number>();
let total = 0;
const walk = (n: ProfileNode): void => {
  if (n.selfSize > 0) {
    const where = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}`;
    bySite.set(where, (bySite.get(where) ?? 0) + n.selfSize);
    total += n.selfSize;
  }
  for (const c of n.children) walk(c);
};
walk(profile.head);
console.log(`${strategy} × pool, ${childrenArg} children, mode ${mode}, first ${r.states} states: ${(total / 2 ** 20).toFixed(0)} MiB allocated, ${Math.round(total / r.states)} B per state (sampled every 4 KiB)`);
for (const [where, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${String(Math.round(bytes / r.states)).padStart(6)} B/state  ${where}`);
