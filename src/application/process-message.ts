import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import type * as t from 'io-ts';
import { asksForPerson } from '../domain/asks-for-person.js';
import { nullable, struct, text } from '../domain/codecs.js';
import type { Handling } from '../domain/conversation.js';
import type { ChatSession } from '../domain/entities/chat-session.js';
import { CONTEXT_KEYS } from '../domain/entities/context-entry.js';
import type { AnswerSource, Message } from '../domain/entities/message.js';
import {
  validationError,
  type SessionEnded,
  type SessionNotFound,
  type StorageUnavailable,
  type ValidationError,
} from '../domain/errors.js';
import type { AnswerGenerator, AnswerRequest, GenerationOptions } from '../ports/answer-generator.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { SessionRef, UnansweredQuestionCount } from '../ports/messages.js';
import type { Repositories } from '../ports/repositories.js';
import { decodeInput } from './decode-input.js';
import {
  groundedSystemPrompt,
  groundingHits,
  groundingRule,
  saysNoAnswer,
  withoutNoAnswerWord,
  type GroundingEntry,
} from './grounding.js';
import { requestOperatorFor } from './conversation-handling.js';
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

/** How an AI answer is produced: cancelled with `signal` (the visitor went away), streamed with `onDelta`. */
export type ProcessMessageOptions = GenerationOptions;

/**
 * ProcessMessage's result: the reply (or none, when a person has the chat or it waits for
 * one), where it came from (FAQ, AI model, hand-off, or `search_failed`), who answers the
 * chat now, and both stored messages.
 */
export interface ProcessedMessage {
  /** Null when the bot stays quiet: an operator has the chat, or it waits for one. */
  readonly answer: string | null;
  /** The specification's field: `high` for an FAQ answer, `low` otherwise. */
  readonly confidence: 'high' | 'low';
  readonly source: AnswerSource | null;
  /** The FAQ entry answered from. */
  readonly knowledgeId: number | null;
  /** Best FAQ hit's confidence, whether or not it was used. */
  readonly score: number | null;
  readonly tokensUsed: number | null;
  /** The FAQ entries an AI answer was grounded on, best first. */
  readonly groundedOn: ReadonlyArray<GroundingEntry>;
  /** Who answers the chat after this message: the bot, the operators' queue, or an operator. */
  readonly handling: Handling;
  /** No one can come now (nobody online, or outside business hours): offer to leave an e-mail. */
  readonly contactOffer: boolean;
  readonly userMessage: Message;
  readonly assistantMessage: Message | null;
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

/** A reply to store, or none (the bot stays quiet). */
interface Reply {
  readonly content: string;
  readonly source: AnswerSource;
  readonly knowledgeId: number | null;
  readonly tokensUsed: number | null;
  readonly grounding: ReadonlyArray<FaqHit>;
  /** Count the question as one the FAQ could not answer. */
  readonly unanswered: boolean;
}

/** What was decided for the message: the reply (if any), the chat's handling after it, the best score. */
interface Decision {
  readonly reply: Reply | null;
  readonly session: ChatSession;
  readonly score: number | null;
  readonly contactOffer: boolean;
}

const parseTemperature = (value: string | undefined): number | null => {
  if (value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 && n <= 2 ? n : null;
};

const CONTEXT_READ = [
  CONTEXT_KEYS.systemPrompt,
  CONTEXT_KEYS.model,
  CONTEXT_KEYS.temperature,
  CONTEXT_KEYS.groundingTopK,
  CONTEXT_KEYS.groundingMinRelevance,
];

const usableTokens = (n: number | null): number | null =>
  n !== null && Number.isInteger(n) && n >= 0 && n <= 2_147_483_647 ? n : null;

const reply = (content: string, source: AnswerSource, extra: Partial<Reply> = {}): Reply => ({
  content,
  source,
  knowledgeId: null,
  tokensUsed: null,
  grounding: [],
  unanswered: false,
  ...extra,
});

/** An FAQ answer; its view is counted when the reply is stored (`countView`), in the same write. */
const fromFaq = (hit: FaqHit): Reply => reply(hit.entry.answer, 'faq', { knowledgeId: hit.entry.id });

/**
 * No one answers from the FAQ: the chat goes to people. When someone can come now it
 * waits in the queue (the bot stays quiet from here); otherwise the visitor is told no one
 * is there and offered to leave an e-mail, and the bot keeps answering.
 */
const handOff = (
  deps: Deps,
  session: ChatSession,
  score: number | null,
  asked: boolean,
): TE.TaskEither<SessionNotFound | SessionEnded | StorageUnavailable, Decision> =>
  pipe(
    requestOperatorFor(deps, session),
    TE.map((request) => ({
      reply: request.queued
        ? reply(asked ? deps.settings.connectingMessage : deps.settings.handoffMessage, 'handoff', {
            unanswered: !asked,
          })
        : reply(deps.settings.unavailableMessage, 'handoff', { unanswered: !asked }),
      session: request.session,
      score,
      contactOffer: !request.queued,
    })),
  );

/**
 * The AI model, grounded on the FAQ entries the search found for the question: the
 * agent context's prompt, model and temperature, the dialogue up to the question, and the
 * entries with the instruction to answer only from them. A failure, a refusal or "no
 * answer" hands the chat off; nothing of a broken-off stream is stored.
 */
const fromModel = (
  deps: Deps,
  session: ChatSession,
  question: Message,
  result: FaqSearchResult,
  options: ProcessMessageOptions,
): TE.TaskEither<SessionNotFound | SessionEnded | StorageUnavailable, Decision> => {
  const score = result.hits[0]?.confidence ?? null;
  return pipe(
    deps.repositories.answerContext.load({
      keys: CONTEXT_READ,
      sessionId: question.sessionId,
      upTo: question,
      window: deps.settings.conversationWindow,
    }),
    TE.flatMap(({ values, conversation }) => {
      const grounding = groundingHits(result.hits, groundingRule(values, deps.settings));
      const request: AnswerRequest = {
        systemPrompt: groundedSystemPrompt(values[CONTEXT_KEYS.systemPrompt] ?? null, grounding),
        model: values[CONTEXT_KEYS.model] ?? null,
        temperature: parseTemperature(values[CONTEXT_KEYS.temperature]),
        conversation: conversation.map((m) => ({ role: m.role, content: m.content })),
      };
      return pipe(
        deps.answerGenerator.generate(request, {
          ...(options.signal ? { signal: options.signal } : {}),
          onDelta: withoutNoAnswerWord(options.onDelta),
        }),
        TE.map((answer) =>
          answer.content.trim().length === 0 || saysNoAnswer(answer.content)
            ? null
            : reply(answer.content, 'ai', {
                tokensUsed: usableTokens(answer.tokensUsed),
                grounding,
                unanswered: true,
              }),
        ),
        // a failed call (down, refused, cancelled, cut off) is no answer: people take over
        TE.orElseW(() => TE.right(null)),
        TE.flatMap((answered) =>
          answered === null
            ? handOff(deps, session, score, false)
            : TE.right<StorageUnavailable, Decision>({ reply: answered, session, score, contactOffer: false }),
        ),
      );
    }),
  );
};

/**
 * A failing search is reported with its cause and answered honestly: the reply says the
 * assistant could not search, and is stored as `search_failed`, so an operator can tell a
 * failure from a miss (and count failures: `messages` rows with that source). The AI
 * model is not asked: without the FAQ it would answer shop questions from nowhere.
 */
const searchFailed = (deps: Deps, userMessage: Message, error: ValidationError | StorageUnavailable): null => {
  deps.logger.error(
    {
      error: error._tag,
      cause: error.message,
      sessionId: userMessage.sessionId,
      messageId: userMessage.id,
    },
    'FAQ search failed; the reply says so and is stored with source search_failed',
  );
  return null;
};

/** The FAQ search for the question, deep enough for grounding; null when it failed (logged). */
const search = (deps: Deps, question: Message): TE.TaskEither<never, FaqSearchResult | null> =>
  pipe(
    deps.searchFaq({ query: question.content, limit: Math.max(3, deps.settings.groundingTopK) }),
    TE.orElseW((error) => TE.right(searchFailed(deps, question, error))),
  );

/** What the bot does with a message, by who answers the chat. */
const decide = (
  deps: Deps,
  session: ChatSession,
  question: Message,
  options: ProcessMessageOptions,
): TE.TaskEither<SessionNotFound | SessionEnded | StorageUnavailable, Decision> => {
  const quiet = (score: number | null = null): Decision => ({ reply: null, session, score, contactOffer: false });
  // an operator answers: the bot stays out of it
  if (session.handling === 'operator') return TE.right(quiet());
  if (asksForPerson(question.content)) {
    return session.handling === 'waiting' ? TE.right(quiet()) : handOff(deps, session, null, true);
  }
  return pipe(
    search(deps, question),
    TE.flatMap((result): TE.TaskEither<SessionNotFound | SessionEnded | StorageUnavailable, Decision> => {
      if (result === null) {
        const failed = reply(deps.settings.searchFailedMessage, 'search_failed');
        return TE.right({
          reply: session.handling === 'bot' ? failed : null,
          session,
          score: null,
          contactOffer: false,
        });
      }
      const hit = confidentHit(result);
      const score = result.hits[0]?.confidence ?? null;
      // a confident FAQ answer helps while the visitor waits for a person too
      if (hit) return TE.right({ reply: fromFaq(hit), session, score, contactOffer: false });
      // waiting for a person: the question is theirs now
      if (session.handling === 'waiting') return TE.right(quiet(score));
      return fromModel(deps, session, question, result, options);
    }),
  );
};

/** The count of an unanswered question, for the reply's write. */
const unansweredCount = (r: Reply, question: string): { unansweredQuestion?: UnansweredQuestionCount } => {
  const count = r.unanswered ? unansweredQuestionOf(question) : null;
  return count ? { unansweredQuestion: count } : {};
};

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

const groundingEntries = (hits: ReadonlyArray<FaqHit>): ReadonlyArray<GroundingEntry> =>
  hits.map((hit) => ({ id: hit.entry.id, question: hit.entry.question, category: hit.entry.category }));

/** The result for a reply stored earlier (a retried message, or a concurrent try that stored it first). */
const fromStored = (
  stored: Message,
  userMessage: Message,
  session: ChatSession,
  score: number | null,
): ProcessedMessage => ({
  answer: stored.content,
  confidence: stored.source === 'faq' ? 'high' : 'low',
  source: stored.source ?? 'ai',
  knowledgeId: stored.knowledgeId,
  score,
  tokensUsed: stored.tokensUsed,
  groundedOn: stored.groundingIds.map((id) => ({ id, question: '', category: null })),
  handling: session.handling,
  contactOffer: false,
  userMessage,
  assistantMessage: stored,
});

/**
 * The specification's `process_message`, with people in the loop. The visitor's message is
 * stored first (so it is never lost). Then, by who answers the chat:
 * - an operator has it: the bot stays quiet (the operator sees the message live);
 * - the visitor asks for a person («позовите оператора»): the chat goes to the queue when
 *   someone can come now, or the visitor is told no one is there (and offered an e-mail);
 * - a confident FAQ hit: its answer (also while the chat waits for a person);
 * - waiting for a person: the bot stays quiet;
 * - otherwise the AI model, grounded on the FAQ entries found, answers; when it cannot
 *   (none configured, a failure, a refusal, "no answer in the entries") people take over
 *   as above.
 * No provider call happens inside a transaction; `options` cancel and stream the AI answer.
 */
export const makeProcessMessage =
  (deps: Deps) =>
  (input: unknown, options: ProcessMessageOptions = {}): TE.TaskEither<ProcessMessageError, ProcessedMessage> =>
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
        const userMessage = stored.message;
        if (previous) return TE.right(fromStored(previous, userMessage, stored.session, null));
        return pipe(
          decide(deps, stored.session, userMessage, options),
          TE.flatMap((decision): TE.TaskEither<ProcessMessageError, ProcessedMessage> => {
            const r = decision.reply;
            const base = {
              score: decision.score,
              handling: decision.session.handling,
              contactOffer: decision.contactOffer,
              userMessage,
            };
            if (r === null) {
              return TE.right({
                ...base,
                answer: null,
                confidence: 'low',
                source: null,
                knowledgeId: null,
                tokensUsed: null,
                groundedOn: [],
                assistantMessage: null,
              });
            }
            return pipe(
              deps.repositories.messages.add(
                {
                  sessionId: decision.session.id,
                  role: 'assistant',
                  content: r.content,
                  tokensUsed: r.tokensUsed,
                  source: r.source,
                  knowledgeId: r.knowledgeId,
                  clientMessageId: i.clientMessageId ? `${i.clientMessageId}${REPLY_KEY_SUFFIX}` : null,
                  groundingIds: r.grounding.map((hit) => hit.entry.id),
                  // the FAQ entry's view is counted by the same write; an entry deleted since
                  // the search is not counted and the answer still stands
                  countView: r.source === 'faq',
                  // what the FAQ could not answer is counted by the same write, so the shop
                  // owner sees which entries are missing
                  ...unansweredCount(r, i.message),
                },
                deps.clock.now(),
              ),
              TE.map((added): ProcessedMessage => {
                // a concurrent try of the same client message stored its reply first: answer with that one
                if (!added.created) return fromStored(added.message, userMessage, decision.session, decision.score);
                return {
                  ...base,
                  answer: r.content,
                  confidence: r.source === 'faq' ? 'high' : 'low',
                  source: r.source,
                  knowledgeId: r.knowledgeId,
                  tokensUsed: r.tokensUsed,
                  groundedOn: groundingEntries(r.grounding),
                  assistantMessage: added.message,
                };
              }),
            );
          }),
        );
      }),
    );
