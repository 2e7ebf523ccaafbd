import { describe, expect, it } from 'vitest';
import { stemEnglish } from '../../adapters/text/english-stemmer.js';
import { stemRussian } from '../../adapters/text/russian-stemmer.js';
import { analyzeText, isStopWord, stemWord, tokens, words } from '../../adapters/text/text-analysis.js';

describe('Snowball Russian stemmer', () => {
  // Pairs from the Snowball project's Russian vocabulary/output sample, plus FAQ words.
  it.each([
    ['вавиловка', 'вавиловк'],
    ['вагон', 'вагон'],
    ['вагона', 'вагон'],
    ['вагонах', 'вагон'],
    ['важная', 'важн'],
    ['важнее', 'важн'],
    ['важнейшие', 'важн'],
    ['важнейшими', 'важн'],
    ['важничаешь', 'важнича'],
    ['важно', 'важн'],
    ['важного', 'важн'],
    ['вазы', 'ваз'],
    ['вам', 'вам'],
    ['вами', 'вам'],
    ['красивейший', 'красив'],
    ['подлинности', 'подлин'],
    ['гуляющая', 'гуля'],
    ['писавшими', 'писа'],
    ['сделав', 'сдела'],
    ['трудностей', 'трудност'],
    ['способы', 'способ'],
    ['доступны', 'доступн'],
    ['оформить', 'оформ'],
    ['заказа', 'заказ'],
  ])('%s → %s', (word, stem) => {
    expect(stemRussian(word)).toBe(stem);
  });

  it('gives every case of "доставка" one stem', () => {
    const forms = ['доставка', 'доставки', 'доставке', 'доставку', 'доставкой', 'доставкам', 'доставках'];
    expect(new Set(forms.map(stemRussian))).toEqual(new Set(['доставк']));
  });

  it('lets the verb and the noun of payment meet ("оплатить"/"оплата"/"оплаты")', () => {
    expect(stemRussian('оплатить')).toBe('оплат');
    expect(stemRussian('оплата')).toBe('оплат');
    expect(stemRussian('оплаты')).toBe('оплат');
  });

  it('does not pretend suppletive pairs meet ("вернуть"/"возврат")', () => {
    expect(stemRussian('вернуть')).not.toBe(stemRussian('возврат'));
  });

  it('strips reflexive and participle endings', () => {
    expect(stemRussian('оплачивается')).toBe(stemRussian('оплачивает'));
    expect(stemRussian('доставленный')).toBe('доставлен');
  });

  it('leaves words without a vowel alone', () => {
    expect(stemRussian('вх')).toBe('вх');
  });
});

describe('Porter2 (Snowball English) stemmer', () => {
  // Pairs from the Snowball project's English vocabulary/output sample and the algorithm's definitions.
  it.each([
    ['abandoned', 'abandon'],
    ['abilities', 'abil'],
    ['absolutely', 'absolut'],
    ['consign', 'consign'],
    ['consigned', 'consign'],
    ['consignment', 'consign'],
    ['consistency', 'consist'],
    ['consistently', 'consist'],
    ['consolation', 'consol'],
    ['knackeries', 'knackeri'],
    ['kneaded', 'knead'],
    ['knightly', 'knight'],
    ['generously', 'generous'],
    ['communication', 'communic'],
    ['caresses', 'caress'],
    ['ponies', 'poni'],
    ['ties', 'tie'],
    ['cried', 'cri'],
    ['gas', 'gas'],
    ['gaps', 'gap'],
    ['kiwis', 'kiwi'],
    ['running', 'run'],
    ['hopping', 'hop'],
    ['hoped', 'hope'],
    ['agreed', 'agre'],
    ['happy', 'happi'],
    ['say', 'say'],
    ['relational', 'relat'],
    ['conditional', 'condit'],
    ['rational', 'ration'],
    ['hopefulness', 'hope'],
    ['skies', 'sky'],
    ['dying', 'die'],
    ['news', 'news'],
  ])('%s → %s', (word, stem) => {
    expect(stemEnglish(word)).toBe(stem);
  });

  it('lets inflections of banking verbs meet', () => {
    expect(new Set(['transfer', 'transfers', 'transferred', 'transferring'].map(stemEnglish))).toEqual(
      new Set(['transfer']),
    );
    expect(new Set(['activate', 'activated', 'activation'].map(stemEnglish))).toEqual(new Set(['activ']));
    expect(new Set(['pay', 'pays', 'paying'].map(stemEnglish))).toEqual(new Set(['pay']));
  });
});

describe('words', () => {
  it('lower-cases, folds ё to е and keeps stop words', () => {
    expect(words('Когда придёт МОЙ заказ?')).toEqual(['когда', 'придет', 'мой', 'заказ']);
  });

  it('reads NFD text as its NFC form ("й" as и + combining breve stays one letter)', () => {
    const decomposed = 'Какой чайник подойдёт?'.normalize('NFD');
    expect(decomposed).not.toBe('Какой чайник подойдёт?');
    expect(words(decomposed)).toEqual(['какой', 'чайник', 'подойдет']);
    expect(analyzeText(decomposed)).toEqual(analyzeText('Какой чайник подойдёт?'));
  });

  it('splits on anything that is not a letter or digit but keeps inner apostrophes', () => {
    expect(words("Visa/MasterCard, 14 дней; can't")).toEqual(['visa', 'mastercard', '14', 'дней', "can't"]);
    expect(words('   ?!  ')).toEqual([]);
  });
});

describe('analyzeText', () => {
  it('stems and drops stop words in both languages', () => {
    expect(analyzeText('Какие способы оплаты доступны?')).toEqual(['способ', 'оплат', 'доступн']);
    expect(analyzeText('How do I transfer money to my account?')).toEqual(['transfer', 'money', 'account']);
  });

  it('makes inflected questions share their terms', () => {
    expect(analyzeText('сколько ждать доставку')).toContain('доставк');
    expect(analyzeText('Сколько времени занимает доставка?')).toContain('доставк');
  });

  it('keeps negations and question words of time, place and cause', () => {
    expect(analyzeText('карта не работает')).toContain('не');
    expect(analyzeText('когда придет заказ')[0]).toBe(stemWord('когда'));
    expect(analyzeText('where is my card')).toEqual([stemWord('where'), 'card']);
  });

  it('turns English negative contractions into "not" and drops clitics', () => {
    expect(analyzeText("I can't see my card")).toEqual(['not', 'see', 'card']);
    expect(analyzeText('card dont work')).toEqual(['card', 'not', 'work']);
    expect(analyzeText("the customer's refunds")).toEqual(['custom', 'refund']);
    expect(analyzeText('I’ve got it')).toEqual(['got']);
  });

  it('keeps phrasal-verb particles ("top up")', () => {
    expect(analyzeText('Can I top up by card?')).toEqual(['top', 'up', 'card']);
  });

  it('leaves numbers and mixed-script tokens unstemmed', () => {
    expect(analyzeText('заказ 12345 covid19')).toEqual(['заказ', '12345', 'covid19']);
  });

  it('returns nothing for empty, punctuation-only or stop-word-only text', () => {
    expect(analyzeText('')).toEqual([]);
    expect(analyzeText(' ,.!? ')).toEqual([]);
    expect(analyzeText('и в на the of')).toEqual([]);
  });

  it('is deterministic and matches the token view', () => {
    const text = 'Можно ли вернуть товар, если он не подошёл?';
    expect(analyzeText(text)).toEqual(analyzeText(text));
    expect(analyzeText(text)).toEqual(
      tokens(text)
        .filter((t) => !t.isStopWord)
        .map((t) => t.term),
    );
  });

  it('exposes the stop-word test', () => {
    expect(isStopWord('и')).toBe(true);
    expect(isStopWord('the')).toBe(true);
    expect(isStopWord('не')).toBe(false);
    expect(isStopWord('not')).toBe(false);
    expect(isStopWord('доставка')).toBe(false);
  });

  it('is fast enough for indexing (10,000 short texts well under a second)', () => {
    const texts = Array.from(
      { length: 10_000 },
      (_, i) => `Сколько времени занимает доставка заказа номер ${i} в регион? How long is delivery ${i}?`,
    );
    const started = performance.now();
    for (const text of texts) analyzeText(text);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
