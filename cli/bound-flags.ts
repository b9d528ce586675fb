/**
 * The flags that bound a search: `--max-states N`, `--max-seconds S`, `--max-memory SIZE`
 * (properties/bounds.ts). Each bounds one cell's search (a `matrix` of 143 cells with
 * `--max-seconds 10` gives each cell 10 s, not the whole run). The memory bound is on by default —
 * half the machine's memory — because a search without one grows until the kernel's OOM killer
 * or V8's heap limit ends it, with no verdict and no line saying why.
 */
import type { FlagSpec } from './args.ts';
import { UsageError } from './errors.ts';
import type { SearchBounds } from '../properties/bounds.ts';
import { defaultMaxBytes } from '../properties/bounds.ts';

export const BOUND_FLAGS: readonly FlagSpec[] = [
  { name: 'max-states', value: 'N', example: '100000' },
  { name: 'max-seconds', value: 'S', example: '60' },
  { name: 'max-memory', value: 'SIZE', example: '4G' },
];

/** A search needs some room: below this the process itself (≈ 60 MiB for node and tsx) is over the bound. */
const MIN_MEMORY = 128 * 2 ** 20;
const UNITS: Readonly<Record<string, number>> = { '': 2 ** 20, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };

/** `512M`, `4G`, `4096` (MiB) → bytes. */
function parseSize(v: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?$/i.exec(v.trim());
  if (!m) return null;
  return Math.floor(Number(m[1]) * UNITS[m[2]!.toUpperCase()]!);
}

/** The bounds of `--max-states`, `--max-seconds`, `--max-memory` (memory: half the machine's by default). */
export function boundOptions(values: ReadonlyMap<string, readonly string[]>): Required<Pick<SearchBounds, 'maxBytes'>> & SearchBounds {
  const states = values.get('max-states')?.[0];
  const seconds = values.get('max-seconds')?.[0];
  const memory = values.get('max-memory')?.[0];
  let maxStates: number | undefined;
  if (states !== undefined) {
    if (!/^\d+$/.test(states) || Number(states) < 1 || !Number.isSafeInteger(Number(states))) {
      throw new UsageError(`--max-states must be a whole number of at least 1; got ${JSON.stringify(states)}`);
    }
    maxStates = Number(states);
  }
  let maxSeconds: number | undefined;
  if (seconds !== undefined) {
    if (!/^\d+(\.\d+)?$/.test(seconds) || Number(seconds) <= 0 || Number(seconds) > 1e9) {
      throw new UsageError(`--max-seconds must be a number of seconds above 0 (e.g. 60 or 0.5); got ${JSON.stringify(seconds)}`);
    }
    maxSeconds = Number(seconds);
  }
  let maxBytes = defaultMaxBytes();
  if (memory !== undefined) {
    const b = parseSize(memory);
    if (b === null) throw new UsageError(`--max-memory must be a size such as 512M, 4G or 4096 (MiB); got ${JSON.stringify(memory)}`);
    if (!Number.isSafeInteger(b)) throw new UsageError(`--max-memory ${memory} is not a size this machine can have; give e.g. 4G`);
    if (b < MIN_MEMORY) throw new UsageError(`--max-memory ${memory} is below the ${MIN_MEMORY / 2 ** 20} MiB the process itself needs; give at least 128M`);
    maxBytes = b;
  }
  return { maxBytes, ...(maxStates !== undefined ? { maxStates } : {}), ...(maxSeconds !== undefined ? { maxSeconds } : {}) };
}
