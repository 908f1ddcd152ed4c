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

  /**
   * A standard normal variate, by the ziggurat method of Marsaglia & Tsang (2000) with 128
   * layers: about 99% of draws cost one 32-bit integer and one comparison. Normal draws
   * dominate the cost of generating data, which is why this is not Box-Muller.
   */
  normal(): number {
    const bits = this.nextUint32() | 0;
    const layer = bits & 127;
    if (Math.abs(bits) < ZIGGURAT.thresholds[layer]!) return bits * ZIGGURAT.widths[layer]!;
    return this.normalSlowPath(bits, layer);
  }

  private normalSlowPath(firstBits: number, firstLayer: number): number {
    let bits = firstBits;
    let layer = firstLayer;
    for (;;) {
      const x = bits * ZIGGURAT.widths[layer]!;
      if (layer === 0) return this.normalTail(bits > 0);
      const lower = ZIGGURAT.densities[layer]!;
      const upper = ZIGGURAT.densities[layer - 1]!;
      if (lower + this.uniform() * (upper - lower) < Math.exp(-0.5 * x * x)) return x;

      bits = this.nextUint32() | 0;
      layer = bits & 127;
      if (Math.abs(bits) < ZIGGURAT.thresholds[layer]!) return bits * ZIGGURAT.widths[layer]!;
    }
  }

  /** A draw from the normal tail beyond the base strip's edge (Marsaglia 1964). */
  private normalTail(isPositive: boolean): number {
    const edge = ZIGGURAT_EDGE;
    let x: number;
    let y: number;
    do {
      x = -Math.log(1 - this.uniform()) / edge;
      y = -Math.log(1 - this.uniform());
    } while (2 * y < x * x);
    return isPositive ? edge + x : -edge - x;
  }

  /** Fills `out` with independent normal variates of the given standard deviation. */
  fillNormal<T extends Float32Array | Float64Array>(out: T, std = 1): T {
    for (let i = 0; i < out.length; i++) out[i] = this.normal() * std;
    return out;
  }
}

/** Right edge of the base strip and area of each layer, for 128 layers. */
const ZIGGURAT_EDGE = 3.442619855899;
const ZIGGURAT_LAYER_AREA = 9.91256303526217e-3;

/** Per-layer tables: acceptance thresholds on |int32|, int32-to-x scales, and densities. */
const ZIGGURAT = buildZigguratTables();

function buildZigguratTables() {
  const intScale = 2147483648;
  const thresholds = new Float64Array(128);
  const widths = new Float64Array(128);
  const densities = new Float64Array(128);
  let edge = ZIGGURAT_EDGE;
  let previousEdge = edge;
  const baseWidth = ZIGGURAT_LAYER_AREA / Math.exp(-0.5 * edge * edge);

  thresholds[0] = Math.floor((edge / baseWidth) * intScale);
  thresholds[1] = 0;
  widths[0] = baseWidth / intScale;
  widths[127] = edge / intScale;
  densities[0] = 1;
  densities[127] = Math.exp(-0.5 * edge * edge);
  for (let i = 126; i >= 1; i--) {
    edge = Math.sqrt(-2 * Math.log(ZIGGURAT_LAYER_AREA / edge + Math.exp(-0.5 * edge * edge)));
    thresholds[i + 1] = Math.floor((edge / previousEdge) * intScale);
    previousEdge = edge;
    densities[i] = Math.exp(-0.5 * edge * edge);
    widths[i] = edge / intScale;
  }
  return { thresholds, widths, densities };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
