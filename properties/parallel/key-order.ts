/**
 * The order that sorts a worker's share by key. A share is a few sorted runs: the successors the
 * worker kept (made in key order) and each batch another worker handed it (the sorted tail of that
 * worker's share). Merging the runs is linear; a comparison sort of a 150,000-state share was
 * 50–60 ms a level, serial time the other workers wait out.
 */

/** Indices of `keys[0..n)` in increasing key order, or null when they already are in order. */
export function keyOrder(keys: Float64Array, n: number): Int32Array | null {
  const starts: number[] = [0];
  for (let i = 1; i < n; i++) if (keys[i - 1]! > keys[i]!) starts.push(i);
  if (starts.length === 1) return null;
  starts.push(n);
  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let spare = new Int32Array(n);
  // Bottom-up: merge neighbouring runs until one is left.
  let runs = starts;
  while (runs.length > 2) {
    const merged: number[] = [0];
    for (let r = 0; r + 1 < runs.length; r += 2) {
      const lo = runs[r]!;
      const mid = runs[r + 1]!;
      const hi = r + 2 < runs.length ? runs[r + 2]! : mid;
      let a = lo;
      let b = mid;
      let o = lo;
      while (a < mid && b < hi) spare[o++] = keys[order[a]!]! <= keys[order[b]!]! ? order[a++]! : order[b++]!;
      while (a < mid) spare[o++] = order[a++]!;
      while (b < hi) spare[o++] = order[b++]!;
      merged.push(hi);
    }
    if (merged[merged.length - 1] !== n) merged.push(n);
    [order, spare] = [spare, order];
    runs = merged;
  }
  return order;
}
