/**
 * Seeded randomness for the benchmark: every pack, query and note it generates is a pure function of
 * (size, seed), so two runs measure the same work. Never Math.random.
 */

export type Rand = () => number;

/** mulberry32: a small, fast 32-bit PRNG returning floats in [0, 1). */
export function prng(seed: number): Rand {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [lo, hi]. */
export function int(rand: Rand, lo: number, hi: number): number {
  return lo + Math.floor(rand() * (hi - lo + 1));
}

export function pick<T>(rand: Rand, items: readonly T[]): T {
  if (items.length === 0) throw new RangeError('pick from an empty list');
  return items[Math.floor(rand() * items.length)]!;
}

/** True with probability p. */
export function chance(rand: Rand, p: number): boolean {
  return rand() < p;
}

/** Derives an independent seed for a named stream, so adding one stream never shifts another. */
export function subSeed(seed: number, name: string): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
