/**
 * Bad input, property-based: every use-case of makeUseCases gets arbitrary and hostile
 * input (wrong types, NaN, out-of-range ratings, huge strings, NUL, lone surrogates,
 * deeply nested JSON, SQL/HTML injection, prototype-pollution keys) on sql.js and
 * PostgreSQL side by side. Nothing may throw; a rejection is a ValidationError with a
 * field path or one of the use-case's own domain errors (never StorageUnavailable); a
 * rejected call changes nothing; and both adapters give the same answer.
 *
 * Runs are bounded (FC_RUNS, default 150 inputs per property) to stay CI-friendly; a
 * failure prints fast-check's seed and path, and FC_SEED replays it.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UseCases } from '../../src/index.js';
import { createSqlJsStorage } from '../../adapters/sqljs/index.js';
import { startPostgresTestDatabase, type PostgresTestDatabase } from '../support/postgres-harness.js';
import { observableState, openTwin, outcomeOf, type Outcome, type Twin } from '../support/twin-stores.js';

const RUNS = Number(process.env.FC_RUNS ?? 150);
const SEED = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const VISITOR = '5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

/** Every use-case of the one list but the schema's: the no-argument ones get input they must ignore. */
type UseCaseName = Exclude<keyof UseCases, 'createTables' | 'dropTables'>;
const useCaseNames = (u: UseCases): ReadonlyArray<UseCaseName> =>
  (Object.keys(u) as Array<keyof UseCases>).filter(
    (name): name is UseCaseName => name !== 'createTables' && name !== 'dropTables',
  );

/** Domain errors a use-case may answer valid-looking input with. */
const DOMAIN_REJECTIONS = new Set([
  'SessionNotFound',
  'SessionEnded',
  'VisitorNotFound',
  'UserNotFound',
  'KnowledgeEntryNotFound',
  'VisitorAlreadyConverted',
  'DuplicateUsername',
  'DuplicateEmail',
  // reembed and checkEmbedder answer this when no embedder is configured (as here)
  'EmbeddingFailed',
]);

const FIELDS = [
  'sessionId',
  'sessionUuid',
  'visitorId',
  'visitorUuid',
  'userId',
  'message',
  'clientMessageId',
  'rating',
  'satisfactionRating',
  'username',
  'email',
  'phone',
  'query',
  'category',
  'limit',
  'offset',
  'mode',
  'useVector',
  'id',
  'question',
  'answer',
  'keywords',
  'priority',
  'isActive',
  'autoEmbed',
  'entries',
  'name',
  'welcomeMessage',
  'primaryColor',
  'botAvatarUrl',
  'position',
  'businessHours',
  'autoOpenDelay',
  'key',
  'value',
  'role',
  'content',
  'tokensUsed',
  'format',
  'olderThanDays',
  'ipAddress',
  'userAgent',
  'pageUrl',
  'title',
  'widgetProfile',
  'includeInactive',
  'includeInactive',
] as const;

const nested = (depth: number): unknown => {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
};

const HOSTILE_CONSTANTS: ReadonlyArray<unknown> = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  -0,
  0,
  6,
  2.5,
  -1,
  2 ** 31,
  Number.MAX_SAFE_INTEGER,
  '5',
  '1',
  true,
  null,
  undefined,
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00',
  '😀',
  "'; DROP TABLE users; --",
  "' OR '1'='1",
  '$1',
  '%s%n',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  'http://example.com',
  'https://example.com/a.png',
  '#fff',
  '#GGGGGG',
  'red',
  'bottom-right',
  'middle',
  'delete',
  'anonymize',
  'html',
  'user',
  'system',
  '__proto__',
  'constructor',
  'prototype',
  'a'.repeat(101),
  'я'.repeat(256),
  'x'.repeat(100_001),
  VISITOR,
  VISITOR.toUpperCase(),
  '00000000-0000-4000-8000-000000000001',
  'not-a-uuid',
  1,
  2,
  3,
  [],
  [1, 2],
  {},
  { start: '09:00', end: '18:00' },
  { monday: { start: '25:00', end: '18:00' } },
  nested(200),
  nested(2_000),
  JSON.parse('{"__proto__": {"polluted": true}}'),
  JSON.parse('{"constructor": {"prototype": {"polluted": true}}}'),
];

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_CONSTANTS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer() },
);

/** Objects with the fields use-cases know, set to hostile values, plus prototype-pollution keys. */
const hostileObject: fc.Arbitrary<unknown> = fc
  .tuple(
    fc.dictionary(fc.constantFrom(...FIELDS), hostileValue, { maxKeys: 6 }),
    fc.constantFrom(null, '__proto__', 'constructor', 'toString', 'hasOwnProperty'),
    hostileValue,
  )
  .map(([fields, pollutionKey, pollutionValue]) => {
    if (pollutionKey === null) return fields;
    // JSON.parse makes an own property named __proto__, as a parsed request body would
    return {
      ...(JSON.parse(`{"${pollutionKey}": ${JSON.stringify(pollutionValue ?? null) ?? 'null'}}`) as object),
      ...fields,
    };
  });

const hostileInput = fc.oneof({ weight: 1, arbitrary: hostileValue }, { weight: 4, arbitrary: hostileObject });

const call = (u: UseCases, name: UseCaseName, input: unknown) => {
  const useCase = u[name] as (input: unknown) => ReturnType<UseCases['getUser']>;
  return useCase(input);
};

const acceptable = (outcome: Outcome): boolean =>
  outcome.kind === 'right' ||
  (outcome.kind === 'left' &&
    ((outcome.tag === 'ValidationError' && typeof outcome.path === 'string') || DOMAIN_REJECTIONS.has(outcome.tag)));

let database: PostgresTestDatabase;
let twins: readonly [Twin, Twin];
let inputsTried = 0;
let rejected = 0;

beforeAll(async () => {
  database = await startPostgresTestDatabase();
  const sqljs = await createSqlJsStorage({});
  twins = [await openTwin('sqljs', sqljs), await openTwin('postgres', await database.openStorage())];
  for (const twin of twins) {
    const u = twin.useCases;
    // the same small world on both sides: a visitor with a chat, an FAQ entry, a widget, a setting
    const steps = [
      u.startChat({ visitorId: VISITOR, ipAddress: '203.0.113.7', userAgent: 'Mozilla/5.0' }),
      u.addKnowledge({ question: 'Сколько стоит доставка?', answer: 'Доставка — 300 рублей.', category: 'Доставка' }),
      u.updateWidgetSettings({ name: 'default', botName: 'Помощник', primaryColor: '#4CAF50' }),
      u.setContext({ key: 'system_prompt', value: 'Вы — помощник магазина.' }),
    ];
    for (const step of steps) expect((await step())._tag).toBe('Right');
  }
}, 60_000);
afterAll(async () => {
  console.info(`[property] ${inputsTried} hostile inputs tried on each adapter, ${rejected} rejected`);
  for (const twin of twins ?? []) await twin.assistant.close();
  await database?.close();
});

describe('hostile input to every use-case, on sql.js and PostgreSQL', () => {
  it('tries every use-case of the one list, on both adapters alike', () => {
    // derived from makeUseCases, so a new operation is fuzzed without being listed here
    expect(useCaseNames(twins[0].useCases).length).toBeGreaterThan(30);
    expect(useCaseNames(twins[1].useCases)).toEqual(useCaseNames(twins[0].useCases));
  });

  it('is rejected with a ValidationError path or a domain error, never a throw, identically on both adapters; rejections change nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...useCaseNames(twins[0].useCases)), hostileInput, async (name, input) => {
        inputsTried++;
        const outcomes: Outcome[] = [];
        for (const twin of twins) {
          const before = await observableState(twin.useCases, [VISITOR]);
          const outcome = await outcomeOf(() => call(twin.useCases, name, input));
          if (outcome.kind !== 'right') expect(await observableState(twin.useCases, [VISITOR])).toEqual(before);
          expect(acceptable(outcome), `${twin.name} ${name}: ${JSON.stringify(outcome)}`).toBe(true);
          outcomes.push(outcome);
        }
        if (outcomes[0]?.kind === 'left') rejected++;
        expect(outcomes[1], `${name}: adapters disagree`).toEqual(outcomes[0]);
        expect(Object.prototype).not.toHaveProperty('polluted');
      }),
      { numRuns: RUNS, seed: SEED, verbose: 1, endOnFailure: true },
    );
  }, 120_000);

  it('ratings 0, 6, 2.5, "5", NaN and null-like values are ValidationErrors at `rating` on both adapters', async () => {
    for (const rating of [0, 6, 2.5, '5', Number.NaN, Number.POSITIVE_INFINITY, -1, true, [5], { value: 5 }]) {
      for (const twin of twins) {
        const outcome = await outcomeOf(() =>
          twin.useCases.endChat({ sessionUuid: '00000000-0000-4000-8000-000000000002', rating }),
        );
        expect(outcome, `${twin.name} rating ${JSON.stringify(rating) ?? 'undefined'}`).toEqual({
          kind: 'left',
          tag: 'ValidationError',
          path: 'rating',
        });
      }
    }
  });
});
