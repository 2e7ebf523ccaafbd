/**
 * The Porter2 ("Snowball English") stemmer, https://snowballstem.org/algorithms/english/stemmer.html,
 * written out by hand because domain code may not depend on packages.
 *
 * Input must be one lower-case word of Latin letters (apostrophes already handled by the
 * tokenizer). Porter2 rather than the 1980 Porter algorithm because it fixes the original's
 * known over- and under-stemming cases (e.g. `-ly`, `generous`/`generously`).
 */

const isVowel = (c: string | undefined): boolean =>
  c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u' || c === 'y';

/** Words whose stem is not what the rules would give (the algorithm's own exception list). */
const EXCEPTIONS: ReadonlyMap<string, string> = new Map([
  ['skis', 'ski'],
  ['skies', 'sky'],
  ['dying', 'die'],
  ['lying', 'lie'],
  ['tying', 'tie'],
  ['idly', 'idl'],
  ['gently', 'gentl'],
  ['ugly', 'ugli'],
  ['early', 'earli'],
  ['only', 'onli'],
  ['singly', 'singl'],
  ['sky', 'sky'],
  ['news', 'news'],
  ['howe', 'howe'],
  ['atlas', 'atlas'],
  ['cosmos', 'cosmos'],
  ['bias', 'bias'],
  ['andes', 'andes'],
]);
const INVARIANT_AFTER_1A = new Set([
  'inning',
  'outing',
  'canning',
  'herring',
  'earring',
  'proceed',
  'exceed',
  'succeed',
]);
const R1_PREFIXES = ['gener', 'commun', 'arsen'];
const DOUBLES = new Set(['bb', 'dd', 'ff', 'gg', 'mm', 'nn', 'pp', 'rr', 'tt']);
const VALID_LI = new Set(['c', 'd', 'e', 'g', 'h', 'k', 'm', 'n', 'r', 't']);

type Rule = readonly [suffix: string, replacement: string];
const byLengthDesc = (rules: ReadonlyArray<Rule>): ReadonlyArray<Rule> =>
  [...rules].sort((a, b) => b[0].length - a[0].length);

const STEP2: ReadonlyArray<Rule> = byLengthDesc([
  ['tional', 'tion'],
  ['enci', 'ence'],
  ['anci', 'ance'],
  ['abli', 'able'],
  ['entli', 'ent'],
  ['izer', 'ize'],
  ['ization', 'ize'],
  ['ational', 'ate'],
  ['ation', 'ate'],
  ['ator', 'ate'],
  ['alism', 'al'],
  ['aliti', 'al'],
  ['alli', 'al'],
  ['fulness', 'ful'],
  ['ousli', 'ous'],
  ['ousness', 'ous'],
  ['iveness', 'ive'],
  ['iviti', 'ive'],
  ['biliti', 'ble'],
  ['bli', 'ble'],
  ['ogi', 'og'],
  ['fulli', 'ful'],
  ['lessli', 'less'],
  ['li', ''],
]);
const STEP3: ReadonlyArray<Rule> = byLengthDesc([
  ['tional', 'tion'],
  ['ational', 'ate'],
  ['alize', 'al'],
  ['icate', 'ic'],
  ['iciti', 'ic'],
  ['ical', 'ic'],
  ['ful', ''],
  ['ness', ''],
  ['ative', ''],
]);
const STEP4: ReadonlyArray<string> = [
  'al',
  'ance',
  'ence',
  'er',
  'ic',
  'able',
  'ible',
  'ant',
  'ement',
  'ment',
  'ent',
  'ism',
  'ate',
  'iti',
  'ous',
  'ive',
  'ize',
  'ion',
].sort((a, b) => b.length - a.length);

/** Start of the region after the first non-vowel that follows a vowel, from `from`. */
const regionAfter = (w: string, from: number): number => {
  for (let i = from + 1; i < w.length; i++) {
    if (!isVowel(w[i]) && isVowel(w[i - 1])) return i + 1;
  }
  return w.length;
};

/** Whether `w` ends in a short syllable (consonant-vowel-consonant not w/x/Y, or vowel-consonant at the start). */
const endsShortSyllable = (w: string): boolean => {
  const n = w.length;
  if (n === 2) return isVowel(w[0]) && !isVowel(w[1]);
  if (n < 3) return false;
  const last = w[n - 1];
  return !isVowel(w[n - 3]) && isVowel(w[n - 2]) && !isVowel(last) && last !== 'w' && last !== 'x' && last !== 'Y';
};

const longestSuffix = <T>(w: string, items: ReadonlyArray<T>, suffixOf: (item: T) => string): T | undefined =>
  items.find((item) => w.endsWith(suffixOf(item)));

const hasVowelBefore = (w: string, end: number): boolean => {
  for (let i = 0; i < end; i++) if (isVowel(w[i])) return true;
  return false;
};

/** Stem of one lower-case English word. */
export const stemEnglish = (word: string): string => {
  const exception = EXCEPTIONS.get(word);
  if (exception !== undefined) return exception;
  if (word.length <= 2) return word;

  // A consonantal y (initial, or after a vowel) becomes Y so the vowel tests skip it.
  let w = word.replace(/^y/, 'Y').replace(/([aeiouy])y/g, '$1Y');

  const prefix = R1_PREFIXES.find((p) => w.startsWith(p));
  const r1 = prefix === undefined ? regionAfter(w, 0) : prefix.length;
  const r2 = regionAfter(w, r1);

  // Step 1a
  if (w.endsWith('sses')) {
    w = w.slice(0, -2);
  } else if (w.endsWith('ied') || w.endsWith('ies')) {
    w = w.length > 4 ? w.slice(0, -2) : w.slice(0, -1);
  } else if (w.endsWith('us') || w.endsWith('ss')) {
    // unchanged
  } else if (w.endsWith('s') && hasVowelBefore(w, w.length - 2)) {
    w = w.slice(0, -1);
  }
  if (INVARIANT_AFTER_1A.has(w)) return w;

  // Step 1b
  const step1b = longestSuffix(w, ['eedly', 'ingly', 'edly', 'eed', 'ing', 'ed'], (s) => s);
  if (step1b === 'eed' || step1b === 'eedly') {
    if (w.length - step1b.length >= r1) w = `${w.slice(0, -step1b.length)}ee`;
  } else if (step1b !== undefined && hasVowelBefore(w, w.length - step1b.length)) {
    w = w.slice(0, -step1b.length);
    if (w.endsWith('at') || w.endsWith('bl') || w.endsWith('iz')) w = `${w}e`;
    else if (DOUBLES.has(w.slice(-2))) w = w.slice(0, -1);
    else if (r1 >= w.length && endsShortSyllable(w)) w = `${w}e`;
  }

  // Step 1c
  if (w.length > 2 && (w.endsWith('y') || w.endsWith('Y')) && !isVowel(w[w.length - 2])) {
    w = `${w.slice(0, -1)}i`;
  }

  // Step 2
  const step2 = longestSuffix(w, STEP2, (rule) => rule[0]);
  if (step2 !== undefined && w.length - step2[0].length >= r1) {
    const start = w.length - step2[0].length;
    const before = w[start - 1] ?? '';
    if (step2[0] === 'ogi' ? before === 'l' : step2[0] === 'li' ? VALID_LI.has(before) : true) {
      w = w.slice(0, start) + step2[1];
    }
  }

  // Step 3
  const step3 = longestSuffix(w, STEP3, (rule) => rule[0]);
  if (step3 !== undefined) {
    const start = w.length - step3[0].length;
    if (start >= r1 && (step3[0] !== 'ative' || start >= r2)) w = w.slice(0, start) + step3[1];
  }

  // Step 4
  const step4 = longestSuffix(w, STEP4, (s) => s);
  if (step4 !== undefined) {
    const start = w.length - step4.length;
    const before = w[start - 1];
    if (start >= r2 && (step4 !== 'ion' || before === 's' || before === 't')) w = w.slice(0, start);
  }

  // Step 5
  if (w.endsWith('e')) {
    const start = w.length - 1;
    if (start >= r2 || (start >= r1 && !endsShortSyllable(w.slice(0, start)))) w = w.slice(0, start);
  } else if (w.endsWith('ll') && w.length - 1 >= r2) {
    w = w.slice(0, -1);
  }

  return w.replace(/Y/g, 'y');
};
