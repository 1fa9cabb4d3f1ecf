/**
 * A small seeded PRNG (sfc32, seeded through splitmix32) for the organisation generator.
 * Deterministic for a seed on every platform, so a seed names one organisation and one history.
 * Math.random is never used by the generator or the evolution.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** Shuffles in place (Fisher-Yates) and returns the same array. */
  shuffle<T>(items: T[]): T[];
  /** One item, chosen with probability proportional to its weight (weights >= 0, not all 0). */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  /** Standard normal deviate (Box-Muller). */
  gaussian(): number;
  /** Poisson-distributed count with mean lambda (exact for small lambda, normal approximation above 30). */
  poisson(lambda: number): number;
  /** A fresh generator whose stream depends on this one's state and the label, for independent sub-streams. */
  fork(label: string): Rng;
  /** The internal state, to checkpoint a generator (restore with createRng(0, state)). */
  state(): [number, number, number, number];
}

/** 32-bit FNV-1a of a string: turns labels into seeds. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * A uniform number in [0, 1) that depends only on the seed and the key: used for per-entity
 * traits (how late a leaver's removal will be, how often someone logs in) that must be the
 * same whenever they are asked for, without storing them in the model.
 */
export function unitHash(seed: number, key: string): number {
  const next = splitmix32((hashString(key) ^ Math.imul(seed >>> 0, 0x27d4eb2d)) >>> 0);
  next();
  return next() / 4294967296;
}

/** Creates a generator for a seed (any finite number; fractions are truncated), or from a saved state. */
export function createRng(seed: number, state?: readonly [number, number, number, number]): Rng {
  let a: number, b: number, c: number, d: number;
  if (state) {
    [a, b, c, d] = state;
  } else {
    const sm = splitmix32(Math.trunc(seed) >>> 0);
    a = sm();
    b = sm();
    c = sm();
    d = sm();
  }

  const nextU32 = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Warm up so that nearby seeds diverge at once.
  if (!state) for (let i = 0; i < 12; i++) nextU32();

  const rng: Rng = {
    next: () => nextU32() / 4294967296,
    int(min, max) {
      if (max < min) throw new Error(`rng.int: max ${max} is below min ${min}`);
      return min + Math.floor(rng.next() * (max - min + 1));
    },
    chance: (p) => rng.next() < p,
    pick(items) {
      if (items.length === 0) throw new Error('rng.pick: empty array');
      return items[Math.floor(rng.next() * items.length)] as (typeof items)[number];
    },
    shuffle(items) {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(rng.next() * (i + 1));
        const tmp = items[i] as (typeof items)[number];
        items[i] = items[j] as (typeof items)[number];
        items[j] = tmp;
      }
      return items;
    },
    weighted(items) {
      let total = 0;
      for (const [, w] of items) total += w;
      if (!(total > 0)) throw new Error('rng.weighted: weights sum to zero');
      let r = rng.next() * total;
      for (const [item, w] of items) {
        r -= w;
        if (r < 0) return item;
      }
      const last = items[items.length - 1];
      if (!last) throw new Error('rng.weighted: empty list');
      return last[0];
    },
    gaussian() {
      const u = 1 - rng.next();
      const v = rng.next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    poisson(lambda) {
      if (!(lambda > 0)) return 0;
      if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rng.gaussian()));
      const limit = Math.exp(-lambda);
      let k = 0;
      let p = rng.next();
      while (p > limit) {
        k++;
        p *= rng.next();
      }
      return k;
    },
    fork(label) {
      return createRng((nextU32() ^ hashString(label)) >>> 0);
    },
    state: () => [a >>> 0, b >>> 0, c >>> 0, d >>> 0],
  };
  return rng;
}
