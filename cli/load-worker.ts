/**
 * The worker thread that imports a user's strategy module (started by cli/user-code.ts). It imports
 * the file, picks the exports a strategy file may have, and posts back copies of them — plain data,
 * as a strategy is (docs/style.md, rule 1). Whatever the file does besides building data happens
 * here, where the command line can stop it: `process.exit` ends only this thread, a busy loop is
 * ended by `worker.terminate()`, and a timer it leaves never fires because the thread is ended
 * right after it answers.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { firstLine } from './errors.ts';

/** The exports a strategy file may have (cli/load-strategy.ts reads and validates them). */
export const STRATEGY_EXPORTS = ['strategies', 'default', 'strategy', 'scenarios', 'scope'] as const;

/** The one message this worker posts: what the command line turns into a result or one error line. */
export type LoadAnswer =
  | { readonly kind: 'loaded'; readonly exports: Readonly<Record<string, unknown>> }
  | { readonly kind: 'import-failed'; readonly reason: string }
  | { readonly kind: 'uncloneable'; readonly key: string; readonly reason: string }
  | { readonly kind: 'threw'; readonly reason: string }
  | { readonly kind: 'left-timers'; readonly count: number }
  | { readonly kind: 'never-settles' };

/** What the command line hands over: the file's URL. */
export interface LoadRequest {
  readonly url: string;
}

/**
 * The first useful line of an import failure. esbuild (inside tsx) opens with "Transform failed
 * with 1 error:" and names the place on the next line, so that line is the one worth showing.
 */
function importFailure(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const lines = msg.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  if (/^Transform failed with \d+ error/.test(lines[0] ?? '') && lines[1]) return lines[1];
  // `import … from 'reapcheck'` resolves only inside this package or where it is installed.
  if (/Cannot find (module|package) 'reapcheck'/.test(lines[0] ?? '')) {
    return `${lines[0]} — outside the reapcheck folder, install it (npm install <path to reapcheck>) or import its model/index.ts by path`;
  }
  return firstLine(e);
}

/** A module compiled to CommonJS shows up as { default: module.exports }: look inside it too. */
function namespaceOf(mod: Record<string, unknown>): Record<string, unknown> {
  const inner = mod.default;
  const isNamespace = (x: unknown): x is Record<string, unknown> =>
    typeof x === 'object' && x !== null && !('roles' in x) && ('default' in x || 'strategy' in x || 'strategies' in x);
  return isNamespace(inner) ? inner : mod;
}

/** Where inside `value` the thing that cannot be copied sits (a function, a getter that throws). */
function uncopyable(value: unknown, path: string, seen: Set<object>): string | undefined {
  if (typeof value === 'function') return `${path} is a function`;
  if (typeof value === 'symbol') return `${path} is a symbol`;
  if (typeof value !== 'object' || value === null || seen.has(value)) return undefined;
  seen.add(value);
  for (const key of Object.keys(value)) {
    const at = Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`;
    let inner: unknown;
    try {
      inner = (value as Record<string, unknown>)[key];
    } catch (e) {
      return `reading ${at} threw: ${firstLine(e)}`;
    }
    const found = uncopyable(inner, at, seen);
    if (found) return found;
  }
  return undefined;
}

/**
 * A file's `invariants` export holds functions, which cannot cross to the command line's thread:
 * what crosses is their shape (name, kind, description), checked here; the command line imports the
 * file itself for the functions once this load has shown that the file only builds data.
 */
function invariantShapes(value: unknown): { shapes: unknown[] } | { problem: string } {
  if (!Array.isArray(value)) return { problem: 'export invariants must be an array of { name, check(tr) }' };
  const shapes: unknown[] = [];
  for (const [i, u] of value.entries()) {
    if (typeof u !== 'object' || u === null || typeof (u as { check?: unknown }).check !== 'function') return { problem: `invariants[${i}] must be an object with a check function` };
    const { name, kind, description } = u as { name?: unknown; kind?: unknown; description?: unknown };
    shapes.push({ name, kind, description });
  }
  return { shapes };
}

/** Copy each export, or say which one cannot be copied and why. */
function copyExports(mod: Record<string, unknown>): LoadAnswer {
  const exports: Record<string, unknown> = {};
  if (mod.invariants !== undefined) {
    const inv = invariantShapes(mod.invariants);
    if ('problem' in inv) return { kind: 'uncloneable', key: 'invariants', reason: inv.problem };
    exports.invariants = inv.shapes;
  }
  for (const key of STRATEGY_EXPORTS) {
    let value: unknown;
    try {
      value = mod[key];
      if (value !== undefined) exports[key] = structuredClone(value);
    } catch (e) {
      return { kind: 'uncloneable', key, reason: uncopyable(value, key, new Set()) ?? firstLine(e) };
    }
  }
  return { kind: 'loaded', exports };
}

/** Timers and immediates are the ways a file runs code "later"; count the live ones (unref'd ones never keep it alive). */
function pendingTimers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout' || r === 'Immediate').length;
}

async function load(request: LoadRequest): Promise<LoadAnswer> {
  const timersBefore = pendingTimers();
  let mod: Record<string, unknown>;
  try {
    mod = namespaceOf((await import(request.url)) as Record<string, unknown>);
  } catch (e) {
    return { kind: 'import-failed', reason: importFailure(e) };
  }
  const answer = copyExports(mod);
  const left = pendingTimers() - timersBefore;
  // One turn of the event loop, so that a promise the file rejected without handling it is reported first.
  await new Promise((resolve) => setImmediate(resolve));
  return answer.kind === 'loaded' && left > 0 ? { kind: 'left-timers', count: left } : answer;
}

const port = parentPort;
if (port) {
  let answered = false;
  const answer = (a: LoadAnswer): void => {
    if (answered) return;
    answered = true;
    port.postMessage(a);
  };
  // Errors the file raises outside the import itself: a rejected promise nobody awaits, a throw in a callback.
  process.on('uncaughtException', (e) => answer({ kind: 'threw', reason: firstLine(e) }));
  process.on('unhandledRejection', (e) => answer({ kind: 'threw', reason: `a promise it created was rejected and not handled: ${firstLine(e)}` }));
  // The event loop ran dry while the import was still pending: a top-level await on something that never comes.
  process.on('beforeExit', () => answer({ kind: 'never-settles' }));
  void load(workerData as LoadRequest).then(answer, (e: unknown) => answer({ kind: 'threw', reason: firstLine(e) }));
}
