import { writeFileSync } from 'node:fs';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOfflineEmbedder } from '../../adapters/embedding/offline-embedder.js';
import { createSqlJsStorage } from '../../adapters/sqljs/index.js';
import { unansweredQuestionOf } from '../../src/application/unanswered-questions.js';
import type { Embedder } from '../../src/ports/embedder.js';
import { createAssistantFromEnv } from '../../src/composition/create-assistant.js';
import { cliSandbox } from './cli-harness.js';

let box: ReturnType<typeof cliSandbox>;
beforeEach(() => {
  box = cliSandbox();
});
afterEach(() => box.remove());

const CSV = [
  'question,answer,category,keywords,priority',
  'Сколько стоит доставка?,"Доставка по Москве — 300 ₽, по России — от 500 ₽",Доставка,"доставка, стоимость, цена",5',
  '"Как вернуть товар?","Оформите возврат в личном кабинете.',
  'Деньги вернутся за 3–5 дней, ""без вопросов"".",Возвраты,возврат,',
  'Можно оплатить картой?,Да: Visa и МИР,Оплата,,',
  '',
].join('\r\n');

const listAll = async (env: NodeJS.ProcessEnv = {}) => {
  const assistant = await createAssistantFromEnv(
    { DATABASE_URL: box.databaseUrl, ...env },
    { onEmbedderMismatch: null },
  );
  try {
    return await assistant.listKnowledge({ limit: 100, includeInactive: true });
  } finally {
    await assistant.close();
  }
};

describe('web-assistant', () => {
  it('prints help with exit 0, and usage with exit 2 for no or unknown commands and bad options', async () => {
    const help = await box.run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('import-faq FILE');
    expect((await box.run([])).code).toBe(2);
    const unknown = await box.run(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const badOption = await box.run(['search', 'доставка', '--colour']);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toContain('usage: web-assistant search QUERY');
    expect((await box.run(['search', '--help'])).stdout).toContain('--category VALUE');
  });

  it('migrate creates the schema and is idempotent', async () => {
    const first = await box.run(['migrate']);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toContain('Schema of the sqljs store is up to date.');
    expect((await box.run(['migrate'])).code).toBe(0);
    expect(await listAll()).toEqual([]);
  });

  it('warns that nothing is kept when DATABASE_URL is unset for commands that write', async () => {
    const run = await box.run(['migrate'], { DATABASE_URL: '' });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('DATABASE_URL is not set');
  });

  it('imports CSV with quoted fields, commas, line breaks and doubled quotes in Russian, with a progress bar', async () => {
    writeFileSync(box.file('faq.csv'), CSV);
    const run = await box.run(['import-faq', box.file('faq.csv')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Imported 3 FAQ entries');
    expect(run.stderr).toMatch(/importing \[#+\] 3\/3 100%/);
    const entries = await listAll();
    expect(entries.map((e) => [e.question, e.category, e.keywords, e.priority])).toEqual([
      ['Сколько стоит доставка?', 'Доставка', 'доставка, стоимость, цена', 5],
      ['Как вернуть товар?', 'Возвраты', 'возврат', 0],
      ['Можно оплатить картой?', 'Оплата', null, 0],
    ]);
    expect(entries[0]?.answer).toBe('Доставка по Москве — 300 ₽, по России — от 500 ₽');
    expect(entries[1]?.answer).toBe(
      'Оформите возврат в личном кабинете.\r\nДеньги вернутся за 3–5 дней, "без вопросов".',
    );
    expect(entries.every((e) => e.embeddingModel === 'offline-hash-v1-1024')).toBe(true);
  });

  it('imports a JSON array of the same objects', async () => {
    writeFileSync(
      box.file('faq.json'),
      JSON.stringify(
        [
          {
            question: 'Где мой заказ?',
            answer: 'Трек-номер придёт на e-mail',
            category: 'Доставка',
            keywords: 'трек, где заказ',
            priority: 2,
          },
          { question: 'Есть самовывоз?', answer: 'Да, из 12 пунктов' },
        ],
        null,
        2,
      ),
    );
    const run = await box.run(['import-faq', box.file('faq.json')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Imported 2 FAQ entries');
    expect((await listAll()).map((e) => [e.question, e.priority])).toEqual([
      ['Где мой заказ?', 2],
      ['Есть самовывоз?', 0],
    ]);
  });

  it('rejects bad rows with their line numbers and imports nothing', async () => {
    const csv = [
      'question,answer,category,keywords,priority',
      'Хороший вопрос?,Ответ,,,',
      '"Пустой ответ с переносом',
      'строки",,,,',
      'Вопрос?,Ответ,,,высокий',
      'Лишнее поле,Ответ,,,,',
    ].join('\n');
    writeFileSync(box.file('bad.csv'), csv);
    const run = await box.run(['import-faq', box.file('bad.csv')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${box.file('bad.csv')}:6: has 6 field(s), the header has 5`);
    expect(run.stderr).toContain('Nothing was imported');
    // once the shape is right, field rules are reported by line too
    writeFileSync(box.file('bad.csv'), csv.split('\n').slice(0, 5).join('\n'));
    const second = await box.run(['import-faq', box.file('bad.csv')]);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`${box.file('bad.csv')}:3: answer: must not be empty`);
    expect(second.stderr).toContain(`${box.file('bad.csv')}:5: priority: must be an integer`);
    expect(await listAll()).toEqual([]);

    writeFileSync(
      box.file('bad.json'),
      '[\n  {"question": "Да?", "answer": "Да"},\n  {"question": "", "answer": "Нет"}\n]',
    );
    const json = await box.run(['import-faq', box.file('bad.json')]);
    expect(json.code).toBe(1);
    expect(json.stderr).toContain(`${box.file('bad.json')}:3: question: must not be empty`);
    expect(await listAll()).toEqual([]);
  });

  it('reports unreadable files, unknown columns, unclosed quotes and other file types', async () => {
    expect((await box.run(['import-faq', box.file('missing.csv')])).stderr).toContain('cannot read');
    writeFileSync(box.file('cols.csv'), 'question,answr\nq,a\n');
    expect((await box.run(['import-faq', box.file('cols.csv')])).stderr).toContain(':1: unknown column(s) "answr"');
    writeFileSync(box.file('quote.csv'), 'question,answer\nq,"never closed\n');
    expect((await box.run(['import-faq', box.file('quote.csv')])).stderr).toContain(
      ':2: a quoted field is never closed',
    );
    writeFileSync(box.file('faq.txt'), 'x');
    const txt = await box.run(['import-faq', box.file('faq.txt')]);
    expect(txt.code).toBe(1);
    expect(txt.stderr).toContain('use .csv or .json');
    expect((await box.run(['import-faq'])).code).toBe(2);
  });

  it('search prints ranked results with scores, filters by category, limits, and does text-only search', async () => {
    expect((await box.run(['seed-demo'])).stdout).toContain('Loaded the demo FAQ');
    expect((await box.run(['seed-demo'])).stdout).toContain('already has FAQ entries');
    const run = await box.run(['search', 'сколько', 'ждать', 'доставку', '--limit', '2']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^mode \w+, answer threshold \d\.\d{3}$/);
    expect(lines[1]).toMatch(/^1\. #\d+ confidence \d\.\d{3} score [\d.]+ margin -?\d\.\d{3}/);
    expect(lines[2]).toBe('   [Доставка] Сколько времени занимает доставка?');
    expect(run.stdout).not.toContain('3. #');
    const category = await box.run(['search', 'оплата картой', '--category', 'Оплата']);
    expect(category.stdout).toContain('[Оплата] Какие способы оплаты доступны?');
    expect(category.stdout).not.toContain('[Доставка]');
    const text = await box.run(['search', 'возврат', '--text']);
    expect(text.stdout).toMatch(/^mode text/);
    expect(text.stdout).toContain('Можно ли вернуть товар?');
    expect((await box.run(['search', 'доставка', '--limit', 'many'])).code).toBe(2);
    expect((await box.run(['search', 'доставка', '--limit', '500'])).code).toBe(1);
  });

  it('reembed after switching embedder: none, then offline, then another model; with a start-up warning in between', async () => {
    writeFileSync(box.file('faq.csv'), CSV);
    expect((await box.run(['import-faq', box.file('faq.csv')], { EMBEDDER: 'none' })).code).toBe(0);
    expect((await listAll()).every((e) => e.embeddingModel === null)).toBe(true);

    const warned = await box.run(['search', 'доставка']);
    expect(warned.stderr).toContain(
      'warning: 3 of 3 FAQ entries have no vector, but the configured embedder is offline-hash-v1-1024: run `web-assistant reembed`.',
    );
    const check = await box.run(['check-embedder']);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('(no vector)');

    const run = await box.run(['reembed', '--batch-size', '2']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Re-embedded 3 FAQ entries with offline-hash-v1-1024.');
    expect(run.stderr).toMatch(/re-embedding \[#+\] 3\/3 100%/);
    expect(run.stderr).not.toContain('warning');
    expect((await listAll()).every((e) => e.embeddingModel === 'offline-hash-v1-1024')).toBe(true);
    expect((await box.run(['reembed'])).stdout).toContain('nothing to do');
    expect((await box.run(['check-embedder'])).code).toBe(0);

    const offline = createOfflineEmbedder();
    const other: Embedder = {
      model: 'other-model@1024',
      dimensions: offline.dimensions,
      embed: (texts) => offline.embed(texts),
    };
    const switched = await box.run(['reembed'], {}, { embedder: other });
    expect(switched.stdout).toContain('Re-embedded 3 FAQ entries with other-model@1024.');
    expect((await listAll()).every((e) => e.embeddingModel === 'other-model@1024')).toBe(true);
  });

  it('reembed reports an embedder failure with exit 1 and keeps what was written', async () => {
    writeFileSync(box.file('faq.csv'), CSV);
    await box.run(['import-faq', box.file('faq.csv')], { EMBEDDER: 'none' });
    const offline = createOfflineEmbedder();
    let calls = 0;
    const flaky: Embedder = {
      model: 'flaky@1024',
      dimensions: offline.dimensions,
      embed: (texts) =>
        ++calls >= 2 ? TE.left({ _tag: 'EmbeddingFailed', message: 'provider timed out' }) : offline.embed(texts),
    };
    const run = await box.run(['reembed', '--batch-size', '2'], {}, { embedder: flaky });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('provider timed out');
    expect((await listAll()).map((e) => e.embeddingModel)).toEqual(['flaky@1024', 'flaky@1024', null]);
    expect((await box.run(['reembed'], { EMBEDDER: 'none' })).stderr).toContain('No embedder is configured');
  });

  it('lists unanswered questions, most asked first', async () => {
    const empty = await box.run(['unanswered']);
    expect(empty).toMatchObject({ code: 0 });
    expect(empty.stdout).toContain('No unanswered questions recorded.');
    const storage = await createSqlJsStorage({ file: box.file('x.db') });
    for (const text of ['Можно оплатить биткоином?', 'Есть ли подарочные карты?', 'можно оплатить БИТКОИНОМ']) {
      const q = unansweredQuestionOf(text)!;
      await storage.repositories.unanswered.record(q.normalizedText, q.exampleText, new Date('2026-02-03T10:00:00Z'))();
    }
    await storage.close();
    const listed = await box.run(['unanswered', '--limit', '10']);
    expect(listed.stdout.split('\n').slice(0, 2)).toEqual([
      '    2  2026-02-03  можно оплатить БИТКОИНОМ',
      '    1  2026-02-03  Есть ли подарочные карты?',
    ]);
  });

  it('eval is a placeholder for now', async () => {
    expect((await box.run(['eval', 'set.json'])).code).toBe(1);
  });
});
