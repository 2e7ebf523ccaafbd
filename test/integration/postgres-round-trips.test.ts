import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRoundTripProxy, type RoundTripProxy } from '../../bench/lib/round-trip-proxy.js';
import { createOfflineEmbedder } from '../../adapters/embedding/offline-embedder.js';
import { noAnswerGenerator } from '../../adapters/llm/no-answer-generator.js';
import { createPostgresStorage } from '../../adapters/postgres/index.js';
import type { Assistant } from '../../src/composition/assistant-facade.js';
import { createAssistant } from '../../src/composition/create-assistant.js';
import { startPostgresTestDatabase, type PostgresTestDatabase } from '../support/postgres-harness.js';

/*
 * How many times ProcessMessage waits for PostgreSQL, counted by a loopback proxy that
 * counts the protocol's Sync and Query messages (each one is a wait for ReadyForQuery),
 * whatever library sent them. docs/performance.md explains each of them.
 */
let database: PostgresTestDatabase;
let proxy: RoundTripProxy;
let assistant: Assistant;

beforeAll(async () => {
  database = await startPostgresTestDatabase();
  const options = await database.isolatedSchema();
  const target = new URL(options.connectionString);
  proxy = await startRoundTripProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const proxied = new URL(options.connectionString);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(proxy.port);
  const storage = await createPostgresStorage({ ...options, connectionString: proxied.toString(), poolSize: 1 });
  assistant = await createAssistant(
    {},
    { storage, embedder: createOfflineEmbedder(), answerGenerator: noAnswerGenerator, onEmbedderMismatch: null },
  );
  await assistant.addKnowledgeBulk({
    entries: [
      { question: 'Сколько стоит доставка по Москве?', answer: 'Доставка по Москве стоит 300 рублей.' },
      { question: 'Как вернуть товар?', answer: 'Оформите возврат в личном кабинете в течение 14 дней.' },
    ],
  });
  await assistant.setContext({ key: 'system_prompt', value: 'Ты помощник магазина.' });
  // the first search of a storage reads pgvector's version once
  const warmUp = await assistant.startChat({});
  await assistant.processMessage({ sessionUuid: warmUp.session.sessionUuid, message: 'доставка' });
});

afterAll(async () => {
  await assistant?.close();
  await proxy?.close();
  await database?.close();
});

const roundTripsOf = async (message: string) => {
  const chat = await assistant.startChat({});
  const before = proxy.count();
  const reply = await assistant.processMessage({ sessionUuid: chat.session.sessionUuid, message });
  return { source: reply.source, roundTrips: proxy.count() - before };
};

describe('ProcessMessage round trips to PostgreSQL', () => {
  it('an FAQ answer: store the message, search (both channels), store the reply = 3', async () => {
    expect(await roundTripsOf('Сколько стоит доставка по Москве?')).toEqual({ source: 'faq', roundTrips: 3 });
  });

  it('no FAQ answer: the same plus one read of the agent settings and the dialogue, and one of who can take over = 5', async () => {
    // no operator is online here, so the chat stays with the bot (one more would be its move to the queue)
    expect(await roundTripsOf('Можно ли оплатить покупку биткоинами?')).toEqual({ source: 'handoff', roundTrips: 5 });
  });
});
