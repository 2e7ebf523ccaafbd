/**
 * Language-aware text normalisation shared by text search (sql.js) and the offline
 * embedder: lower case, ё→е, words split on anything not a letter or digit, stop words
 * dropped, Russian and English endings stripped so inflected forms meet.
 * (First version; refined together with the offline embedder.)
 */

const WORD_RE = /[\p{L}\p{N}]+/gu;

const STOP_WORDS = new Set([
  'и', 'в', 'во', 'не', 'на', 'с', 'со', 'а', 'но', 'по', 'к', 'ко', 'у', 'о', 'об', 'от', 'до', 'из', 'за',
  'для', 'же', 'ли', 'бы', 'то', 'это', 'как', 'я', 'мы', 'вы', 'он', 'она', 'они', 'мне', 'мой', 'ваш',
  'the', 'a', 'an', 'and', 'or', 'of', 'to', 'in', 'on', 'for', 'is', 'are', 'be', 'it', 'i', 'my', 'me', 'you',
]);

const RU_ENDINGS = [
  'иями', 'ями', 'ами', 'ого', 'его', 'ому', 'ему', 'ыми', 'ими', 'ться', 'тся', 'ешь', 'ишь', 'ете', 'ите',
  'ает', 'яет', 'ует', 'ает', 'ить', 'ать', 'ять', 'еть', 'уть', 'ой', 'ей', 'ий', 'ый', 'ая', 'яя', 'ое', 'ее',
  'ые', 'ие', 'ом', 'ем', 'ам', 'ям', 'ах', 'ях', 'ов', 'ев', 'ию', 'ия', 'ие', 'ии', 'ую', 'юю', 'а', 'я', 'о',
  'е', 'ы', 'и', 'у', 'ю', 'ь', 'й',
];
const EN_ENDINGS = ['ing', 'ed', 'es', 's'];

const stem = (word: string): string => {
  const endings = /[а-я]/.test(word) ? RU_ENDINGS : EN_ENDINGS;
  for (const ending of endings) {
    if (word.length - ending.length >= 3 && word.endsWith(ending)) return word.slice(0, -ending.length);
  }
  return word;
};

/** Lower-cased, ё-folded words of `text`, in order, stop words included. */
export const words = (text: string): string[] =>
  (text.toLowerCase().replace(/ё/g, 'е').match(WORD_RE) ?? []).map((w) => w);

/** Stemmed search terms of `text`, in order, without stop words. */
export const analyzeText = (text: string): string[] =>
  words(text)
    .filter((w) => !STOP_WORDS.has(w))
    .map(stem);
