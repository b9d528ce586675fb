/**
 * Reading a trace file back: the version and the shape are checked, the embedded strategy,
 * scenario and scope are validated like user input. Every failure is one line naming the file and
 * what is wrong.
 */
import { createInstance } from '../model/instance.ts';
import { InputError } from '../model/errors.ts';
import { validateStrategy } from '../model/strategy/validate.ts';
import { validateScenario, validateScope } from '../model/strategy/validate-scenario.ts';
import { INVARIANT_NAMES } from './invariants.ts';
import type { TraceFile } from './trace.ts';
import { TRACE_FORMAT, TRACE_VERSION } from './trace.ts';

const STEP_KINDS = ['thread', 'child-exit', 'sibling-exit', 'spawn', 'foreign-reaper', 'reap-any', 'churn-open', 'churn-pidfd-open', 'churn-close'];
const NUMBER_FIELD: Record<string, string> = { 'sibling-exit': 'pid', spawn: 'pid', 'reap-any': 'pid', 'churn-pidfd-open': 'pid', 'churn-close': 'fd' };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parse and check a trace file's text. `origin` names the file in errors. */
export function decodeTrace(text: string, origin: string): TraceFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new InputError(`${origin}: not a JSON trace (${why}) — is the file truncated? Write it again with reapcheck check --out`);
  }
  const fail = (what: string) => new InputError(`${origin}: ${what}`);
  if (!isRecord(raw) || raw.format !== TRACE_FORMAT) throw fail(`not a reapcheck trace (no "format": "${TRACE_FORMAT}")`);
  if (raw.version !== TRACE_VERSION) {
    throw fail(`trace format version ${JSON.stringify(raw.version)} is not supported; this reapcheck reads version ${TRACE_VERSION}`);
  }
  const strategy = validateStrategy(raw.strategy, `${origin}: strategy`);
  const scenario = validateScenario(raw.scenario, `${origin}: scenario`);
  const scope = validateScope(raw.scope, `${origin}: scope`);
  if (raw.engine !== 'exhaustive' && raw.engine !== 'random') throw fail(`engine must be "exhaustive" or "random", got ${JSON.stringify(raw.engine)}`);
  if (raw.invariant !== null && !(INVARIANT_NAMES as readonly unknown[]).includes(raw.invariant)) {
    throw fail(`unknown invariant ${JSON.stringify(raw.invariant)}; known: ${INVARIANT_NAMES.join(', ')} (or null)`);
  }
  if (typeof raw.message !== 'string') throw fail('message must be a string');
  if (raw.seed !== null && !Number.isInteger(raw.seed)) throw fail('seed must be an integer or null');
  if (raw.path !== null && typeof raw.path !== 'string') throw fail('path must be a string or null');
  if (!Array.isArray(raw.steps)) throw fail('steps must be an array');
  // No search follows a schedule longer than its scope's maxSteps: a longer trace was not written by one.
  if (raw.steps.length > scope.maxSteps) throw fail(`${raw.steps.length} steps, more than the scope's maxSteps (${scope.maxSteps}): not a trace reapcheck wrote; check the file`);
  // The threads of the trace's own instance: its scope may have several children and killers.
  const threads = createInstance(strategy, scenario, scope).threads;
  raw.steps.forEach((s, i) => {
    const at = `step ${i + 1}`;
    if (!isRecord(s) || !isRecord(s.step)) throw fail(`${at}: must be an object with a "step"`);
    const kind = s.step.kind;
    if (!STEP_KINDS.includes(kind as string)) throw fail(`${at}: unknown step kind ${JSON.stringify(kind)}; known: ${STEP_KINDS.join(', ')}`);
    if (kind === 'thread') {
      const t = s.step.thread;
      if (!Number.isInteger(t) || (t as number) < 0 || (t as number) >= threads.length) {
        throw fail(`${at}: thread ${JSON.stringify(t)} does not exist; ${strategy.name} in scenario ${scenario.name} with this scope has threads 0..${threads.length - 1}`);
      }
      if (s.step.choice !== undefined && !Number.isInteger(s.step.choice)) throw fail(`${at}: choice must be an integer`);
    }
    const field = NUMBER_FIELD[kind as string];
    if (field && !Number.isInteger(s.step[field])) throw fail(`${at}: a ${kind as string} step needs an integer ${field}`);
    if (typeof s.actor !== 'string' || !isRecord(s.call) || typeof s.call.name !== 'string' || !Array.isArray(s.call.args)) {
      throw fail(`${at}: needs "actor" (a string) and "call" ({name, args})`);
    }
    if (!Array.isArray(s.notes)) throw fail(`${at}: needs "notes" (an array of strings)`);
  });
  if (!isRecord(raw.final)) throw fail('final must be the world at failure (an object)');
  return raw as unknown as TraceFile;
}
