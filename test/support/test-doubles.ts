import { argon2Credentials } from '../../adapters/system/argon2-credentials.js';
import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { expect } from 'vitest';
import { DEFAULT_SETTINGS, type AssistantSettings } from '../../src/application/settings.js';
import { makeUseCases, type UseCases } from '../../src/application/use-cases.js';
import { answerGenerationFailed, embeddingFailed, type DomainError } from '../../src/domain/errors.js';
import { analyzeText } from '../../adapters/text/text-analysis.js';
import { silentLogger } from '../../adapters/system/console-logger.js';
import { defaultTextAnalyzer } from '../../adapters/text/index.js';
import type { AnswerGenerator, AnswerRequest } from '../../src/ports/answer-generator.js';
import type { Clock } from '../../src/ports/clock.js';
import type { Embedder } from '../../src/ports/embedder.js';
import type { IdGenerator } from '../../src/ports/id-generator.js';
import type { Storage } from '../../src/ports/repositories.js';
import { createFakeStorage, type FakeStorage } from './fake-storage.js';

/** A clock that stands still until told to move. */
export const fixedClock = (start = '2025-12-27T18:35:12.000Z') => {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    advance: (seconds: number) => {
      now += seconds * 1000;
    },
  } satisfies Clock & { advance(seconds: number): void };
};

/** Predictable UUIDs: 00000000-0000-4000-8000-000000000001, ...2, ... */
export const sequentialIds = (): IdGenerator => {
  let n = 0;
  return { uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}` };
};

/** A bag-of-stems embedder: enough for tests that need vectors, with a switch to fail. */
export const stubEmbedder = (dimensions = 1024) => {
  const state = { failing: false, calls: 0 };
  const embedder: Embedder = {
    model: `stub-bag-of-stems-${dimensions}`,
    dimensions,
    embed: (texts) => {
      state.calls++;
      if (state.failing) return TE.left(embeddingFailed('embedding provider is down'));
      return TE.right(
        texts.map((text) => {
          const v = new Float32Array(dimensions);
          for (const term of analyzeText(text)) {
            let h = 2166136261;
            for (let i = 0; i < term.length; i++) h = Math.imul(h ^ term.charCodeAt(i), 16777619);
            const slot = (h >>> 0) % dimensions;
            v[slot] = (v[slot] ?? 0) + 1;
          }
          const norm = Math.hypot(...v) || 1;
          return v.map((x) => x / norm);
        }),
      );
    },
  };
  return Object.assign(embedder, { state });
};

/** An AI model stand-in that records what it was asked and can be made to fail. */
export const stubAnswerGenerator = (reply = 'Ответ от AI...', tokensUsed = 120) => {
  const state = { failing: false, requests: [] as AnswerRequest[] };
  const generator: AnswerGenerator = {
    generate: (request) => {
      state.requests.push(request);
      return state.failing
        ? TE.left(answerGenerationFailed('model is down'))
        : TE.right({ content: reply, tokensUsed });
    },
  };
  return Object.assign(generator, { state });
};

export interface TestAssistant {
  readonly useCases: UseCases;
  readonly storage: FakeStorage;
  readonly clock: ReturnType<typeof fixedClock>;
  readonly embedder: ReturnType<typeof stubEmbedder> | null;
  readonly generator: ReturnType<typeof stubAnswerGenerator>;
}

/** Use-cases wired to the fake storage, a fixed clock, sequential ids and stub providers. */
export const testAssistant = (
  options: { embedder?: boolean; settings?: Partial<AssistantSettings>; storage?: Storage } = {},
): TestAssistant => {
  const storage = createFakeStorage();
  const clock = fixedClock();
  const embedder = options.embedder === false ? null : stubEmbedder();
  const generator = stubAnswerGenerator();
  const used = options.storage ?? storage;
  const useCases = makeUseCases({
    repositories: used.repositories,
    unitOfWork: used.unitOfWork,
    schema: used.schema,
    embedder,
    textAnalyzer: defaultTextAnalyzer,
    logger: silentLogger,
    credentials: argon2Credentials,
    answerGenerator: generator,
    clock,
    ids: sequentialIds(),
    settings: { ...DEFAULT_SETTINGS, ...options.settings },
  });
  return { useCases, storage, clock, embedder, generator };
};

/** Runs a TaskEither and returns its Right value, failing the test on a Left. */
export const right = async <E, A>(task: TE.TaskEither<E, A>): Promise<A> => {
  const result = await task();
  if (E.isLeft(result)) throw new Error(`expected success, got ${JSON.stringify(result.left)}`);
  return result.right;
};

/** Runs a TaskEither and returns its Left, asserting its tag. */
export const left = async <E extends DomainError, A, T extends E['_tag']>(
  task: TE.TaskEither<E, A>,
  tag: T,
): Promise<Extract<E, { _tag: T }>> => {
  const result = await task();
  if (E.isRight(result)) throw new Error(`expected ${tag}, got success ${JSON.stringify(result.right)}`);
  expect(result.left._tag).toBe(tag);
  return result.left as Extract<E, { _tag: T }>;
};
