import { describe, expect, it } from 'vitest';
import { NORMALIZED_QUESTION_MAX, normalizeQuestion } from '../../../src/domain/normalize-question.js';

describe('normalizeQuestion', () => {
  it('folds case, ё, punctuation and whitespace so repeats count as one question', () => {
    expect(normalizeQuestion('  Где мой ЗАКАЗ?!  ')).toBe('где мой заказ');
    expect(normalizeQuestion('где\tмой\n\nзаказ')).toBe('где мой заказ');
    expect(normalizeQuestion('Ещё вопрос: всё ли ОК?')).toBe('еще вопрос все ли ок');
    expect(normalizeQuestion('ЁЛКА')).toBe('елка');
  });

  it('counts an NFD question with its NFC twin (NFKC composes "и" + breve into "й")', () => {
    const nfc = 'Какой у вас график? Всё ли в силе?';
    expect(normalizeQuestion(nfc.normalize('NFD'))).toBe(normalizeQuestion(nfc));
    expect(normalizeQuestion(nfc.normalize('NFD'))).toBe('какой у вас график все ли в силе');
  });

  it('keeps words apart across hyphens and slashes, and apostrophes inside words', () => {
    expect(normalizeQuestion('трек-номер/статус')).toBe('трек номер статус');
    expect(normalizeQuestion("Don't ship?")).toBe('dont ship');
  });

  it('keeps digits and folds full-width forms', () => {
    expect(normalizeQuestion('Доставка за 1-2 дня?')).toBe('доставка за 1 2 дня');
    expect(normalizeQuestion('ＡＢＣ１２３')).toBe('abc123');
  });

  it('is empty for punctuation only', () => {
    expect(normalizeQuestion('?!... ,')).toBe('');
  });

  it('caps the result by code points without splitting a surrogate pair', () => {
    const long = 'доставка '.repeat(200);
    expect(Array.from(normalizeQuestion(long)).length).toBeLessThanOrEqual(NORMALIZED_QUESTION_MAX);
    const emoji = '𠀀'.repeat(600);
    const capped = normalizeQuestion(emoji);
    expect(capped).toBe('𠀀'.repeat(NORMALIZED_QUESTION_MAX));
  });

  it('is idempotent', () => {
    for (const text of ['Где мой заказ?!', 'трек-номер', 'ЁЖ', '  a  b ']) {
      expect(normalizeQuestion(normalizeQuestion(text))).toBe(normalizeQuestion(text));
    }
  });
});
