/**
 * A strategy error found during the search is the outcome of that cell only (issue 14): the other
 * cells are checked, the report, the matrix and the JSON show it, and the run exits 2. Before, a
 * StrategyError aborted the whole check.
 */
import { afterAll, describe, it, expect } from 'vitest';
import { CHILD, eq, errorOf, gt, reg, strategy } from '../../model/strategy/builder.ts';
import { strategyProblems } from '../../model/strategy/validate.ts';
import { SCENARIOS } from '../../model/scenario.ts';
import { DEFAULT_SCOPE } from '../../model/scope.ts';
import { StrategyError } from '../../model/errors.ts';
import { cellJson, cellsExitCode, runCell, runCellParallel, cellsErrorLine } from '../../cli/cells.ts';
import { DEFAULT_ENGINE } from '../../cli/engine.ts';
import { closeSearchPools } from '../../properties/parallel/pool.ts';
import { checkExhaustiveParallel } from '../../properties/parallel/index.ts';
import { createInstance } from '../../model/instance.ts';
import { formatCheckReport } from '../../cli/format/check-report.ts';
import { formatMatrix } from '../../cli/format/matrix-table.ts';
import { ALREADY_EXITED, signaled } from '../../model/values.ts';

const r = reg('r');
/** Compares r.pid > 0 without first asking whether the wait failed: r.pid is none when it did (foreign-reaper). */
const careless = strategy({
  name: 'careless',
  description: '',
  wait(p) {
    p.waitpid(CHILD, 0, r);
    p.returnIf(gt(r.pid, 0), r.status);
    p.return(errorOf(r.err));
  },
  kill(p) {
    p.kill(CHILD, 9, r);
    p.returnIf(eq(r.err, 'ESRCH'), ALREADY_EXITED);
    p.return(signaled(9));
  },
});
const scenario = (name: string) => SCENARIOS.find((s) => s.name === name)!;
const MESSAGE = 'strategy careless is wrong (found while checking scenario foreign-reaper): role wait, instruction 1: r.pid > 0 compares numbers, got none and 0; fix the strategy and check again';

describe('a strategy error is the outcome of its cell', () => {
  it('is valid as data: only running it finds the mistake', () => {
    expect(strategyProblems(careless)).toEqual([]);
  });

  it('gives the cell an error outcome, and the other cells are checked', () => {
    const cells = ['reuse', 'foreign-reaper', 'sibling-reuse'].map((n) => runCell(careless, scenario(n), DEFAULT_SCOPE));
    expect(cells.map((c) => c.error)).toEqual([undefined, MESSAGE, undefined]);
    expect(cells[0]!.verdict.states).toBeGreaterThan(0);
    expect(cells[2]!.verdict.states).toBeGreaterThan(0);
    expect(cellsExitCode(cells)).toBe(2);
    // Exit 2 keeps its meaning: one stderr line says what to fix, next to the report.
    expect(cellsErrorLine(cells)).toBe(`reapcheck: a strategy error in 1 of 3 checked cells (careless × foreign-reaper); the report above has the others. First: ${MESSAGE}`);
    const report = formatCheckReport(cells, DEFAULT_SCOPE);
    expect(report).toContain(`careless × foreign-reaper: ERROR: ${MESSAGE}`);
    expect(report).toContain('careless × reuse: exhaustive search');
    expect(report.trimEnd().split('\n').at(-1)).toBe('ERROR in foreign-reaper: the strategy is wrong there (see above); fix it and check again');
    expect(cellJson(cells[1]!)).toMatchObject({ strategy: 'careless', scenario: 'foreign-reaper', error: MESSAGE });
    expect(cellJson(cells[0]!).error).toBeUndefined();
    const matrix = formatMatrix(cells, DEFAULT_SCOPE, 1);
    expect(matrix).toMatch(/careless .*error/);
    expect(matrix).toContain(`error = ${MESSAGE}`);
  });

  it('is the same outcome when the search runs on worker threads (the error crosses from the worker as a StrategyError)', async () => {
    for (const engine of ['exhaustive', 'random'] as const) {
      const cell = await runCellParallel(careless, scenario('foreign-reaper'), DEFAULT_SCOPE, { ...DEFAULT_ENGINE, engine, workers: 2 });
      expect(cell.error, engine).toBe(MESSAGE);
    }
    // One worker runs bfs.ts's search in its thread (parallel/search.ts `searchAlone`): its error crosses too.
    const inst = createInstance(careless, scenario('foreign-reaper'), DEFAULT_SCOPE);
    const alone = checkExhaustiveParallel(inst, { workers: 1 });
    await expect(alone).rejects.toThrow(StrategyError);
    await expect(alone).rejects.toThrow('role wait, instruction 1: r.pid > 0 compares numbers, got none and 0');
  });

  it('when no cell decided anything, the run ends with the errors as one StrategyError line (exit 2)', () => {
    const cells = [runCell(careless, scenario('foreign-reaper'), DEFAULT_SCOPE)];
    expect(() => cellsExitCode(cells)).toThrow(new StrategyError(MESSAGE));
  });
});

afterAll(() => closeSearchPools());
