/**
 * Language-aware text normalisation shared by text search (BM25 in the in-memory adapter)
 * and the offline embedder: Unicode NFC, lower case, ё→е, words split on anything not a letter or
 * digit, stop words dropped, Cyrillic words stemmed with Snowball Russian and Latin words
 * with Porter2, so inflected forms meet ("доставка", "доставки", "доставкой" → "доставк").
 *
 * Pure and dependency-free. Stems are memoised because the same few thousand words
 * recur in every text; the memo is bounded so a hostile stream of unique words cannot
 * grow it without limit.
 */
import { stemEnglish } from './english-stemmer.js';
import { stemRussian } from './russian-stemmer.js';
import { isStopWord } from './stop-words.js';

export { isStopWord } from './stop-words.js';

// Apostrophes inside a word are kept so that "can't" and "customer's" stay one word.
const WORD_RE = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;
const CYRILLIC_RE = /[а-я]/;
const LATIN_ONLY_RE = /^[a-z]+$/;

/** The stemmer's term for negation; contractions and apostrophe-less forms map to it. */
const NOT = 'not';
const NEGATED_AUXILIARIES = new Set([
  'dont',
  'doesnt',
  'didnt',
  'cant',
  'cannot',
  'wont',
  'isnt',
  'arent',
  'wasnt',
  'werent',
  'havent',
  'hasnt',
  'hadnt',
  'couldnt',
  'wouldnt',
  'shouldnt',
  'aint',
]);
const CLITICS = ["'s", "'re", "'ve", "'ll", "'d", "'m"];

const STEM_CACHE_LIMIT = 50_000;
const stemCache = new Map<string, string>();

/**
 * The stem of one lower-case, ё-folded word: Snowball Russian for words with Cyrillic
 * letters, Porter2 for Latin-only words, the word itself otherwise (numbers, codes,
 * mixed scripts), since a stemmer for one language mangles another.
 */
export const stemWord = (word: string): string => {
  const cached = stemCache.get(word);
  if (cached !== undefined) return cached;
  const stem = CYRILLIC_RE.test(word) ? stemRussian(word) : LATIN_ONLY_RE.test(word) ? stemEnglish(word) : word;
  if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
  stemCache.set(word, stem);
  return stem;
};

/** One word of a text as the analyser sees it. */
export interface Token {
  /** Lower-cased, ё-folded surface form with English clitics removed ("customer's" → "customer"). */
  readonly word: string;
  /** The search term: the stem of `word`, or "not" for a negated auxiliary ("don't", "cant"). */
  readonly term: string;
  /** Whether `word` is too common to tell texts apart. */
  readonly isStopWord: boolean;
}

/**
 * Lower-cased, ё-folded words of `text`, in order, stop words included. NFC first: in NFD
 * "й" is "и" plus a combining mark, which is not a letter, so the word would split in two
 * and stem wrongly. Text already in NFC (all text the codecs let in) is unchanged by it.
 */
export const words = (text: string): string[] =>
  text.normalize('NFC').toLowerCase().replace(/ё/g, 'е').replace(/’/g, "'").match(WORD_RE) ?? [];

const toToken = (raw: string): Token => {
  if (raw.endsWith("n't") || NEGATED_AUXILIARIES.has(raw)) return { word: raw, term: NOT, isStopWord: false };
  let word = raw;
  const apostrophe = word.indexOf("'");
  if (apostrophe >= 0) {
    const clitic = CLITICS.find((c) => word.endsWith(c));
    word = clitic === undefined ? word.replace(/'/g, '') : word.slice(0, -clitic.length).replace(/'/g, '');
  }
  const stop = isStopWord(word);
  return { word, term: stop ? word : stemWord(word), isStopWord: stop };
};

/** Every word of `text` with its term, stop words included and marked. */
export const tokens = (text: string): Token[] => words(text).map(toToken);

/** Stemmed search terms of `text`, in order, without stop words. */
export const analyzeText = (text: string): string[] => {
  const terms: string[] = [];
  for (const raw of words(text)) {
    const token = toToken(raw);
    if (!token.isStopWord && token.term.length > 0) terms.push(token.term);
  }
  return terms;
};
