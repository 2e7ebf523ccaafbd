/**
 * Turns one text into a unit-length hashed feature vector: stemmed words, stemmed word
 * pairs and character n-grams of each word, each feature hashed to a signed dimension.
 *
 * Why these families: stems make inflected forms meet ("доставку"/"доставка"), word
 * pairs keep a little word order ("top up" vs "up top" is rare, "card payment" vs
 * "payment card" is common enough not to care), and character n-grams with word-boundary
 * markers give typo tolerance and catch shared roots the stemmer misses
 * ("вернуть"/"возврат" still won't meet; that needs a real model).
 */
import { tokens, type Token } from '../../src/domain/text-analysis.js';
import { familySeed, fmix32, fnv1aRange, hashString } from './feature-hashing.js';

export interface HashedFeatureConfig {
  /** Weight of one stemmed content word. */
  readonly unigramWeight: number;
  /** Weight of one pair of adjacent stemmed content words. */
  readonly bigramWeight: number;
  /** Total weight (L2) of one word's character n-grams. */
  readonly charWeight: number;
  /** Shortest and longest character n-gram, boundary markers included. */
  readonly charMinN: number;
  readonly charMaxN: number;
  /** Take character n-grams of the stem instead of the surface word. */
  readonly charFromStem: boolean;
}

export const DEFAULT_FEATURE_CONFIG: HashedFeatureConfig = {
  unigramWeight: 1,
  bigramWeight: 0.5,
  charWeight: 1,
  charMinN: 3,
  charMaxN: 5,
  charFromStem: false,
};

const UNIGRAM_SEED = familySeed('unigram');
const BIGRAM_SEED = familySeed('bigram');
const CHAR_SEED = familySeed('char-ngram');
const EMPTY_SEED = familySeed('empty-text');

/** Accumulates raw term frequencies per hashed feature, then weighs them sublinearly. */
class FeatureCounts {
  private readonly counts = new Map<number, number>();
  private readonly weights = new Map<number, number>();

  add(hash: number, weight: number): void {
    this.counts.set(hash, (this.counts.get(hash) ?? 0) + 1);
    // A feature keeps the largest weight it was seen with (only char n-grams vary per word).
    const previous = this.weights.get(hash);
    if (previous === undefined || weight > previous) this.weights.set(hash, weight);
  }

  /** Adds every feature into `vector` with weight × (1 + ln tf), signed by the hash's top bit. */
  addTo(vector: Float32Array): void {
    const dims = vector.length;
    const mask = (dims & (dims - 1)) === 0 ? dims - 1 : -1;
    for (const [hash, count] of this.counts) {
      const index = mask >= 0 ? hash & mask : hash % dims;
      const sign = hash >>> 31 === 0 ? 1 : -1;
      const weight = this.weights.get(hash) ?? 0;
      vector[index] = (vector[index] ?? 0) + sign * weight * (1 + Math.log(count));
    }
  }
}

const addCharNgrams = (features: FeatureCounts, word: string, config: HashedFeatureConfig): void => {
  // Boundary markers let "<ка" (a prefix) differ from "ка" inside a word; chars outside any alphabet.
  const padded = `\u0002${word}\u0003`;
  const n = padded.length;
  const minN = Math.min(config.charMinN, n);
  let total = 0;
  for (let size = minN; size <= config.charMaxN; size++) total += Math.max(0, n - size + 1);
  if (total === 0) return;
  const weight = config.charWeight / Math.sqrt(total);
  for (let size = minN; size <= config.charMaxN; size++) {
    for (let start = 0; start + size <= n; start++) {
      features.add(fmix32(fnv1aRange(padded, start, start + size, CHAR_SEED)), weight);
    }
  }
};

const emptyTextVector = (dimensions: number): Float32Array => {
  const vector = new Float32Array(dimensions);
  vector[hashString('', EMPTY_SEED) % dimensions] = 1;
  return vector;
};

const normalise = (vector: Float32Array): boolean => {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += (vector[i] ?? 0) * (vector[i] ?? 0);
  if (!(sum > 0)) return false;
  const scale = 1 / Math.sqrt(sum);
  for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] ?? 0) * scale;
  return true;
};

/** The content words of a text, or all of its words when every one is a stop word ("Как?"). */
const meaningfulTokens = (text: string): Token[] => {
  const all = tokens(text);
  const content = all.filter((token) => !token.isStopWord);
  return content.length > 0 ? content : all;
};

/**
 * A unit-length vector for `text`. A text without any letter or digit (empty, spaces,
 * punctuation, emoji) gets one fixed unit vector, the same for all such texts, rather than
 * zeros: a zero vector has no cosine (pgvector returns NaN for it) and would break the
 * port's unit-length promise.
 */
export const hashedTextVector = (
  text: string,
  dimensions: number,
  config: HashedFeatureConfig = DEFAULT_FEATURE_CONFIG,
): Float32Array => {
  const words = meaningfulTokens(text);
  if (words.length === 0) return emptyTextVector(dimensions);

  const features = new FeatureCounts();
  let previous: string | undefined;
  for (const token of words) {
    if (config.unigramWeight > 0) features.add(hashString(token.term, UNIGRAM_SEED), config.unigramWeight);
    if (config.bigramWeight > 0 && previous !== undefined) {
      features.add(hashString(`${previous}\u0001${token.term}`, BIGRAM_SEED), config.bigramWeight);
    }
    if (config.charWeight > 0) addCharNgrams(features, config.charFromStem ? token.term : token.word, config);
    previous = token.term;
  }

  const vector = new Float32Array(dimensions);
  features.addTo(vector);
  // Every feature can cancel out only by a hash collision with opposite signs; fall back rather than return zeros.
  return normalise(vector) ? vector : emptyTextVector(dimensions);
};
