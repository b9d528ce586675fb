/**
 * Loading a user's strategy file (`reapcheck check ./my-strategy.ts`): a TypeScript or JavaScript
 * module, imported in a worker thread that hands back a copy of its exports (cli/user-code.ts), or
 * a JSON file holding one strategy value. Everything it exports is validated before anything is
 * checked: the checker only ever runs data that validateStrategy / validateScenario / validateScope
 * accepted.
 */
import type { UserInvariant } from '../properties/user-invariants.ts';
import { userInvariants } from '../properties/user-invariants.ts';
import { pathToFileURL } from 'node:url';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import type { Strategy } from '../model/strategy/types.ts';
import type { Scenario } from '../model/scenario.ts';
import { InputError } from '../model/errors.ts';
import { validateStrategy } from '../model/strategy/validate.ts';
import { validateScenario } from '../model/strategy/validate-scenario.ts';
import { firstLine } from './errors.ts';
import { importStrategyModule } from './user-code.ts';

/** What a strategy file provides. */
export interface StrategyFile {
  readonly strategies: readonly Strategy[];
  /** Scenarios the file adds to the built-in ones. */
  readonly scenarios: readonly Scenario[];
  /** The file's `scope` export, not yet validated against the defaults (see scope-flag.ts). */
  readonly scope: unknown;
  /** The file's own invariants (`export const invariants = [...]`), checked with the built-in ones. */
  readonly invariants?: readonly UserInvariant[];
}

const MODULE_EXTS = ['.ts', '.mts', '.js', '.mjs'];
const EXTS = [...MODULE_EXTS, '.json'];

/** Does the command-line word name a file (relative to `cwd`) rather than a catalogue strategy? */
export function looksLikeFile(word: string, cwd: string): boolean {
  return word.includes('/') || word.includes('\\') || EXTS.includes(extname(word)) || existsSync(resolve(cwd, word));
}

/** `… at position 12` of V8's JSON errors, as line:column, which is what an editor jumps to. */
function jsonWhere(text: string, e: unknown): string {
  const m = /position (\d+)/.exec(e instanceof Error ? e.message : '');
  if (!m) return '';
  const before = text.slice(0, Number(m[1]));
  const line = before.split('\n').length;
  return ` (line ${line}, column ${before.length - before.lastIndexOf('\n')})`;
}

function readJson(path: string, shown: string): unknown {
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(`${shown} is not valid JSON${jsonWhere(text, e)}: ${firstLine(e)}; fix the syntax (a JSON file holds one strategy value)`);
  }
}

/** The strategies a module exports: `strategies` (several), else `default`, else `strategy`. */
function exportedStrategies(mod: Readonly<Record<string, unknown>>, shown: string): Strategy[] {
  if (mod.strategies !== undefined) {
    if (!Array.isArray(mod.strategies) || mod.strategies.length === 0) {
      throw new InputError(`${shown}: export "strategies" must be a non-empty array of strategies`);
    }
    const list = mod.strategies.map((v, i) => validateStrategy(v, `${shown} (export strategies[${i}])`));
    const names = list.map((s) => s.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup !== undefined) throw new InputError(`${shown}: two exported strategies are named ${dup}; give each its own name`);
    return list;
  }
  for (const key of ['default', 'strategy'] as const) {
    if (mod[key] !== undefined) return [validateStrategy(mod[key], `${shown} (export ${key})`)];
  }
  throw new InputError(`${shown} exports no strategy: add "export default strategy({...})" (or export const strategy, or strategies = [...])`);
}

function exportedScenarios(mod: Readonly<Record<string, unknown>>, shown: string, builtIn: readonly string[]): Scenario[] {
  if (mod.scenarios === undefined) return [];
  if (!Array.isArray(mod.scenarios)) throw new InputError(`${shown}: export "scenarios" must be an array of scenario values`);
  const list = mod.scenarios.map((v, i) => validateScenario(v, `${shown} (export scenarios[${i}])`));
  const seen = new Set<string>();
  for (const s of list) {
    if (builtIn.includes(s.name)) throw new InputError(`${shown}: scenario ${s.name} has the name of a built-in scenario; rename it`);
    if (seen.has(s.name)) throw new InputError(`${shown}: two exported scenarios are named ${s.name}; give each its own name`);
    seen.add(s.name);
  }
  return list;
}

/**
 * Load the strategy file `word` (a path relative to `cwd`). Every problem — missing file, bad
 * syntax, a module that throws, hangs, exits or spawns at import, an invalid value — is an
 * InputError naming the file.
 */
export async function loadStrategyFile(word: string, cwd: string, builtInScenarios: readonly string[]): Promise<StrategyFile> {
  const path = resolve(cwd, word);
  if (!existsSync(path)) throw new InputError(`file ${word} does not exist (looked for ${path}); give a catalogue name or a path to a .ts, .js, .mjs or .json file`);
  if (statSync(path).isDirectory()) throw new InputError(`${word} is a directory; give the strategy file inside it`);
  const ext = extname(path);
  if (ext === '.json') return { strategies: [validateStrategy(readJson(path, word), word)], scenarios: [], scope: undefined };
  if (!MODULE_EXTS.includes(ext)) throw new InputError(`cannot check ${word}: a strategy file must end in ${EXTS.join(', ')}`);
  const mod = await importStrategyModule(path, word);
  const base = { strategies: exportedStrategies(mod, word), scenarios: exportedScenarios(mod, word, builtInScenarios), scope: mod.scope };
  if (mod.invariants === undefined) return base;
  // Functions do not cross from the loading worker: the file, shown above to only build data (it
  // finished, started no process, left no timer), is imported here for them.
  let own: unknown;
  try {
    own = ((await import(pathToFileURL(path).href)) as { invariants?: unknown }).invariants;
  } catch (e) {
    throw new InputError(`cannot load ${word} for its invariants: ${firstLine(e)}`);
  }
  const invariants = own as UserInvariant[];
  userInvariants(invariants); // validated now: a bad name is a line about the file, not about a cell
  return { ...base, invariants };
}
