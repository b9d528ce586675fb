/**
 * The visited tables on huge pages (properties/huge-pages.ts): the advice reaches the kernel for
 * the memory of a large array (its mapping becomes eligible for transparent huge pages, as
 * /proc/self/smaps says), not for a small one, and the arrays are the arrays asked for.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adviseHugePages, arrayAddress, huge } from '../../properties/huge-pages.ts';
import { FingerprintSet } from '../../properties/fingerprint-set.ts';

/** THP's setting, the bracketed word of /sys/kernel/mm/transparent_hugepage/enabled (null where there is none). */
const thp = ((): string | null => {
  try {
    return /\[(\w+)\]/.exec(fs.readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8'))?.[1] ?? null;
  } catch {
    return null;
  }
})();

/** The THPeligible line of the mapping of /proc/self/smaps that holds `at`. */
function eligible(at: bigint): number | null {
  const smaps = fs.readFileSync('/proc/self/smaps', 'utf8').split('\n');
  let inside = false;
  for (const line of smaps) {
    const m = /^([0-9a-f]+)-([0-9a-f]+) /.exec(line);
    if (m) inside = BigInt(`0x${m[1]}`) <= at && at < BigInt(`0x${m[2]}`);
    else if (inside && line.startsWith('THPeligible:')) return Number(line.split(/\s+/)[1]);
  }
  return null;
}

describe('huge pages for the visited tables', () => {
  it.runIf(process.platform === 'linux' && thp === 'madvise')('a large array is advised and its mapping becomes eligible; a small one is not advised', () => {
    // 64 MiB: past glibc's mmap threshold, so a mapping of its own that was eligible for nothing before.
    const big = new Uint32Array(16 << 20);
    const at = arrayAddress(big)!;
    expect(at).not.toBeNull();
    // The aligned middle of the array: the advice covers the 2 MiB-aligned part only.
    const middle = at + BigInt(big.byteLength / 2);
    expect(eligible(middle)).toBe(0);
    expect(adviseHugePages(big)).toBe(true);
    expect(eligible(middle)).toBe(1);
    expect(adviseHugePages(new Uint32Array(1024))).toBe(false);
  });

  it('gives the zeroed array asked for, and the table on it keeps every fingerprint', () => {
    const a = huge(new Uint32Array(3 << 20));
    expect(a.length).toBe(3 << 20);
    expect(a.every((x) => x === 0)).toBe(true);
    // 3 M fingerprints: the table grows onto arrays of 48 and 96 MiB, advised.
    const set = new FingerprintSet();
    const n = 3_000_000;
    let wrong = 0;
    for (let i = 0; i < n; i++) if (set.add(Math.imul(i, 0x9e3779b1) >>> 0, i + 1, i) !== -1) wrong++;
    for (let i = 0; i < n; i++) if (set.get(Math.imul(i, 0x9e3779b1) >>> 0, i + 1) !== i) wrong++;
    expect(wrong).toBe(0);
    expect(set.size).toBe(n);
  });
});
