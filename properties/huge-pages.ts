/**
 * Large typed arrays of the search (the visited table, sequential and shared; the levels and the
 * parent pointers as they grow) on 2 MiB pages where
 * Linux allows it: `madvise(MADV_HUGEPAGE)` on the array's memory, through koffi, before anything
 * is written there.
 *
 * Why: the visited table is read at random, one slot per successor, in hundreds of MiB; with
 * 4 KiB pages nearly every look-up also misses the TLB, and on this machine (a virtual machine)
 * the first write to each fresh page costs 10–15 µs (next-table.ts). Transparent huge pages are
 * `madvise` here (/sys/kernel/mm/transparent_hugepage/enabled): a process gets them only where it
 * asks. A table of 10.7 M fingerprints built with growth took 2.34–2.91 s on huge pages against
 * 3.20–4.38 s without (bench/README.md).
 *
 * Only advice: where it cannot be given (not Linux, no glibc, koffi not loadable, THP off) the
 * array is the same array on small pages, and the search is the same search.
 */
import { createRequire } from 'node:module';

/** Arrays smaller than this are not advised: they span few huge pages, and most of their memory may sit outside the aligned part. */
const MIN_BYTES = 8 << 20;
const HUGE = 2 * 1024 * 1024;
const MADV_HUGEPAGE = 14;

interface Advice {
  readonly addressOf: (a: ArrayBufferView, b: ArrayBufferView, n: number) => number | bigint;
  readonly madvise: (addr: bigint, len: number, advice: number) => number;
}

/** libc's calls, bound once per thread (koffi instances are per thread); null where they cannot be. */
let advice: Advice | null | undefined;

function bind(): Advice | null {
  if (advice !== undefined) return advice;
  advice = null;
  if (process.platform !== 'linux') return null;
  try {
    const koffi = createRequire(import.meta.url)('koffi') as typeof import('koffi');
    const libc = koffi.load('libc.so.6');
    // memmove(p, p, 0) moves nothing and returns p: the address of an array's memory, as a number.
    advice = { addressOf: libc.func('uintptr_t memmove(void *dst, void *src, size_t n)'), madvise: libc.func('int madvise(uintptr_t addr, size_t len, int advice)') };
  } catch {
    // no koffi or no glibc here: small pages
  }
  return advice;
}

/**
 * Ask for huge pages under the 2 MiB-aligned part of `a`'s memory; whether the kernel took the
 * advice (it says nothing of whether pages will be huge: that is THP's setting and free memory).
 * Call it before writing to `a`: pages already written stay small.
 */
export function adviseHugePages(a: ArrayBufferView): boolean {
  if (a.byteLength < MIN_BYTES) return false;
  const f = bind();
  if (f === null) return false;
  const at = BigInt(f.addressOf(a, a, 0));
  const start = (at + BigInt(HUGE - 1)) & ~BigInt(HUGE - 1);
  const end = (at + BigInt(a.byteLength)) & ~BigInt(HUGE - 1);
  if (end <= start) return false;
  return f.madvise(start, Number(end - start), MADV_HUGEPAGE) === 0;
}

/** The address of `a`'s memory, or null where libc cannot be called (for the tests: /proc/self/smaps tells what the kernel made of the advice). */
export function arrayAddress(a: ArrayBufferView): bigint | null {
  const f = bind();
  return f === null ? null : BigInt(f.addressOf(a, a, 0));
}

/** `a`, new and not written yet, advised onto huge pages (`adviseHugePages`). */
export function huge<T extends ArrayBufferView>(a: T): T {
  adviseHugePages(a);
  return a;
}
