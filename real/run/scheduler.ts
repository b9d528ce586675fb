/**
 * Who chooses, for `reapcheck run` (style.md §2: "what can happen" apart from "who chooses"): at
 * each decision the run offers the options that are possible now — a stopped call of one of the
 * program's threads, a child's exit, an unrelated process taking a freed number — each with a
 * stable key (`p0/t2`, `exit c1`, `take c1`), and a chooser picks one. Seeded; no clock.
 *
 * - `random`: uniform among the options.
 * - `pct`: probabilistic concurrency testing (Burckhardt et al., ASPLOS 2010): every actor (a
 *   thread, or the environment) gets a random priority when first seen, the highest-priority
 *   option runs, and at `depth − 1` random decisions the running actor drops below every other.
 * - `replay`: the keys of a saved schedule, in order; a key that is not offered (the program went
 *   another way) falls back to the oldest option, and the replay says it diverged.
 */

export interface Option {
  /** Stable across runs of the same program: what a saved schedule records. */
  readonly key: string;
  /** Who acts: a thread label, or `env`. */
  readonly actor: string;
}

export type SchedulerKind = 'random' | 'pct';

export interface Chooser {
  /** The index of the option to run. */
  choose(options: readonly Option[]): number;
  /** For `replay`: how many recorded keys were not offered when their turn came. */
  readonly misses?: number;
  /** For `replay`: the key it will want next (the run waits a little for it to be offered). */
  peek?(): string | undefined;
}

/** mulberry32: a small seeded generator (the schedule is reproducible from its seed). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomChooser(seed: number): Chooser {
  const r = rng(seed);
  return { choose: (options) => Math.floor(r() * options.length) };
}

/** PCT with `depth` (≥ 1) over schedules of about `horizon` decisions. */
export function pctChooser(seed: number, depth = 3, horizon = 40): Chooser {
  const r = rng(seed);
  const priority = new Map<string, number>();
  const changes = new Set(Array.from({ length: Math.max(0, depth - 1) }, () => Math.floor(r() * horizon)));
  let lowest = 0;
  let step = 0;
  return {
    choose(options) {
      for (const o of options) if (!priority.has(o.actor)) priority.set(o.actor, 1 + r());
      let best = 0;
      for (let i = 1; i < options.length; i++) if (priority.get(options[i]!.actor)! > priority.get(options[best]!.actor)!) best = i;
      if (changes.has(step++)) priority.set(options[best]!.actor, (lowest -= 1));
      return best;
    },
  };
}

/** Follow `keys`; an option not offered is a miss, and the oldest option runs instead. */
export function replayChooser(keys: readonly string[]): Chooser & { misses: number } {
  let i = 0;
  const c = {
    misses: 0,
    peek: () => keys[i],
    choose(options: readonly Option[]) {
      const want = keys[i++];
      const k = options.findIndex((o) => o.key === want);
      if (k >= 0) return k;
      c.misses++;
      return 0;
    },
  };
  return c;
}

export function makeChooser(kind: SchedulerKind, seed: number): Chooser {
  return kind === 'pct' ? pctChooser(seed) : randomChooser(seed);
}
