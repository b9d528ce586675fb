/**
 * The 64-bit fingerprint of a string: what the search's fingerprint sets (properties/) and the
 * symmetric fingerprint (symmetry-fingerprint.ts) remember of a canonical key. In the model
 * because the model computes it; the sets that store it are the search's.
 */

/** Two independent 32-bit hashes of a string (FNV-1a and a murmur-style multiply-rotate), as one 64-bit fingerprint. */
export function fingerprint(s: string, out: Uint32Array): void {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  // Final avalanche, so that the low bits used for the slot index mix every character.
  a ^= a >>> 16;
  a = Math.imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  b ^= b >>> 16;
  b = Math.imul(b, 0xc2b2ae35);
  b ^= b >>> 16;
  out[0] = a >>> 0;
  out[1] = b >>> 0 || 1; // 0 in the second word marks an empty slot
}
