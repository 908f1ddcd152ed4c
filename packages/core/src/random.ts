/**
 * Seeded pseudo-random numbers (xoshiro128**), with named substreams.
 *
 * Every random quantity in phasegrid comes from a stream derived from `(seed, label)`, so that
 * e.g. the dictionary of seed 3 is the same in every cell whatever the other settings are
 * (common random numbers), and results never depend on the order in which cells run.
 */

const UINT32_TO_UNIT = 1 / 4294967296;

/** Mixes a 32-bit state into a well-spread 32-bit value (splitmix32 finaliser). */
function mix32(value: number): number {
  let z = (value + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Hashes a label to 32 bits (FNV-1a), used to name substreams. */
function hashLabel(label: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    hash = Math.imul(hash ^ label.charCodeAt(i), 0x01000193);
  }
  return hash >>> 0;
}

/** A seeded generator of uniform and normal variates. Not cryptographic. */
export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal = Number.NaN;

  /**
   * @param seed any integer; the generator is fully determined by `(seed, label)`.
   * @param label names an independent substream, e.g. `"dictionary"` or `"data"`.
   */
  constructor(seed: number, label = '') {
    if (!Number.isSafeInteger(seed)) {
      throw new RangeError(`Random: seed must be a safe integer, received ${String(seed)}`);
    }
    const low = seed >>> 0;
    const high = Math.floor(seed / 4294967296) >>> 0;
    let state = mix32(low ^ mix32(high ^ hashLabel(label)));
    this.s0 = state = mix32(state);
    this.s1 = state = mix32(state);
    this.s2 = state = mix32(state);
    this.s3 = mix32(state) || 1;
  }

  /** An independent generator for a named substream of the same seed. */
  static stream(seed: number, label: string): Random {
    return new Random(seed, label);
  }

  /** The next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform variate in [0, 1) with 32 bits of resolution. */
  uniform(): number {
    return this.nextUint32() * UINT32_TO_UNIT;
  }

  /** A uniform integer in [0, n). */
  integer(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** A standard normal variate (Marsaglia's polar method; pairs are cached). */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const spare = this.spareNormal;
      this.spareNormal = Number.NaN;
      return spare;
    }
    let u: number;
    let v: number;
    let r2: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      r2 = u * u + v * v;
    } while (r2 >= 1 || r2 === 0);
    const scale = Math.sqrt((-2 * Math.log(r2)) / r2);
    this.spareNormal = v * scale;
    return u * scale;
  }

  /** Fills `out` with independent normal variates of the given standard deviation. */
  fillNormal(out: Float32Array | Float64Array, std = 1): typeof out {
    for (let i = 0; i < out.length; i++) out[i] = this.normal() * std;
    return out;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
