/**
 * How a search fingerprints its states: from the world's fields (model/world-fingerprint.ts), or
 * with symmetry from its canonical form (model/symmetry-fingerprint.ts). Both keep the hashes of
 * the threads of the world being expanded, which its successors share but for one thread
 * (world.ts `stepCopy`): `expanding(w)` before fingerprinting w's successors.
 *
 * With children permuted, a world also has a note (`noteWords` words, kept in its row of the
 * level: packed-frontier.ts): what its fingerprint learnt that its successors' can reuse (its
 * children's signatures). `of` writes the note of the world it fingerprints into `note`; the
 * search stores it with the world and hands it back to `expanding`.
 */
import type { World } from '../model/world.ts';
import type { Symmetry } from '../model/symmetry.ts';
import { ThreadMemo, worldFingerprint } from '../model/world-fingerprint.ts';
import { canonicalFingerprint, noteWords, SymmetryMemo, symmetryMemoOf } from '../model/symmetry-fingerprint.ts';

export interface StateFingerprinter {
  /** Fingerprint `w` into `out` (two words; the second is never 0), and its note into `note`. */
  readonly of: (w: World, out: Uint32Array) => void;
  /**
   * Remember `w`'s threads, and its note (at `at` of `row`; null: none): its successors are
   * fingerprinted next. `threadsAt`: where `row` holds the part ids of `w`'s threads
   * (packed-frontier.ts), so that with symmetry a thread part is hashed once per search (without,
   * hashing by part did not pay: paired A/B 1.02, 0.96–1.10, issue 16).
   */
  readonly expanding: (w: World, row: Int32Array | null, at: number, threadsAt: number) => void;
  /** Words of a world's note (0: no note). */
  readonly noteWords: number;
  /** The note of the world `of` fingerprinted last. */
  readonly note: Int32Array;
}

export function stateFingerprinter(sym: Symmetry | null): StateFingerprinter {
  if (sym) {
    const memo = new SymmetryMemo(sym);
    const words = noteWords(sym);
    const note = new Int32Array(words);
    const keep = words > 0 ? note : null;
    return {
      of: (w, out) => canonicalFingerprint(sym, w, out, memo, keep),
      expanding: (w, row, at, threadsAt) => symmetryMemoOf(w, memo, row, at, row, threadsAt),
      noteWords: words,
      note,
    };
  }
  const memo = new ThreadMemo();
  return { of: (w, out) => worldFingerprint(w, out, memo), expanding: (w) => memo.of(w), noteWords: 0, note: new Int32Array(0) };
}
