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
import { tokens, type Token } from '../text/text-analysis.js';
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

/** Adds `weight` at the feature's dimension, signed by the hash's top bit so collisions cancel on average. */
const addFeature = (vector: Float64Array, hash: number, weight: number): void => {
  const dims = vector.length;
  const index = (dims & (dims - 1)) === 0 ? hash & (dims - 1) : hash % dims;
  vector[index] = (vector[index] ?? 0) + (hash >>> 31 === 0 ? weight : -weight);
};

/** 1 + ln(tf): a repeated word counts, but ten repeats do not outweigh three different words. */
const sublinear = (count: number): number => 1 + Math.log(count);

const countInto = (counts: Map<string, number>, key: string): void => {
  counts.set(key, (counts.get(key) ?? 0) + 1);
};

const addCharNgrams = (vector: Float64Array, word: string, weight: number, config: HashedFeatureConfig): void => {
  // Boundary markers let a prefix "<ка" differ from "ка" inside a word; they are outside every alphabet.
  const padded = `\u0002${word}\u0003`;
  const n = padded.length;
  const minN = Math.min(config.charMinN, n);
  let total = 0;
  for (let size = minN; size <= config.charMaxN; size++) total += Math.max(0, n - size + 1);
  if (total === 0) return;
  // Spread the word's weight so that a long word does not drown short ones by its number of n-grams.
  const each = weight / Math.sqrt(total);
  for (let size = minN; size <= config.charMaxN; size++) {
    for (let start = 0; start + size <= n; start++) {
      addFeature(vector, fmix32(fnv1aRange(padded, start, start + size, CHAR_SEED)), each);
    }
  }
};

const emptyTextVector = (dimensions: number): Float32Array => {
  const vector = new Float32Array(dimensions);
  vector[hashString('', EMPTY_SEED) % dimensions] = 1;
  return vector;
};

/** L2-normalises `accumulated` into a new Float32Array, or undefined when it is all zeros. */
const normalised = (accumulated: Float64Array): Float32Array | undefined => {
  let sum = 0;
  for (let i = 0; i < accumulated.length; i++) sum += (accumulated[i] ?? 0) * (accumulated[i] ?? 0);
  if (!(sum > 0)) return undefined;
  const scale = 1 / Math.sqrt(sum);
  const vector = new Float32Array(accumulated.length);
  for (let i = 0; i < accumulated.length; i++) vector[i] = (accumulated[i] ?? 0) * scale;
  return vector;
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

  // Term frequencies are counted per word, not per hashed feature, so that one Map lookup per
  // word (not per character n-gram) is all the bookkeeping; n-grams shared by different words add up.
  const terms = new Map<string, number>();
  const surfaces = new Map<string, number>();
  const pairs = new Map<string, number>();
  let previous: string | undefined;
  for (const token of words) {
    countInto(terms, token.term);
    countInto(surfaces, config.charFromStem ? token.term : token.word);
    if (previous !== undefined) countInto(pairs, `${previous}\u0001${token.term}`);
    previous = token.term;
  }

  const accumulated = new Float64Array(dimensions);
  if (config.unigramWeight > 0) {
    for (const [term, count] of terms)
      addFeature(accumulated, hashString(term, UNIGRAM_SEED), config.unigramWeight * sublinear(count));
  }
  if (config.bigramWeight > 0) {
    for (const [pair, count] of pairs)
      addFeature(accumulated, hashString(pair, BIGRAM_SEED), config.bigramWeight * sublinear(count));
  }
  if (config.charWeight > 0) {
    for (const [word, count] of surfaces)
      addCharNgrams(accumulated, word, config.charWeight * sublinear(count), config);
  }
  // Features cancel to zero only through opposite-signed collisions; fall back rather than return zeros.
  return normalised(accumulated) ?? emptyTextVector(dimensions);
};
