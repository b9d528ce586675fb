const root = process.argv[2];
const { CATALOGUE } = await import(root + '/catalogue/index.ts');
const { SCENARIOS, scenarioApplies } = await import(root + '/model/scenario.ts');
const { DEFAULT_SCOPE } = await import(root + '/model/scope.ts');
const { createInstance } = await import(root + '/model/instance.ts');
const { checkRandom } = await import(root + '/properties/random.ts');
const out: unknown[] = [];
for (const s of CATALOGUE) for (const sc of SCENARIOS) {
  if (!scenarioApplies(sc, s.roles)) continue;
  const v = checkRandom(createInstance(s, sc, DEFAULT_SCOPE), { seed: 5, runs: 300 });
  out.push([s.name, sc.name, v.states, Object.entries(v.invariants).map(([k, x]: any) => [k, x.status, x.counterexample?.steps.map((t: any) => t.step)]), v.provenance]);
}
console.log(JSON.stringify(out));
