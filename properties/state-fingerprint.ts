/**
 * How a search fingerprints its states: from the world's fields (model/world-fingerprint.ts), or
 * with symmetry from its canonical form (model/symmetry-fingerprint.ts). Both keep the hashes of
 * the threads of the world being expanded, which its successors share but for one thread
 * (world.ts `stepCopy`): `expanding(w)` before fingerprinting w's successors.
 */
import type { World } from '../model/world.ts';
import type { Symmetry } from '../model/symmetry.ts';
import { ThreadMemo, worldFingerprint } from '../model/world-fingerprint.ts';
import { canonicalFingerprint, SymmetryMemo, symmetryMemoOf } from '../model/symmetry-fingerprint.ts';

export interface StateFingerprinter {
  /** Fingerprint `w` into `out` (two words; the second is never 0). */
  readonly of: (w: World, out: Uint32Array) => void;
  /** Remember `w`'s threads: its successors are fingerprinted next. */
  readonly expanding: (w: World) => void;
}

export function stateFingerprinter(sym: Symmetry | null): StateFingerprinter {
  if (sym) {
    const memo = new SymmetryMemo(sym);
    return { of: (w, out) => canonicalFingerprint(sym, w, out, memo), expanding: (w) => symmetryMemoOf(w, memo) };
  }
  const memo = new ThreadMemo();
  return { of: (w, out) => worldFingerprint(w, out, memo), expanding: (w) => memo.of(w) };
}
