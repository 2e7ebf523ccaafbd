/**
 * Clustered unit vectors, the shape real embeddings have (topics), rather than uniform
 * random ones: on uniform data every point is nearly equidistant from every other, which
 * makes HNSW look worse and exact scans look no different than they are.
 */

/** mulberry32: small, fast, seedable; the bench must produce the same data every run. */
export const seededRandom = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const gaussian = (random: () => number): (() => number) => {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    // Box-Muller; 1 - u keeps log away from 0
    const u = 1 - random();
    const v = random();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
};

const normaliseRow = (matrix: Float32Array, offset: number, dimensions: number): void => {
  let sum = 0;
  for (let i = 0; i < dimensions; i++) sum += matrix[offset + i]! * matrix[offset + i]!;
  const scale = sum > 0 ? 1 / Math.sqrt(sum) : 0;
  for (let i = 0; i < dimensions; i++) matrix[offset + i]! *= scale;
};

export interface ClusteredSet {
  readonly dimensions: number;
  readonly count: number;
  /** Row-major, each row unit length. */
  readonly matrix: Float32Array;
  readonly row: (i: number) => Float32Array;
}

export interface ClusterOptions {
  readonly dimensions: number;
  readonly clusters: number;
  /**
   * Per-dimension noise around a unit centre. 0.03 × √1024 ≈ 0.96: a point keeps a cosine
   * of about 0.7 to its centre, so clusters overlap enough that top-10 is not trivial.
   */
  readonly noise: number;
  readonly seed: number;
}

export const DEFAULT_CLUSTERS: ClusterOptions = { dimensions: 1024, clusters: 100, noise: 0.03, seed: 7 };

/** A generator of points around fixed centres; `points(n)` continues the same stream. */
export const clusteredSource = (options: ClusterOptions = DEFAULT_CLUSTERS) => {
  const random = seededRandom(options.seed);
  const normal = gaussian(random);
  const d = options.dimensions;
  const centres = new Float32Array(options.clusters * d);
  for (let i = 0; i < centres.length; i++) centres[i] = normal();
  for (let c = 0; c < options.clusters; c++) normaliseRow(centres, c * d, d);
  // cluster sizes are skewed (a few big topics, many small ones), as FAQ topics are
  const pickCluster = () => Math.floor(options.clusters * random() ** 2);
  const points = (count: number): ClusteredSet => {
    const matrix = new Float32Array(count * d);
    for (let p = 0; p < count; p++) {
      const c = pickCluster();
      for (let i = 0; i < d; i++) matrix[p * d + i] = centres[c * d + i]! + options.noise * normal();
      normaliseRow(matrix, p * d, d);
    }
    return { dimensions: d, count, matrix, row: (i) => matrix.subarray(i * d, (i + 1) * d) };
  };
  return { points, random };
};
