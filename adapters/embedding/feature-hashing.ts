/**
 * Deterministic 32-bit string hashing for the feature-hashing trick.
 *
 * FNV-1a is tiny and fast over UTF-16 code units, but its low bits mix poorly and the
 * vector index is taken from the low bits, so every hash is finished with murmur3's
 * fmix32 avalanche. Each feature family hashes from its own seed, so a word and a
 * character n-gram spelled the same land on unrelated dimensions.
 */

const FNV_PRIME = 0x01000193;
export const FNV_OFFSET = 0x811c9dc5;

/** murmur3's 32-bit finaliser: every input bit affects every output bit. */
export const fmix32 = (input: number): number => {
  let h = input;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
};

/** FNV-1a over `text[start, end)` continuing from `seed`, without the final mix (so calls can be chained). */
export const fnv1aRange = (text: string, start: number, end: number, seed: number): number => {
  let h = seed;
  for (let i = start; i < end; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
};

/** A well-mixed 32-bit hash of `text` in the family identified by `seed`. */
export const hashString = (text: string, seed: number): number => fmix32(fnv1aRange(text, 0, text.length, seed));

/** A family seed derived from a name, so families are named in code rather than by magic numbers. */
export const familySeed = (name: string): number => fmix32(fnv1aRange(name, 0, name.length, FNV_OFFSET));
