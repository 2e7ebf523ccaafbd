/**
 * The Snowball Russian stemmer (https://snowballstem.org/algorithms/russian/stemmer.html),
 * written out by hand because domain code may not depend on packages.
 *
 * Input must already be lower case with ё folded to е (text-analysis does both), since
 * the suffix tables below are written without ё.
 */

const VOWELS = new Set(['а', 'е', 'и', 'о', 'у', 'ы', 'э', 'ю', 'я']);

/** A suffix table entry; `afterAOrYa` marks the Snowball "group 1" endings that count only after а or я. */
interface Suffix {
  readonly text: string;
  readonly afterAOrYa: boolean;
}

// Snowball's `among` picks the longest matching suffix, so each table is sorted longest first.
const table = (group1: ReadonlyArray<string>, group2: ReadonlyArray<string> = []): ReadonlyArray<Suffix> =>
  [...group1.map((text) => ({ text, afterAOrYa: true })), ...group2.map((text) => ({ text, afterAOrYa: false }))].sort(
    (a, b) => b.text.length - a.text.length,
  );

const PERFECTIVE_GERUND = table(['в', 'вши', 'вшись'], ['ив', 'ивши', 'ившись', 'ыв', 'ывши', 'ывшись']);
const ADJECTIVE = table(
  [],
  [
    'ее',
    'ие',
    'ые',
    'ое',
    'ими',
    'ыми',
    'ей',
    'ий',
    'ый',
    'ой',
    'ем',
    'им',
    'ым',
    'ом',
    'его',
    'ого',
    'ему',
    'ому',
    'их',
    'ых',
    'ую',
    'юю',
    'ая',
    'яя',
    'ою',
    'ею',
  ],
);
const PARTICIPLE = table(['ем', 'нн', 'вш', 'ющ', 'щ'], ['ивш', 'ывш', 'ующ']);
const REFLEXIVE = table([], ['ся', 'сь']);
const VERB = table(
  ['ла', 'на', 'ете', 'йте', 'ли', 'й', 'л', 'ем', 'н', 'ло', 'но', 'ет', 'ют', 'ны', 'ть', 'ешь', 'нно'],
  [
    'ила',
    'ыла',
    'ена',
    'ейте',
    'уйте',
    'ите',
    'или',
    'ыли',
    'ей',
    'уй',
    'ил',
    'ыл',
    'им',
    'ым',
    'ен',
    'ило',
    'ыло',
    'ено',
    'ят',
    'ует',
    'уют',
    'ит',
    'ыт',
    'ены',
    'ить',
    'ыть',
    'ишь',
    'ую',
    'ю',
  ],
);
const NOUN = table(
  [],
  [
    'а',
    'ев',
    'ов',
    'ие',
    'ье',
    'е',
    'иями',
    'ями',
    'ами',
    'еи',
    'ии',
    'и',
    'ией',
    'ей',
    'ой',
    'ий',
    'й',
    'иям',
    'ям',
    'ием',
    'ем',
    'ам',
    'ом',
    'о',
    'у',
    'ах',
    'иях',
    'ях',
    'ы',
    'ь',
    'ию',
    'ью',
    'ю',
    'ия',
    'ья',
    'я',
  ],
);
const DERIVATIONAL = table([], ['ост', 'ость']);
const SUPERLATIVE = table([], ['ейш', 'ейше']);

/**
 * Length of `word` after removing the longest suffix of `suffixes` that lies wholly at or
 * after `limit`, or -1 when none applies. As in Snowball, a group-1 ending whose
 * а/я condition fails makes the whole step fail rather than falling back to a shorter one.
 */
const removeSuffix = (word: string, end: number, limit: number, suffixes: ReadonlyArray<Suffix>): number => {
  for (const suffix of suffixes) {
    const start = end - suffix.text.length;
    if (start < limit || !word.startsWith(suffix.text, start)) continue;
    if (suffix.afterAOrYa) {
      const before = word[start - 1];
      return start - 1 >= limit && (before === 'а' || before === 'я') ? start : -1;
    }
    return start;
  }
  return -1;
};

/**
 * Start of RV and R2 (Snowball's pV and p2), `word.length` when a region is empty.
 * RV follows the first vowel; R1 follows the first non-vowel after a vowel; R2 is R1 of R1.
 */
const regions = (word: string): { rv: number; r2: number } => {
  const n = word.length;
  const isVowel = (k: number): boolean => VOWELS.has(word[k] ?? '');
  let i = 0;
  while (i < n && !isVowel(i)) i++;
  if (i >= n) return { rv: n, r2: n };
  const rv = ++i;
  while (i < n && isVowel(i)) i++;
  if (i >= n) return { rv, r2: n };
  i++;
  while (i < n && !isVowel(i)) i++;
  if (i >= n) return { rv, r2: n };
  i++;
  while (i < n && isVowel(i)) i++;
  if (i >= n) return { rv, r2: n };
  return { rv, r2: i + 1 };
};

/** Stem of one lower-case, ё-free Russian word. */
export const stemRussian = (word: string): string => {
  const { rv, r2 } = regions(word);
  if (rv >= word.length) return word;
  let end = word.length;

  // Step 1: a perfective gerund, or else an optional reflexive then an adjectival, verb or noun ending.
  const gerund = removeSuffix(word, end, rv, PERFECTIVE_GERUND);
  if (gerund >= 0) {
    end = gerund;
  } else {
    const reflexive = removeSuffix(word, end, rv, REFLEXIVE);
    if (reflexive >= 0) end = reflexive;
    const adjective = removeSuffix(word, end, rv, ADJECTIVE);
    if (adjective >= 0) {
      end = adjective;
      const participle = removeSuffix(word, end, rv, PARTICIPLE);
      if (participle >= 0) end = participle;
    } else {
      const verb = removeSuffix(word, end, rv, VERB);
      if (verb >= 0) {
        end = verb;
      } else {
        const noun = removeSuffix(word, end, rv, NOUN);
        if (noun >= 0) end = noun;
      }
    }
  }

  // Step 2: a final и.
  if (end - 1 >= rv && word[end - 1] === 'и') end--;

  // Step 3: -ост(ь), only inside R2.
  const derivational = removeSuffix(word, end, r2, DERIVATIONAL);
  if (derivational >= 0) end = derivational;

  // Step 4: superlative -ейш(е) then нн→н, or нн→н alone, or a final ь.
  const superlative = removeSuffix(word, end, rv, SUPERLATIVE);
  if (superlative >= 0) end = superlative;
  if (end - 2 >= rv && word[end - 1] === 'н' && word[end - 2] === 'н') {
    end--;
  } else if (superlative < 0 && end - 1 >= rv && word[end - 1] === 'ь') {
    end--;
  }

  return word.slice(0, end);
};
