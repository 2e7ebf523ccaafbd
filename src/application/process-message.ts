import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type * as t from 'io-ts';
import { nullable, struct, text } from '../domain/codecs.js';
import { CONTEXT_KEYS } from '../domain/entities/context-entry.js';
import type { AnswerSource, Message } from '../domain/entities/message.js';
import {
  validationError,
  type SessionEnded,
  type SessionNotFound,
  type StorageUnavailable,
  type ValidationError,
} from '../domain/errors.js';
import type { AnswerGenerator, AnswerRequest, GeneratedAnswer } from '../ports/answer-generator.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { SessionRef, UnansweredQuestionCount } from '../ports/messages.js';
import type { Repositories } from '../ports/repositories.js';
import { decodeInput } from './decode-input.js';
import { confidentHit, type FaqHit, type FaqSearchResult } from './search-faq.js';
import { sessionReferenceProps, type SessionReference } from './session-reference.js';
import type { AssistantSettings } from './settings.js';
import { unansweredQuestionOf } from './unanswered-questions.js';

/**
 * The reply to a message sent with a client id is stored under that id plus this suffix,
 * so a retry finds exactly its own reply, and two concurrent tries store one reply
 * (the unique (session, client id) index keeps the second out).
 */
export const REPLY_KEY_SUFFIX = ':reply';

export const ProcessMessageInput = struct(
  'ProcessMessageInput',
  { message: text(10_000) },
  {
    ...sessionReferenceProps,
    /** Idempotency key: a retry with the same key stores the message once and returns the same reply. */
    clientMessageId: nullable(text(100 - REPLY_KEY_SUFFIX.length)),
  },
);
export type ProcessMessageInput = t.TypeOf<typeof ProcessMessageInput>;

/**
 * ProcessMessage's result: the reply, where it came from (FAQ, AI model, hand-off, or
 * `search_failed` when the FAQ could not be searched), and both stored messages.
 */
export interface ProcessedMessage {
  readonly answer: string;
  /** The specification's field: `high` for an FAQ answer, `low` otherwise. */
  readonly confidence: 'high' | 'low';
  readonly source: AnswerSource;
  /** The FAQ entry answered from. */
  readonly knowledgeId: number | null;
  /** Best FAQ hit's confidence, whether or not it was used. */
  readonly score: number | null;
  readonly tokensUsed: number | null;
  readonly userMessage: Message;
  readonly assistantMessage: Message;
}

export type ProcessMessageError = ValidationError | SessionNotFound | SessionEnded | StorageUnavailable;

interface Deps {
  readonly repositories: Repositories;
  readonly searchFaq: (input: unknown) => TE.TaskEither<ValidationError | StorageUnavailable, FaqSearchResult>;
  readonly answerGenerator: AnswerGenerator;
  readonly clock: Clock;
  readonly settings: AssistantSettings;
  /** Told about a failing search, with its cause (the visitor's text stays out of the fields). */
  readonly logger: Logger;
}

interface Reply {
  readonly content: string;
  readonly source: AnswerSource;
  readonly knowledgeId: number | null;
  readonly tokensUsed: number | null;
  readonly score: number | null;
}

const parseTemperature = (value: string | undefined): number | null => {
  if (value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 && n <= 2 ? n : null;
};

const CONTEXT_READ = [CONTEXT_KEYS.systemPrompt, CONTEXT_KEYS.model, CONTEXT_KEYS.temperature];

/**
 * The system prompt, model and temperature from the agent context, and the dialogue up to
 * the question it answers (not messages sent after it): one storage call.
 */
const answerRequest = (deps: Deps, question: Message): TE.TaskEither<StorageUnavailable, AnswerRequest> =>
  pipe(
    deps.repositories.answerContext.load({
      keys: CONTEXT_READ,
      sessionId: question.sessionId,
      upTo: question,
      window: deps.settings.conversationWindow,
    }),
    TE.map(({ values, conversation }): AnswerRequest => ({
      systemPrompt: values[CONTEXT_KEYS.systemPrompt] ?? null,
      model: values[CONTEXT_KEYS.model] ?? null,
      temperature: parseTemperature(values[CONTEXT_KEYS.temperature]),
      conversation: conversation.map((m) => ({ role: m.role, content: m.content })),
    })),
  );

const usableTokens = (n: number | null): number | null =>
  n !== null && Number.isInteger(n) && n >= 0 && n <= 2_147_483_647 ? n : null;

/** An FAQ answer; its view is counted when the reply is stored (`countView`), in the same write. */
const fromFaq = (hit: FaqHit): TE.TaskEither<StorageUnavailable, Reply> =>
  TE.right({
    content: hit.entry.answer,
    source: 'faq',
    knowledgeId: hit.entry.id,
    tokensUsed: null,
    score: hit.confidence,
  });

const fromModel = (deps: Deps, question: Message, score: number | null): TE.TaskEither<StorageUnavailable, Reply> =>
  pipe(
    answerRequest(deps, question),
    TE.flatMap((request) =>
      pipe(
        deps.answerGenerator.generate(request),
        // an empty answer is no answer (hand-off below); a token count that is not a count is dropped
        TE.filterOrElseW(
          (a: GeneratedAnswer) => a.content.trim().length > 0,
          () => 'empty answer',
        ),
        TE.map((a: GeneratedAnswer): Reply => ({
          content: a.content,
          source: 'ai',
          knowledgeId: null,
          tokensUsed: usableTokens(a.tokensUsed),
          score,
        })),
        TE.orElseW(() =>
          TE.right<StorageUnavailable, Reply>({
            content: deps.settings.handoffMessage,
            source: 'handoff',
            knowledgeId: null,
            tokensUsed: null,
            score,
          }),
        ),
      ),
    ),
  );

/**
 * The count of an unanswered question, for the reply's write: an AI answer or a hand-off.
 * A failed search says nothing about what the FAQ lacks, so it counts nothing.
 */
const unansweredCount = (reply: Reply, question: string): { unansweredQuestion?: UnansweredQuestionCount } => {
  const count = reply.source === 'faq' || reply.source === 'search_failed' ? null : unansweredQuestionOf(question);
  return count ? { unansweredQuestion: count } : {};
};

/** What the FAQ search gave: the hit to answer from (or none), the best score, or that it failed. */
type SearchOutcome =
  { readonly failed: false; readonly hit: FaqHit | null; readonly score: number | null } | { readonly failed: true };

/**
 * A failing search is reported with its cause and answered honestly: the reply says the
 * assistant could not search, and is stored as `search_failed`, so an operator can tell a
 * failure from a miss (and count failures: `messages` rows with that source). The AI
 * model is not asked: without the FAQ it would answer shop questions from nowhere.
 */
const searchFailed = (deps: Deps, userMessage: Message, error: ValidationError | StorageUnavailable): SearchOutcome => {
  deps.logger.error(
    {
      error: error._tag,
      cause: error.message,
      sessionId: userMessage.sessionId,
      messageId: userMessage.id,
    },
    'FAQ search failed; the reply says so and is stored with source search_failed',
  );
  return { failed: true };
};

const fromFailedSearch = (deps: Deps): TE.TaskEither<never, Reply> =>
  TE.right({
    content: deps.settings.searchFailedMessage,
    source: 'search_failed',
    knowledgeId: null,
    tokensUsed: null,
    score: null,
  });

/** The session the input names, by id or UUID; a `ValidationError` when it names none (as `findReferencedSession`). */
const sessionRef = (ref: SessionReference): TE.TaskEither<ValidationError, SessionRef> => {
  if (ref.sessionId !== undefined) return TE.right({ sessionId: ref.sessionId });
  if (ref.sessionUuid !== undefined) return TE.right({ sessionUuid: ref.sessionUuid });
  return TE.left(validationError([{ path: 'sessionId', message: 'sessionId or sessionUuid is required' }]));
};

/** The reply already stored for this message's client id, when the same message is retried. */
const storedReply = (deps: Deps, userMessage: Message) =>
  pipe(
    deps.repositories.messages.listBySession(userMessage.sessionId),
    TE.map((messages) => {
      const key = `${userMessage.clientMessageId ?? ''}${REPLY_KEY_SUFFIX}`;
      return messages.find((m) => m.role === 'assistant' && m.clientMessageId === key) ?? null;
    }),
  );

/**
 * The specification's `process_message`: store the visitor's message first (so it is
 * never lost), look for an FAQ answer, and answer from the best entry when it is
 * confident enough; otherwise ask the AI model with the agent context's prompt, model
 * and temperature. If the model fails, a hand-off message is stored and returned.
 * No provider call happens inside a transaction.
 */
export const makeProcessMessage =
  (deps: Deps) =>
  (input: unknown): TE.TaskEither<ProcessMessageError, ProcessedMessage> =>
    pipe(
      decodeInput(ProcessMessageInput, input),
      TE.bindTo('input'),
      // the session lookup, its ended check and the insert are one storage call (one round trip on PostgreSQL)
      TE.bindW('stored', ({ input: i }) =>
        pipe(
          sessionRef(i),
          TE.flatMap((ref) =>
            deps.repositories.messages.addToSession(
              ref,
              {
                role: 'user',
                content: i.message,
                tokensUsed: null,
                source: null,
                knowledgeId: null,
                clientMessageId: i.clientMessageId ?? null,
              },
              deps.clock.now(),
            ),
          ),
        ),
      ),
      TE.bindW('previous', ({ stored }) => (stored.created ? TE.right(null) : storedReply(deps, stored.message))),
      TE.flatMap(({ input: i, stored, previous }) => {
        const { session } = stored;
        const userMessage = stored.message;
        if (previous) {
          return TE.right<ProcessMessageError, ProcessedMessage>({
            answer: previous.content,
            confidence: previous.source === 'faq' ? 'high' : 'low',
            source: previous.source ?? 'ai',
            knowledgeId: previous.knowledgeId,
            score: null,
            tokensUsed: previous.tokensUsed,
            userMessage,
            assistantMessage: previous,
          });
        }
        return pipe(
          deps.searchFaq({ query: i.message, limit: 3 }),
          TE.map((result): SearchOutcome => ({
            failed: false,
            hit: confidentHit(result),
            score: result.hits[0]?.confidence ?? null,
          })),
          // a failing search must not stop the chat, nor pass for a miss: it is logged and the reply says so
          TE.orElseW((error) => TE.right(searchFailed(deps, userMessage, error))),
          TE.flatMap((outcome): TE.TaskEither<StorageUnavailable, Reply> => {
            if (outcome.failed) return fromFailedSearch(deps);
            return outcome.hit ? fromFaq(outcome.hit) : fromModel(deps, userMessage, outcome.score);
          }),
          TE.flatMap((reply) =>
            pipe(
              deps.repositories.messages.add(
                {
                  sessionId: session.id,
                  role: 'assistant',
                  content: reply.content,
                  tokensUsed: reply.tokensUsed,
                  source: reply.source,
                  knowledgeId: reply.knowledgeId,
                  clientMessageId: i.clientMessageId ? `${i.clientMessageId}${REPLY_KEY_SUFFIX}` : null,
                  // the FAQ entry's view is counted by the same write; an entry deleted since
                  // the search is not counted and the answer still stands
                  countView: reply.source === 'faq',
                  // what the FAQ could not answer is counted by the same write, so the shop
                  // owner sees which entries are missing
                  ...unansweredCount(reply, i.message),
                },
                deps.clock.now(),
              ),
              TE.map((added): ProcessedMessage => {
                // a concurrent try of the same client message stored its reply first: answer with that one
                const stored = added.created ? null : added.message;
                return {
                  answer: stored?.content ?? reply.content,
                  confidence: (stored?.source ?? reply.source) === 'faq' ? 'high' : 'low',
                  source: stored?.source ?? reply.source,
                  knowledgeId: stored ? stored.knowledgeId : reply.knowledgeId,
                  score: reply.score,
                  tokensUsed: stored ? stored.tokensUsed : reply.tokensUsed,
                  userMessage,
                  assistantMessage: added.message,
                };
              }),
            ),
          ),
        );
      }),
    );
