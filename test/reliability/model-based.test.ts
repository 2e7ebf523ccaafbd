/**
 * Model-based: random sequences of use-cases (chats, messages, conversions, FAQ,
 * widgets, context, privacy and retention, with the clock moving) run on sql.js and
 * PostgreSQL side by side. After every command both must answer alike (success, or the
 * same error tag and path), and at the end of each sequence everything readable through
 * the use-cases (visitors with their sessions and messages, active sessions, FAQ,
 * widgets, context) must be equal, ids aside.
 *
 * Bounded (FC_MODEL_RUNS sequences, default 20, of up to 30 commands); a failure prints
 * the seed and the shrunk sequence, and FC_SEED replays it.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlJsStorage } from '../../adapters/sqljs/index.js';
import type { UseCases } from '../../src/index.js';
import type { DomainError } from '../../src/domain/errors.js';
import type { TaskEither } from 'fp-ts/lib/TaskEither.js';
import * as E from 'fp-ts/lib/Either.js';
import { startPostgresTestDatabase, type PostgresTestDatabase } from '../support/postgres-harness.js';
import { observableState, openTwin, outcomeOf, type Twin } from '../support/twin-stores.js';

const RUNS = Number(process.env.FC_MODEL_RUNS ?? 20);
const SEED = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);

const VISITORS = [
  'aaaaaaaa-0000-4000-8000-000000000001',
  'aaaaaaaa-0000-4000-8000-000000000002',
  'aaaaaaaa-0000-4000-8000-000000000003',
] as const;
const USERNAMES = ['anna', 'boris', 'Анна'] as const;
const EMAILS = ['anna@example.com', 'ANNA@example.com', 'boris@example.org', null] as const;
const MESSAGES = [
  'Сколько стоит доставка?',
  'Можно вернуть товар?',
  'Привет',
  "'; DROP TABLE messages; --",
  '<b>жирный</b>',
] as const;

/** One step of a sequence; entities are named by position, resolved on each adapter separately. */
type Command =
  | { readonly op: 'startChat'; readonly visitor: number }
  | {
      readonly op: 'processMessage';
      readonly session: number;
      readonly message: number;
      readonly retryKey: number | null;
    }
  | { readonly op: 'endChat'; readonly session: number; readonly rating: number | null }
  | { readonly op: 'convert'; readonly visitor: number; readonly username: number; readonly email: number }
  | { readonly op: 'createUser'; readonly username: number; readonly email: number }
  | { readonly op: 'addKnowledge'; readonly question: number; readonly category: string | null }
  | { readonly op: 'markHelpful'; readonly entry: number }
  | { readonly op: 'deactivate'; readonly entry: number }
  | { readonly op: 'widget'; readonly name: string; readonly color: string }
  | { readonly op: 'context'; readonly key: string; readonly value: string }
  | { readonly op: 'erase'; readonly visitor: number }
  | { readonly op: 'retention'; readonly mode: 'delete' | 'anonymize'; readonly days: number }
  | { readonly op: 'tick'; readonly seconds: number };

const index = (n: number) => fc.nat({ max: n - 1 });
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('startChat' as const), visitor: index(3) }) },
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('processMessage' as const),
      session: index(6),
      message: index(MESSAGES.length),
      retryKey: fc.option(index(3)),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('endChat' as const),
      session: index(6),
      rating: fc.option(fc.integer({ min: 1, max: 5 })),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('convert' as const),
      visitor: index(3),
      username: index(3),
      email: index(4),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('createUser' as const), username: index(3), email: index(4) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('addKnowledge' as const),
      question: index(MESSAGES.length),
      category: fc.constantFrom(null, 'Доставка', 'Оплата'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('markHelpful' as const), entry: index(3) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('deactivate' as const), entry: index(3) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('widget' as const),
      name: fc.constantFrom('default', 'sales'),
      color: fc.constantFrom('#fff', '#4CAF50'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('context' as const),
      key: fc.constantFrom('system_prompt', 'ai_model'),
      value: fc.constantFrom('v1', 'v2', ''),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('erase' as const), visitor: index(3) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('retention' as const),
      mode: fc.constantFrom('delete' as const, 'anonymize' as const),
      days: fc.constantFrom(0, 1, 30),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('tick' as const), seconds: fc.constantFrom(60, 86_400, 40 * 86_400) }),
  },
);

/** Per-adapter memory of the sessions started, by position. */
interface World {
  readonly sessions: string[];
}

const knowledgeId = async (u: UseCases, position: number): Promise<number> => {
  const listed = await u.listKnowledge({ includeInactive: true })();
  return E.isRight(listed) ? (listed.right[position]?.id ?? 999_999) : 999_999;
};

const sessionAt = (world: World, position: number) =>
  world.sessions[position] ?? '00000000-0000-4000-8000-0000000fffff';

const runCommand = async (twin: Twin, world: World, c: Command): Promise<() => TaskEither<DomainError, unknown>> => {
  const u = twin.useCases;
  switch (c.op) {
    case 'startChat':
      return () => async () => {
        const started = await u.startChat({
          visitorId: VISITORS[c.visitor],
          ipAddress: '198.51.100.9',
          userAgent: 'UA',
        })();
        if (E.isRight(started)) world.sessions.push(started.right.sessionUuid);
        return started;
      };
    case 'processMessage':
      return () =>
        u.processMessage({
          sessionUuid: sessionAt(world, c.session),
          message: MESSAGES[c.message],
          ...(c.retryKey === null ? {} : { clientMessageId: `k${c.retryKey}` }),
        });
    case 'endChat':
      return () => u.endChat({ sessionUuid: sessionAt(world, c.session), rating: c.rating });
    case 'convert':
      return () =>
        u.convertVisitorToUser({
          visitorUuid: VISITORS[c.visitor],
          username: USERNAMES[c.username],
          email: EMAILS[c.email],
        });
    case 'createUser':
      return () => u.createUser({ username: USERNAMES[c.username], email: EMAILS[c.email] });
    case 'addKnowledge':
      return () =>
        u.addKnowledge({
          question: MESSAGES[c.question],
          answer: `Ответ: ${MESSAGES[c.question]}`,
          category: c.category,
        });
    case 'markHelpful': {
      const id = await knowledgeId(u, c.entry);
      return () => u.markAnswerHelpful({ id });
    }
    case 'deactivate': {
      const id = await knowledgeId(u, c.entry);
      return () => u.deactivateKnowledge({ id });
    }
    case 'widget':
      return () =>
        u.updateWidgetSettings({ name: c.name, primaryColor: c.color, welcomeMessage: `Здравствуйте (${c.name})` });
    case 'context':
      return () => u.setContext({ key: c.key, value: c.value });
    case 'erase':
      return () => u.eraseVisitor({ visitorUuid: VISITORS[c.visitor] });
    case 'retention':
      return () => u.applyRetention({ olderThanDays: c.days, mode: c.mode });
    case 'tick':
      return () => async () => {
        twin.clock.advance(c.seconds);
        return E.right(undefined);
      };
  }
};

let database: PostgresTestDatabase;
let commandsRun = 0;
beforeAll(async () => {
  database = await startPostgresTestDatabase();
}, 60_000);
afterAll(async () => {
  console.info(`[model-based] ${commandsRun} commands run on each adapter`);
  await database?.close();
});

describe('random use-case sequences on sql.js and PostgreSQL', () => {
  it('answer alike step by step and end in the same observable state', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 30 }), async (commands) => {
        const twins = [
          await openTwin('sqljs', await createSqlJsStorage({})),
          await openTwin('postgres', await database.openStorage()),
        ] as const;
        const worlds: [World, World] = [{ sessions: [] }, { sessions: [] }];
        try {
          for (const [step, c] of commands.entries()) {
            commandsRun++;
            const outcomes = [];
            for (const [i, twin] of twins.entries()) {
              const world = worlds[i] as World;
              outcomes.push(await outcomeOf(await runCommand(twin, world, c)));
            }
            expect(outcomes[0]?.kind, `step ${step} ${JSON.stringify(c)} threw`).not.toBe('threw');
            expect(outcomes[1], `step ${step} ${JSON.stringify(c)}`).toEqual(outcomes[0]);
          }
          const [sqljsState, postgresState] = await Promise.all(
            twins.map((t) => observableState(t.useCases, VISITORS)),
          );
          expect(postgresState).toEqual(sqljsState);
        } finally {
          for (const twin of twins) await twin.assistant.close();
        }
      }),
      { numRuns: RUNS, seed: SEED, verbose: 1, endOnFailure: true },
    );
  }, 120_000);
});
