/**
 * Text that looks the same must behave the same: "й" arrives as one code point (NFC) from
 * most keyboards, as "и" + U+0306 (NFD) from some (macOS file names, copied PDFs). The
 * codecs bring every input to NFC, so both storage adapters store, search and compare the
 * one form.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { TaskEither } from 'fp-ts/lib/TaskEither.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlJsStorage } from '../../adapters/sqljs/index.js';
import type { DomainError } from '../../src/domain/errors.js';
import { startPostgresTestDatabase, type PostgresTestDatabase } from '../support/postgres-harness.js';
import { openTwin, type Twin } from '../support/twin-stores.js';

const nfd = (s: string): string => s.normalize('NFD');

const run = async <A>(task: TaskEither<DomainError, A>): Promise<A> => {
  const result = await task();
  if (E.isLeft(result)) throw new Error(`${result.left._tag}: ${JSON.stringify(result.left)}`);
  return result.right;
};

let database: PostgresTestDatabase;
let twins: Twin[];

beforeAll(async () => {
  database = await startPostgresTestDatabase();
  twins = [
    await openTwin('sqljs', await createSqlJsStorage({})),
    await openTwin('postgres', await database.openStorage()),
  ];
});

afterAll(async () => {
  for (const twin of twins ?? []) await twin.assistant.close();
  await database?.close();
});

describe.each(['sqljs', 'postgres'] as const)('NFC at the use-case boundary on %s', (name) => {
  const twin = () => {
    const found = twins.find((t) => t.name === name);
    if (!found) throw new Error(name);
    return found.useCases;
  };

  it('finds an NFC entry with an NFD query, and an NFD entry with an NFC query, in text search', async () => {
    const u = twin();
    // in NFD, "й" is "и" + a combining mark, which no tokenizer counts as a letter: "чайник" splits in two
    expect(nfd('чайник')).toHaveLength(7);
    await run(u.addKnowledge({ question: 'Чайник не греет', answer: 'Проверьте шнур', category: 'Ремонт' }));
    await run(u.addKnowledge({ question: nfd('Какой чайный сбор взять?'), answer: 'Мятный', category: nfd('Чай') }));
    const byNfd = await run(u.searchFaq({ query: nfd('чайник'), mode: 'text' }));
    expect(byNfd.hits.map((h) => h.entry.question)).toEqual(['Чайник не греет']);
    const byNfc = await run(u.searchFaq({ query: 'чайный', mode: 'text' }));
    expect(byNfc.hits.map((h) => h.entry.question)).toEqual(['Какой чайный сбор взять?']);
  });

  it('stores and compares the NFC form (categories, context keys, profile names)', async () => {
    const u = twin();
    const listed = await run(u.listKnowledge({}));
    const stored = listed.find((e) => e.answer === 'Мятный');
    expect(stored?.question).toBe('Какой чайный сбор взять?');
    expect(stored?.category).toBe('Чай');
    const inCategory = await run(u.searchFaq({ query: 'сбор', category: 'Чай', mode: 'text' }));
    expect(inCategory.hits).toHaveLength(1);
    await run(u.setContext({ key: nfd('Режим работы'), value: 'круглосуточно' }));
    expect((await run(u.getContextEntry({ key: 'Режим работы' })))?.value).toBe('круглосуточно');
    await run(u.updateWidgetSettings({ name: nfd('Поддержка-й'), botName: nfd('Йошка') }));
    expect((await run(u.getWidgetSettings({ name: 'Поддержка-й' })))?.botName).toBe('Йошка');
  });
});
