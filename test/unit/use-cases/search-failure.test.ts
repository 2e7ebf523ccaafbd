import { argon2Credentials } from '../../../adapters/system/argon2-credentials.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { describe, expect, it } from 'vitest';
import { defaultTextAnalyzer } from '../../../adapters/text/index.js';
import { DEFAULT_SETTINGS } from '../../../src/application/settings.js';
import { makeUseCases } from '../../../src/application/use-cases.js';
import { storageUnavailable } from '../../../src/domain/errors.js';
import type { LogFields, Logger } from '../../../src/ports/logger.js';
import type { KnowledgeBase } from '../../../src/ports/knowledge-base.js';
import { createFakeStorage } from '../../support/fake-storage.js';
import { fixedClock, right, sequentialIds, stubAnswerGenerator, stubEmbedder } from '../../support/test-doubles.js';

const recordingLogger = () => {
  const lines: Array<{ level: string; fields: LogFields; message: string }> = [];
  const at =
    (level: string) =>
    (fields: LogFields, message: string): void => {
      lines.push({ level, fields, message });
    };
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, lines };
};

/** Use-cases whose FAQ searches fail as a database that times out would, while storing still works. */
const withFailingSearch = () => {
  const storage = createFakeStorage();
  const down = () => TE.left(storageUnavailable('canceling statement due to statement timeout'));
  const knowledge: KnowledgeBase = {
    ...storage.repositories.knowledge,
    searchByVector: down,
    searchByText: down,
    searchHybrid: down,
  };
  const { logger, lines } = recordingLogger();
  const generator = stubAnswerGenerator();
  const useCases = makeUseCases({
    repositories: { ...storage.repositories, knowledge },
    unitOfWork: storage.unitOfWork,
    schema: storage.schema,
    embedder: stubEmbedder(),
    textAnalyzer: defaultTextAnalyzer,
    logger,
    credentials: argon2Credentials,
    answerGenerator: generator,
    clock: fixedClock(),
    ids: sequentialIds(),
    settings: DEFAULT_SETTINGS,
  });
  return { useCases, lines, generator, storage };
};

describe('ProcessMessage when the FAQ search fails', () => {
  it('logs the failure with its cause and stores an honest reply marked search_failed', async () => {
    const { useCases, lines, generator } = withFailingSearch();
    const chat = await right(useCases.startChat({}));
    const reply = await right(useCases.processMessage({ sessionUuid: chat.sessionUuid, message: 'Сроки доставки?' }));
    expect(reply).toMatchObject({
      source: 'search_failed',
      answer: DEFAULT_SETTINGS.searchFailedMessage,
      confidence: 'low',
      knowledgeId: null,
      score: null,
    });
    expect(reply.assistantMessage).toMatchObject({
      source: 'search_failed',
      content: DEFAULT_SETTINGS.searchFailedMessage,
    });
    const stored = await right(useCases.getSessionMessages({ sessionUuid: chat.sessionUuid }));
    expect(stored.at(-1)).toEqual(reply.assistantMessage);
    expect(lines).toEqual([
      {
        level: 'error',
        fields: {
          error: 'StorageUnavailable',
          cause: 'canceling statement due to statement timeout',
          sessionId: chat.session.id,
          messageId: reply.userMessage.id,
        },
        message: expect.stringContaining('FAQ search failed'),
      },
    ]);
    // the visitor's text stays out of the log line
    expect(JSON.stringify(lines)).not.toContain('Сроки доставки');
    // a failure is not a miss: the model is not asked, and nothing is counted as unanswered
    expect(generator.state.requests).toEqual([]);
    expect(await right(useCases.listUnansweredQuestions({}))).toEqual([]);
  });
});
