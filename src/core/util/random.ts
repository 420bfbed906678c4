/**
 * Seeded pseudo-random numbers for augmentation and sampling.
 *
 * Why our own generator: `Math.random` cannot be seeded, and training must be reproducible
 * (same seed → same augmented batches) and resumable (the generator state is saved in a
 * checkpoint and restored). The core is mulberry32: one 32-bit word of state, fast, passes
 * the statistical tests that matter for augmentation draws. Its whole state is a single
 * number, so `getState()`/`setState()` round-trip through JSON.
 */
export class Rng {
  private state: number;

  /** @param seed any finite number; non-integers and negatives are folded into 32 bits. */
  constructor(seed: number) {
    this.state = Rng.foldSeed(seed);
  }

  /** Uniform float in [0, 1). */
  next(): number {
    // mulberry32 (Tommy Ettinger), public domain.
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform float in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Uniform integer in [lo, hi) (hi exclusive, like Python's `randrange`). */
  int(lo: number, hi: number): number {
    if (!(hi > lo)) throw new RangeError(`Rng.int: empty range [${lo}, ${hi})`);
    return lo + Math.floor(this.next() * (hi - lo));
  }

  /** True with probability `p`. p=0 never draws true, p=1 always does. */
  bool(p: number): boolean {
    return this.next() < p;
  }

  /**
   * Normal draw (Box–Muller). No cached second value: the cache would be hidden state that
   * `getState()` would have to carry, and augmentation draws few normals per sample.
   */
  normal(mean = 0, std = 1): number {
    let u = this.next();
    while (u === 0) u = this.next();
    const v = this.next();
    return mean + std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A uniformly random element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length)];
  }

  /** Fisher–Yates shuffle in place; returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(0, i + 1);
      const t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
    return items;
  }

  /** A new generator seeded from this one, for independent streams (e.g. one per worker). */
  fork(): Rng {
    return new Rng(Math.floor(this.next() * 4294967296));
  }

  /** The full generator state (a uint32), for checkpoints. */
  getState(): number {
    return this.state >>> 0;
  }

  /** Restores a state returned by `getState()`; the next draws repeat those after it was taken. */
  setState(state: number): void {
    if (!Number.isFinite(state)) throw new RangeError('Rng.setState: state must be a finite number');
    this.state = state | 0;
  }

  private static foldSeed(seed: number): number {
    if (!Number.isFinite(seed)) throw new RangeError('Rng: seed must be a finite number');
    // Mix integer and fractional parts so seeds 1 and 1.5 differ, then scramble once so
    // neighbouring seeds (0, 1, 2...) do not start from neighbouring states.
    const hi = Math.floor(seed);
    const lo = Math.floor((seed - hi) * 4294967296);
    let h = (hi ^ Math.imul(lo, 0x9e3779b1)) | 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return (h ^ (h >>> 16)) | 0;
  }
}

/**
 * mulberry32 as a bare stream of floats in [0, 1) from a 32-bit seed, with no seed
 * scrambling (unlike `Rng`): weight init, benchmark batches and test data use it so the
 * same seed gives the same numbers everywhere.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
