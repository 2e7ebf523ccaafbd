import type { AnswerGenerator } from '../ports/answer-generator.js';
import type { Clock } from '../ports/clock.js';
import type { Embedder } from '../ports/embedder.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { Logger } from '../ports/logger.js';
import type { Repositories, SchemaManager, UnitOfWork } from '../ports/repositories.js';
import type { TextAnalyzer } from '../ports/text-analyzer.js';
import { makeAddKnowledge, makeAddKnowledgeBulk } from './add-knowledge.js';
import { makeAddMessage } from './add-message.js';
import { makeApplyRetention } from './apply-retention.js';
import { makeFaqCategoryStats, makeFindSession, makeListActiveSessions, makeListKnowledge } from './admin-queries.js';
import { makeGetContext, makeListContext, makeSetContext } from './agent-context.js';
import { makeCheckEmbedder } from './check-embedder.js';
import { makeConvertVisitorToUser } from './convert-visitor-to-user.js';
import { makeCreateOrGetVisitor } from './create-or-get-visitor.js';
import { makeCreateSession } from './create-session.js';
import { makeCreateUser } from './create-user.js';
import { makeEndChat } from './end-chat.js';
import { makeEndSession } from './end-session.js';
import { makeFindVisitor } from './find-visitor.js';
import { makeEraseVisitor } from './erase-visitor.js';
import { makeExportVisitorData } from './export-visitor-data.js';
import { makeGetSessionMessages } from './get-session-messages.js';
import { makeGetUser } from './get-user.js';
import { makeProcessMessage } from './process-message.js';
import { makeReembed } from './reembed.js';
import { makeSearchFaq } from './search-faq.js';
import { makeExportChatHistory, makeSessionAnalytics } from './session-analytics.js';
import type { AssistantSettings } from './settings.js';
import { makeStartChat } from './start-chat.js';
import { makeListUnansweredQuestions } from './unanswered-questions.js';
import { makeDeactivateKnowledge, makeMarkAnswerHelpful, makeUpdateKnowledge } from './update-knowledge.js';
import { makeGetWidgetSettings, makeListWidgetProfiles, makeUpdateWidgetSettings } from './widget-settings.js';

/** Everything the use-cases need, all of it behind ports. */
export interface UseCaseDependencies {
  readonly repositories: Repositories;
  readonly unitOfWork: UnitOfWork;
  readonly schema: SchemaManager;
  /** Null: no semantic search, text search only. */
  readonly embedder: Embedder | null;
  readonly answerGenerator: AnswerGenerator;
  readonly textAnalyzer: TextAnalyzer;
  /** Where failures that do not stop a use-case are reported (a failing search, a provider down). */
  readonly logger: Logger;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly settings: AssistantSettings;
}

/** Builds every use-case from its dependencies. Each is `(input: unknown) => TaskEither<Error, Result>`. */
export const makeUseCases = (deps: UseCaseDependencies) => {
  const { repositories: r, clock, ids, embedder, settings } = deps;
  const searchFaq = makeSearchFaq({ knowledge: r.knowledge, embedder, textAnalyzer: deps.textAnalyzer, settings });
  return {
    /**
     * The specification's `create_tables`: creates or migrates the schema; safe to call again.
     * Left: `StorageUnavailable`.
     */
    createTables: () => deps.schema.createTables(),
    /**
     * The specification's `drop_tables`: drops every table of the library with its data.
     * Left: `StorageUnavailable`.
     */
    dropTables: () => deps.schema.dropTables(),
    /**
     * The specification's `create_or_get_visitor`: the visitor with this UUID (last visit refreshed) or a new one, in
     * one upsert.
     * Left: `ValidationError` or `StorageUnavailable`.
     */
    createOrGetVisitor: makeCreateOrGetVisitor({ visitors: r.visitors, clock, ids }),
    /**
     * A visitor by `id` or UUID (`visitorId`) without touching its last visit; Right null when absent.
     * Left: `ValidationError` or `StorageUnavailable`.
     */
    findVisitor: makeFindVisitor({ visitors: r.visitors }),
    /**
     * The specification's `create_user`.
     * Left: `ValidationError`, `DuplicateUsername`, `DuplicateEmail` or `StorageUnavailable`.
     */
    createUser: makeCreateUser({ users: r.users, clock }),
    /**
     * The specification's `get_user`: the user, or null when absent.
     * Left: `ValidationError` or `StorageUnavailable`.
     */
    getUser: makeGetUser({ users: r.users }),
    /**
     * The specification's `create_session` for a visitor or a user: its id and an unguessable UUID.
     * Left: `ValidationError`, `VisitorNotFound`, `UserNotFound` or `StorageUnavailable`.
     */
    createSession: makeCreateSession({ sessions: r.sessions, clock, ids }),
    /**
     * The specification's `end_session` with an optional 1..5 rating; an ended session keeps its first rating.
     * Left: `ValidationError`, `SessionNotFound`, `SessionEnded` or `StorageUnavailable`.
     */
    endSession: makeEndSession({ sessions: r.sessions, clock }),
    /** A session by its public UUID, or null when absent. Left: `ValidationError` or `StorageUnavailable`. */
    findSession: makeFindSession({ sessions: r.sessions }),
    /**
     * Active sessions, oldest first, a page at a time (`limit` default 100, `offset`).
     * Left: `ValidationError` or `StorageUnavailable`.
     */
    listActiveSessions: makeListActiveSessions({ sessions: r.sessions }),
    /**
     * The specification's `add_message` (role user, assistant or system; optional tokens used).
     * Left: `ValidationError`, `SessionNotFound`, `SessionEnded` or `StorageUnavailable`.
     */
    addMessage: makeAddMessage({ messages: r.messages, clock }),
    /**
     * The specification's `get_session_messages`, in order.
     * Left: `ValidationError`, `SessionNotFound` or `StorageUnavailable`.
     */
    getSessionMessages: makeGetSessionMessages({ sessions: r.sessions, messages: r.messages }),
    /**
     * The specification's `add_knowledge`: embeds the question unless `autoEmbed: false`; with the embedder down the
     * entry is kept without a vector.
     * Left: `ValidationError` or `StorageUnavailable`.
     */
    addKnowledge: makeAddKnowledge({ knowledge: r.knowledge, embedder, clock }),
    /**
     * Adds up to 10,000 FAQ entries in one transaction, embedding in batches; all or none are stored.
     * Left: `ValidationError` (every bad field with its path, e.g. `entries.3.question`) or `StorageUnavailable`.
     */
    addKnowledgeBulk: makeAddKnowledgeBulk({ knowledge: r.knowledge, embedder, clock }),
    /**
     * Changes the given fields of an FAQ entry, re-embedding a changed question or keywords.
     * Left: `ValidationError`, `KnowledgeEntryNotFound` or `StorageUnavailable`.
     */
    updateKnowledge: makeUpdateKnowledge({ knowledge: r.knowledge, embedder, clock }),
    /**
     * Hides an FAQ entry from search without deleting it.
     * Left: `ValidationError`, `KnowledgeEntryNotFound` or `StorageUnavailable`.
     */
    deactivateKnowledge: makeDeactivateKnowledge({ knowledge: r.knowledge, clock }),
    /**
     * FAQ entries by id, a page at a time (`includeInactive` to see hidden ones).
     * Left: `ValidationError` or `StorageUnavailable`.
     */
    listKnowledge: makeListKnowledge({ knowledge: r.knowledge }),
    /**
     * The specification's `search_knowledge`, hybrid: hits best first with scores, confidence and the mode used; falls
     * back to text search when the embedder fails.
     * Left: `ValidationError` or `StorageUnavailable`.
     */
    searchFaq,
    /**
     * Counts a "this answer helped" vote (`helpful_count`), atomically.
     * Left: `ValidationError`, `KnowledgeEntryNotFound` or `StorageUnavailable`.
     */
    markAnswerHelpful: makeMarkAnswerHelpful({ knowledge: r.knowledge }),
    /** The specification's FAQ statistics: entries per category. Left: `StorageUnavailable`. */
    faqCategoryStats: makeFaqCategoryStats({ knowledge: r.knowledge }),
    /**
     * Questions the FAQ had no confident answer for, most asked first (`limit` default 50, `offset`).
     * Left: `ValidationError` or `StorageUnavailable`.
     */
    listUnansweredQuestions: makeListUnansweredQuestions({ unanswered: r.unanswered }),
    /**
     * Which embedders made the stored vectors, and how many entries are stale for the configured one.
     * Left: `StorageUnavailable`.
     */
    checkEmbedder: makeCheckEmbedder({ knowledge: r.knowledge, embedder }),
    /**
     * Re-embeds entries whose vector is missing or from another embedder, in batches, reporting progress after each; a
     * stopped run resumes when called again.
     * Left: `ValidationError`, `EmbeddingFailed` (also when no embedder is configured) or `StorageUnavailable`.
     */
    reembed: makeReembed({ knowledge: r.knowledge, embedder, clock }),
    /**
     * The specification's `get_widget_settings(name)` (default profile `default`): the profile, or null.
     * Left: `ValidationError` or `StorageUnavailable`.
     */
    getWidgetSettings: makeGetWidgetSettings({ widgets: r.widgets, defaultProfile: settings.defaultWidgetProfile }),
    /**
     * The specification's `update_widget_settings`: creates the profile or changes only the given fields.
     * Left: `ValidationError` or `StorageUnavailable`.
     */
    updateWidgetSettings: makeUpdateWidgetSettings({ widgets: r.widgets, clock }),
    /** Every widget profile, by name. Left: `StorageUnavailable`. */
    listWidgetProfiles: makeListWidgetProfiles({ widgets: r.widgets }),
    /**
     * The specification's `set_context`: inserts or replaces a value of the agent context.
     * Left: `ValidationError` or `StorageUnavailable`.
     */
    setContext: makeSetContext({ context: r.context, clock }),
    /**
     * The specification's `get_context(key)`: the entry, or null when the key is not set.
     * Left: `ValidationError` or `StorageUnavailable`.
     */
    getContext: makeGetContext({ context: r.context }),
    /** The agent context by key, optionally of one category. Left: `ValidationError` or `StorageUnavailable`. */
    listContext: makeListContext({ context: r.context }),
    /**
     * Visitor upsert, then a new session with the widget profile's welcome message as its first message (those two atomically).
     * Left: `ValidationError` or `StorageUnavailable`; the other tags of its type (`VisitorNotFound`, `UserNotFound`,
     * `SessionNotFound`, `SessionEnded`) arise only from a race, e.g. the visitor being erased meanwhile.
     */
    startChat: makeStartChat({ repositories: r, unitOfWork: deps.unitOfWork, clock, ids, settings }),
    /**
     * Stores the visitor's message, then answers from the FAQ when confident, else from the AI model (a hand-off text
     * when it fails); a retried `clientMessageId` is stored once.
     * Left: `ValidationError`, `SessionNotFound`, `SessionEnded` or `StorageUnavailable`.
     */
    processMessage: makeProcessMessage({
      repositories: r,
      searchFaq,
      answerGenerator: deps.answerGenerator,
      clock,
      settings,
      logger: deps.logger,
    }),
    /**
     * The specification's `end_chat`: ends the chat with an optional 1..5 rating and returns its statistics.
     * Left: `ValidationError`, `SessionNotFound`, `SessionEnded` or `StorageUnavailable`.
     */
    endChat: makeEndChat({ sessions: r.sessions, messages: r.messages, clock }),
    /**
     * Creates the user and moves all of the visitor's sessions to it, in one transaction (on any Left nothing changes).
     * Left: `ValidationError`, `VisitorNotFound`, `VisitorAlreadyConverted`, `DuplicateUsername`, `DuplicateEmail` or
     * `StorageUnavailable`.
     */
    convertVisitorToUser: makeConvertVisitorToUser({ unitOfWork: deps.unitOfWork, clock }),
    /**
     * A session's statistics: counts by role, tokens, duration, first and last message.
     * Left: `ValidationError`, `SessionNotFound` or `StorageUnavailable`.
     */
    sessionAnalytics: makeSessionAnalytics({ sessions: r.sessions, messages: r.messages }),
    /**
     * The specification's `export_chat_history` as `text`, `json` or `html` (every stored string escaped).
     * Left: `ValidationError`, `SessionNotFound` or `StorageUnavailable`.
     */
    exportChatHistory: makeExportChatHistory({ sessions: r.sessions, messages: r.messages }),
    /**
     * Privacy: deletes a visitor with its sessions and messages, atomically (a converted visitor's user stays).
     * Left: `ValidationError`, `VisitorNotFound` or `StorageUnavailable`.
     */
    eraseVisitor: makeEraseVisitor({ visitors: r.visitors }),
    /**
     * Privacy: everything stored about a visitor (its row, sessions and messages), read in one transaction.
     * Left: `ValidationError`, `VisitorNotFound` or `StorageUnavailable`.
     */
    exportVisitorData: makeExportVisitorData({ unitOfWork: deps.unitOfWork }),
    /**
     * Retention job: deletes old ended sessions or anonymises long-absent visitors; never touches active chats.
     * Left: `ValidationError` or `StorageUnavailable`.
     */
    applyRetention: makeApplyRetention({ visitors: r.visitors, sessions: r.sessions, clock }),
  };
};

/** Every use-case as a `TaskEither` function, as built by `makeUseCases` and exposed as `Assistant.useCases`. */
export type UseCases = ReturnType<typeof makeUseCases>;
