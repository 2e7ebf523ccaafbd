import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAssistantFromEnv } from '../../src/composition/create-assistant.js';
import { cliSandbox } from './cli-harness.js';

let box: ReturnType<typeof cliSandbox>;
beforeEach(() => {
  box = cliSandbox();
});
afterEach(() => box.remove());

const questions = async (): Promise<string[]> => {
  const assistant = await createAssistantFromEnv({ DATABASE_URL: box.databaseUrl }, { onEmbedderMismatch: null });
  try {
    return (await assistant.listKnowledge({ limit: 100 })).map((e) => `${e.question} | ${e.answer}`);
  } finally {
    await assistant.close();
  }
};

/** "Сколько стоит доставка?;300 рублей" as Russian Excel saves it: Windows-1251, semicolons, CRLF. */
const WINDOWS_1251_CSV = Buffer.concat([
  Buffer.from('question;answer\r\n'),
  Buffer.from([0xd1, 0xea, 0xee, 0xeb, 0xfc, 0xea, 0xee, 0x20, 0xf1, 0xf2, 0xee, 0xe8, 0xf2, 0x20]),
  Buffer.from([0xe4, 0xee, 0xf1, 0xf2, 0xe0, 0xe2, 0xea, 0xe0, 0x3f, 0x3b, 0x33, 0x30, 0x30, 0x20]),
  Buffer.from([0xf0, 0xf3, 0xe1, 0xeb, 0xe5, 0xe9, 0x0d, 0x0a]),
]);

describe('web-assistant import-faq: encodings and line ends', () => {
  it('refuses a Windows-1251 CSV with a clear message instead of importing unreadable text', async () => {
    writeFileSync(box.file('excel.csv'), WINDOWS_1251_CSV);
    const run = await box.run(['import-faq', box.file('excel.csv')], { EMBEDDER: 'none' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${box.file('excel.csv')}: the file is not UTF-8 text; it looks like Windows-1251`);
    expect(run.stderr).toContain('--encoding windows-1251');
    expect(run.stderr).toContain('Nothing was imported');
    expect(await questions()).toEqual([]);
  });

  it('imports it readably with --encoding windows-1251', async () => {
    writeFileSync(box.file('excel.csv'), WINDOWS_1251_CSV);
    const run = await box.run(['import-faq', box.file('excel.csv'), '--encoding', 'windows-1251'], {
      EMBEDDER: 'none',
    });
    expect(run.code).toBe(0);
    expect(await questions()).toEqual(['Сколько стоит доставка? | 300 рублей']);
  });

  it('imports UTF-8 with a BOM, and CR-only line ends', async () => {
    writeFileSync(box.file('bom.csv'), '\uFEFFquestion,answer\r\nКак оплатить?,Картой\r\n');
    writeFileSync(box.file('mac.csv'), 'question,answer\rКак вернуть?,"За 14 дней,\rбез вопросов"\rГде вы?,Москва\r');
    for (const file of ['bom.csv', 'mac.csv'])
      expect((await box.run(['import-faq', box.file(file)], { EMBEDDER: 'none' })).code).toBe(0);
    expect(await questions()).toEqual([
      'Как оплатить? | Картой',
      'Как вернуть? | За 14 дней,\rбез вопросов',
      'Где вы? | Москва',
    ]);
  });

  it('answers an unknown --encoding with usage (exit 2)', async () => {
    writeFileSync(box.file('faq.csv'), 'question,answer\nq,a\n');
    const run = await box.run(['import-faq', box.file('faq.csv'), '--encoding', 'klingon']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--encoding: unknown encoding "klingon"');
  });
});
