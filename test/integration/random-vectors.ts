import { EMBEDDING_DIMENSIONS } from '../../src/domain/entities/knowledge-entry.js';

/** Deterministic pseudo-random unit vectors (xorshift), so failures reproduce. */
export const randomUnitVectors = (count: number, seed: number): Float32Array[] => {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) / 0xffffffff) * 2 - 1;
  };
  return Array.from({ length: count }, () => {
    const v = new Float32Array(EMBEDDING_DIMENSIONS);
    let norm = 0;
    for (let i = 0; i < v.length; i++) {
      v[i] = next();
      norm += v[i]! * v[i]!;
    }
    for (let i = 0; i < v.length; i++) v[i]! /= Math.sqrt(norm);
    return v;
  });
};
