/** Longest normalised question kept (the `unanswered_questions.normalized_text` column). */
export const NORMALIZED_QUESTION_MAX = 500;

/**
 * The key under which repeated unanswered questions are counted together: "Где мой
 * заказ?!" and "где  мой ЗАКАЗ" are one question. NFKC first, so full-width and
 * compatibility forms fold too; "ё" is written "е" by most visitors, so both count as
 * one. Punctuation becomes a space (keeps "трек-номер" two words, not one); apostrophes
 * are dropped so "don't" stays one word. Capped by code points, never splitting a
 * surrogate pair. Empty when nothing but punctuation was asked.
 */
export const normalizeQuestion = (text: string): string => {
  const folded = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/['’ʼ`]/g, '')
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
    .trim();
  const points = Array.from(folded);
  return points.length <= NORMALIZED_QUESTION_MAX
    ? folded
    : points.slice(0, NORMALIZED_QUESTION_MAX).join('').trimEnd();
};
