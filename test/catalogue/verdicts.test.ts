/**
 * Every cell of shared/docs/expected-verdicts.md, reproduced by the checker. The expected side is
 * data (the table below, copied from the document); the checker's side is computed, exhaustively,
 * by checkExhaustive on the catalogue strategy in the catalogue scenario under the default scope.
 * Two additions are this project's own, not SPIN's (docs/verdicts.md gives each its counterexample):
 * the `kill-error` column (the no-kill-error invariant, added after the document was computed: its
 * cells were found by this checker, every other verdict is unchanged), and the process-wide table
 * (libuv-node and its fixes in the stop-others scenarios, two children).
 * Each counterexample is also replayed from its steps alone, and re-checked. Every cell runs with
 * `checkWellFormed: true`, so this is also the sweep of style.md §5: no world reachable by a
 * catalogue strategy in a catalogue scenario is ill-formed (an ill-formed one throws InternalError,
 * "[reapcheck internal bug]", failing the cell).
 */
import { describe, it, expect } from 'vitest';
import { PROCESS_SCENARIOS, SCENARIOS, findScenario, scenarioApplies } from '../../model/scenario.ts';
import { createInstance } from '../../model/instance.ts';
import { DEFAULT_SCOPE, scenarioScope } from '../../model/scope.ts';
import { worldKey } from '../../model/world.ts';
import { applyStep, enabledSteps } from '../../model/transitions.ts';
import type { InvariantName } from '../../properties/invariants.ts';
import { INVARIANTS, INVARIANT_NAMES } from '../../properties/invariants.ts';
import type { Counterexample } from '../../properties/verdict.ts';
import { violatedNames } from '../../properties/verdict.ts';
import { checkExhaustive, replaySteps } from '../../properties/exhaustive.ts';
import { CATALOGUE, findStrategy } from '../../catalogue/index.ts';
import type { Instance } from '../../model/instance.ts';

/** The document's abbreviations. */
const ABBREV: Record<string, InvariantName> = {
  stray: 'no-stray-signal',
  'wrong-reap': 'no-wrong-reap',
  status: 'status-correct',
  'wait-error': 'no-wait-error',
  'stale-poll': 'no-stale-poll',
  deadlock: 'no-deadlock',
  zombie: 'no-zombie-left',
  'kill-error': 'no-kill-error',
};

const COLUMNS = ['reuse', 'sibling-reuse', 'two-waiters', 'kill-to-exit', 'foreign-reaper', 'reaper-any', 'fd-reuse', 'sigchld-ignored', 'poll-race'];

/** expected-verdicts.md, row by row, cell by cell (same column order as COLUMNS). */
const TABLE: Record<string, string[]> = {
  naive: ['stray', 'stray', 'stray, wrong-reap, status, wait-error', 'holds', 'stray, wait-error', 'stray, wrong-reap, status, wait-error', 'stray', 'stray, wait-error', 'n/a'],
  // kill-error: Python 3.8's Popen.kill() raises ProcessLookupError when its kill finds the number free (docs/verdicts.md).
  'cpython-3.8': ['stray, kill-error', 'stray, kill-error', 'stray, kill-error', 'holds', 'stray, status, kill-error', 'stray, wrong-reap, status, kill-error', 'stray, kill-error', 'stray, status, kill-error', 'stray, stale-poll, kill-error'],
  'cpython-3.9': ['stray', 'stray', 'stray', 'holds', 'stray, status', 'stray, wrong-reap, status', 'stray', 'stray, status', 'stray, stale-poll'],
  'duct-0.6.3-py39': ['wait-error', 'wrong-reap, wait-error', 'wrong-reap, wait-error', 'holds', 'stray, status, wait-error', 'stray, wrong-reap, status, wait-error', 'wait-error', 'stray, wait-error', 'n/a'],
  'duct-1.0': ['holds', 'holds', 'holds', 'holds', 'stray, status, wait-error', 'stray, wrong-reap, status, wait-error', 'holds', 'stray, status, wait-error', 'stale-poll'],
  'mutex-child': ['holds', 'holds', 'holds', 'deadlock', 'stray, wait-error', 'stray, wrong-reap, status, wait-error', 'holds', 'stray, wait-error', 'n/a'],
  pidfd: ['holds', 'holds', 'wait-error', 'holds', 'wait-error', 'wait-error', 'holds', 'wait-error', 'n/a'],
  // kill-error: the killer's pidfd_send_signal on the fd the waiter closed: EBADF (docs/verdicts.md).
  'pidfd-close': ['kill-error', 'kill-error', 'wait-error, kill-error', 'holds', 'wait-error, kill-error', 'wait-error, kill-error', 'stray, kill-error', 'wait-error, kill-error', 'n/a'],
};

/** The process-wide strategies in the process-wide scenarios (two children); every per-child scenario is n/a for them (no wait or kill role). */
const PROCESS_COLUMNS = ['stop-others', 'stop-others-sibling', 'stop-others-foreign-reaper', 'stop-others-reaper-any'];
const PROCESS_TABLE: Record<string, string[]> = {
  'libuv-node': ['stray', 'stray', 'stray', 'stray, wrong-reap'],
  'libuv-node-clear-first': ['holds', 'holds', 'stray', 'stray, wrong-reap'],
  'libuv-node-pidfd': ['holds', 'holds', 'holds', 'holds'],
};

/** The table's invariant names in a cell, sorted; null for n/a. */
function expectedNames(cell: string): InvariantName[] | null {
  if (cell === 'n/a') return null;
  if (cell === 'holds') return [];
  return cell.split(', ').map((a) => ABBREV[a] ?? `unknown abbreviation ${a}`).sort() as InvariantName[];
}

const CELLS = [
  ...Object.entries(TABLE).flatMap(([strategy, row]) => row.map((cell, i) => ({ strategy, scenario: COLUMNS[i]!, cell }))),
  ...Object.entries(PROCESS_TABLE).flatMap(([strategy, row]) => row.map((cell, i) => ({ strategy, scenario: PROCESS_COLUMNS[i]!, cell }))),
];

describe('the table covers the whole catalogue', () => {
  it('one row per catalogue strategy, one column per catalogue scenario', () => {
    expect([...Object.keys(TABLE), ...Object.keys(PROCESS_TABLE)].sort()).toEqual(CATALOGUE.map((s) => s.name).sort());
    expect(COLUMNS).toEqual(SCENARIOS.map((s) => s.name));
    expect(PROCESS_COLUMNS).toEqual(PROCESS_SCENARIOS.map((s) => s.name));
    for (const row of Object.values(TABLE)) expect(row).toHaveLength(COLUMNS.length);
    for (const row of Object.values(PROCESS_TABLE)) expect(row).toHaveLength(PROCESS_COLUMNS.length);
  });

  it('a per-child strategy is n/a in every process-wide scenario, a process-wide one in every per-child scenario', () => {
    for (const name of Object.keys(TABLE)) for (const sc of PROCESS_SCENARIOS) expect(scenarioApplies(sc, findStrategy(name)!.roles)).toBe(false);
    for (const name of Object.keys(PROCESS_TABLE)) for (const sc of SCENARIOS) expect(scenarioApplies(sc, findStrategy(name)!.roles)).toBe(false);
  });
});

describe('expected verdicts, computed', () => {
  it.each(CELLS.map((c) => [`${c.strategy} × ${c.scenario}: ${c.cell === 'holds' || c.cell === 'n/a' ? c.cell : `violates ${expectedNames(c.cell)!.join(', ')}`}`, c] as const))(
    '%s',
    (_title, { strategy: sName, scenario: scName, cell }) => {
      const strategy = findStrategy(sName)!;
      const scenario = findScenario(scName)!;
      const expected = expectedNames(cell);
      // n/a exactly when the scenario needs a poll role the strategy lacks
      expect(scenarioApplies(scenario, strategy.roles)).toBe(expected !== null);
      if (expected === null) {
        expect(strategy.roles.poll).toBeUndefined();
        expect(() => createInstance(strategy, scenario, DEFAULT_SCOPE)).toThrow(/needs a poll role/);
        return;
      }
      const inst = createInstance(strategy, scenario, scenarioScope(DEFAULT_SCOPE, scenario));
      const v = checkExhaustive(inst, { checkWellFormed: true });
      expect(violatedNames(v).sort()).toEqual(expected);
      expect(v.method).toBe('exhaustive');
      // a "holds" is only a proof if no schedule was cut at maxSteps
      expect(v.truncated).toBe(false);
      expect(v.invariants['no-zombie-left'].status).toBe('holds');
      const hasPoll = scenario.threads.includes('poll');
      expect(v.invariants['no-stale-poll'].status === 'n/a').toBe(!hasPoll);
      expect(v.invariants['no-kill-error'].status === 'n/a').toBe(!scenario.threads.includes('kill'));
      for (const name of INVARIANT_NAMES) {
        const iv = v.invariants[name];
        if (iv.status === 'violated') expectReplays(inst, iv.counterexample);
      }
    },
  );
});

/** A counterexample replays from its steps alone to the same world, and that world (or its last transition) still violates the invariant. */
function expectReplays(inst: Instance, cx: Counterexample): void {
  const steps = cx.steps.map((s) => s.step);
  const { final, trace } = replaySteps(inst, steps);
  expect(worldKey(final)).toBe(worldKey(cx.final));
  expect(trace.map((t) => t.info)).toEqual(cx.steps.map((s) => s.info));
  const inv = INVARIANTS.find((i) => i.name === cx.invariant)!;
  if (inv.kind === 'end') {
    expect(enabledSteps(inst, final)).toEqual([]);
    expect(inv.check(inst, final)?.message).toBe(cx.message);
  } else {
    const before = replaySteps(inst, steps.slice(0, -1)).final;
    expect(inv.check(inst, applyStep(inst, before, steps[steps.length - 1]!))).toBe(cx.message);
  }
}
