import * as TE from 'fp-ts/lib/TaskEither.js';
import type { AnswerGenerator } from '../ports/answer-generator.js';
import type { Clock } from '../ports/clock.js';
import type { Embedder } from '../ports/embedder.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { Credentials } from '../ports/credentials.js';
import type { Logger } from '../ports/logger.js';
import {
  ContactRequestHandledInput,
  LeaveContactRequestInput,
  ListContactRequestsInput,
  makeLeaveContactRequest,
  makeListContactRequests,
  makeMarkContactRequestHandled,
} from './contact-requests.js';
import {
  ConversationQueueInput,
  ConversationUpdatesInput,
  makeGetConversationUpdates,
  makeHandBackToBot,
  makeListConversationQueue,
  makeOpenConversation,
  makeReplyAsOperator,
  makeRequestOperator,
  makeTakeConversation,
  OpenConversationInput,
  OperatorConversationInput,
  OperatorReplyInput,
  RequestOperatorInput,
} from './conversation-handling.js';
import {
  LoginOperatorInput,
  LoginTokenInput,
  makeAuthenticateOperator,
  makeLoginOperator,
  makeLogoutOperator,
  makeRecordOperatorPresence,
  OperatorIdInput,
} from './operator-login.js';
import {
  CreateOperatorInput,
  makeCreateOperator,
  makeListOperators,
  makeUpdateOperator,
  UpdateOperatorInput,
} from './operators.js';
import { makePeopleAvailability, PeopleAvailabilityInput } from './people-availability.js';
import type { Repositories, SchemaManager, UnitOfWork } from '../ports/repositories.js';
import type { TextAnalyzer } from '../ports/text-analyzer.js';
import { AddKnowledgeBulkInput, AddKnowledgeInput, makeAddKnowledge, makeAddKnowledgeBulk } from './add-knowledge.js';
import { AddMessageInput, makeAddMessage } from './add-message.js';
import { ApplyRetentionInput, makeApplyRetention } from './apply-retention.js';
import {
  FindSessionInput,
  ListKnowledgeInput,
  makeFaqCategoryStats,
  makeFindSession,
  makeListActiveSessions,
  makeListKnowledge,
  PageInput,
} from './admin-queries.js';
import {
  GetContextInput,
  ListContextInput,
  makeGetContext,
  makeGetContextEntry,
  makeListContext,
  makeSetContext,
  SetContextInput,
} from './agent-context.js';
import { makeCheckEmbedder } from './check-embedder.js';
import { ConvertVisitorToUserInput, makeConvertVisitorToUser } from './convert-visitor-to-user.js';
import { CreateOrGetVisitorInput, makeCreateOrGetVisitor } from './create-or-get-visitor.js';
import { CreateSessionInput, makeCreateSession } from './create-session.js';
import { CreateUserInput, makeCreateUser } from './create-user.js';
import { EndChatInput, makeEndChat } from './end-chat.js';
import { EndSessionInput, makeEndSession } from './end-session.js';
import { FindVisitorInput, makeFindVisitor } from './find-visitor.js';
import { EraseVisitorInput, makeEraseVisitor } from './erase-visitor.js';
import { ExportVisitorDataInput, makeExportVisitorData } from './export-visitor-data.js';
import { GetSessionMessagesInput, makeGetSessionMessages, SessionReferenceInput } from './get-session-messages.js';
import { GetUserInput, makeGetUser } from './get-user.js';
import { makeProcessMessage, ProcessMessageInput } from './process-message.js';
import { makeReembed, ReembedInput } from './reembed.js';
import { makeSearchFaq, makeSearchKnowledge, SearchFaqInput } from './search-faq.js';
import { ExportChatHistoryInput, makeExportChatHistory, makeSessionAnalytics } from './session-analytics.js';
import type { AssistantSettings } from './settings.js';
import { makeStartChat, StartChatInput } from './start-chat.js';
import { ListUnansweredQuestionsInput, makeListUnansweredQuestions } from './unanswered-questions.js';
import {
  KnowledgeIdInput,
  makeDeactivateKnowledge,
  makeMarkAnswerHelpful,
  makeUpdateKnowledge,
  MarkAnswerHelpfulInput,
  UpdateKnowledgeInput,
} from './update-knowledge.js';
import {
  GetWidgetSettingsInput,
  makeGetWidgetSettings,
  makeListWidgetProfiles,
  makeUpdateWidgetSettings,
  UpdateWidgetSettingsInput,
} from './widget-settings.js';
import { withInput, withoutInput } from './operation.js';

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
  /** Operators' password hashes and login tokens. */
  readonly credentials: Credentials;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly settings: AssistantSettings;
}

/**
 * The one list of operations. Each entry is one use-case with its name, the codec its
 * input is validated with, its result and error types (those of its factory) and its doc
 * comment; the Promise facade (`Assistant`), the host's input port and the API reference
 * are derived from this list. Adding an operation: its own file, and one entry here.
 */
export const makeUseCases = (deps: UseCaseDependencies) => {
  const { repositories: r, clock, ids, embedder, settings } = deps;
  const conversationDeps = { repositories: r, clock, settings };
  const contactDeps = { sessions: r.sessions, contactRequests: r.contactRequests, clock };
  const operatorDeps = { operators: r.operators, credentials: deps.credentials, clock };
  const searchFaq = makeSearchFaq({ knowledge: r.knowledge, embedder, textAnalyzer: deps.textAnalyzer, settings });
  return {
    /**
     * The specification's `create_tables`: creates or migrates the schema; safe to call again.
     * Errors: `StorageUnavailable`.
     */
    createTables: withoutInput(() => deps.schema.createTables()),
    /**
     * The specification's `drop_tables`: drops every table of the library with its data.
     * Errors: `StorageUnavailable`.
     */
    dropTables: withoutInput(() => deps.schema.dropTables()),
    /**
     * Which shipped migrations are not applied yet (`pending`) and which applied ones changed since (`changed`); a
     * round trip, so it also proves the store answers (a readiness check).
     * Errors: `StorageUnavailable`.
     */
    schemaStatus: withoutInput(() => deps.schema.status()),
    /**
     * The connection pool's use (`inUse`, `idle`, `waiting`, `max`), read without a connection; null for sql.js.
     * Errors: `StorageUnavailable` (never returned: no storage call is made).
     */
    storageConnections: withoutInput(() => TE.right(deps.schema.connections())),
    /**
     * The specification's `create_or_get_visitor`: the visitor with this UUID (its last visit refreshed) or a new
     * one; one atomic upsert, so concurrent calls with one UUID make one visitor.
     * Errors: `ValidationError`, `StorageUnavailable`.
     */
    createOrGetVisitor: withInput(CreateOrGetVisitorInput)(
      makeCreateOrGetVisitor({ visitors: r.visitors, clock, ids }),
    ),
    /**
     * A visitor by `id` or UUID (`visitorId`) without touching its last visit; null when absent.
     * Errors: `ValidationError`, `StorageUnavailable`.
     */
    findVisitor: withInput(FindVisitorInput)(makeFindVisitor({ visitors: r.visitors })),
    /**
     * The specification's `create_user`.
     * Errors: `ValidationError`, `DuplicateUsername`, `DuplicateEmail` (any letter case), `StorageUnavailable`.
     */
    createUser: withInput(CreateUserInput)(makeCreateUser({ users: r.users, clock })),
    /**
     * The specification's `get_user`: the user, or null when absent.
     * Errors: `ValidationError`, `StorageUnavailable`.
     */
    getUser: withInput(GetUserInput)(makeGetUser({ users: r.users })),
    /**
     * The specification's `create_session` for a visitor or a user: its id and an unguessable UUID.
     * Errors: `ValidationError`, `VisitorNotFound`, `UserNotFound`, `StorageUnavailable`.
     */
    createSession: withInput(CreateSessionInput)(makeCreateSession({ sessions: r.sessions, clock, ids })),
    /**
     * The specification's `end_session` with an optional 1..5 rating; an ended session keeps its first rating.
     * Errors: `ValidationError`, `SessionNotFound`, `SessionEnded`, `StorageUnavailable`.
     */
    endSession: withInput(EndSessionInput)(makeEndSession({ sessions: r.sessions, clock })),
    /**
     * A session by its public UUID, or null when absent.
     * Errors: `ValidationError`, `StorageUnavailable`.
     */
    findSession: withInput(FindSessionInput)(makeFindSession({ sessions: r.sessions })),
    /**
     * Active sessions, oldest first, a page at a time (`limit` default 100, `offset`).
     * Errors: `ValidationError`, `StorageUnavailable`.
     */
    listActiveSessions: withInput(PageInput)(makeListActiveSessions({ sessions: r.sessions })),
    /**
     * The specification's `add_message` (role user, assistant or system; optional tokens used).
     * Errors: `ValidationError`, `SessionNotFound`, `SessionEnded`, `StorageUnavailable`.
     */
    addMessage: withInput(AddMessageInput)(makeAddMessage({ messages: r.messages, clock })),
    /**
     * The specification's `get_session_messages`: the dialogue in order; with `includeStateChanges` also the records
     * of who answers the chat (an operator joined, the chat went back to the bot, it ended).
     * Errors: `ValidationError`, `SessionNotFound`, `StorageUnavailable`.
     */
    getSessionMessages: withInput(GetSessionMessagesInput)(
      makeGetSessionMessages({ sessions: r.sessions, messages: r.messages }),
    ),
    /**
     * The specification's `add_knowledge`: embeds the question unless `autoEmbed: false`; with the embedder down the
     * entry is kept without a vector.
     * Errors: `ValidationError`, `StorageUnavailable`.
     */
    addKnowledge: withInput(AddKnowledgeInput)(makeAddKnowledge({ knowledge: r.knowledge, embedder, clock })),
    /**
     * Adds up to 10,000 FAQ entries in one transaction, embedding in batches; all or none are stored.
     * Errors: `ValidationError` (every bad field with its path, e.g. `entries.3.question`), `StorageUnavailable`.
     */
    addKnowledgeBulk: withInput(AddKnowledgeBulkInput)(
      makeAddKnowledgeBulk({ knowledge: r.knowledge, embedder, clock }),
    ),
    /**
     * Changes the given fields of an FAQ entry, re-embedding a changed question or keywords.
     * Errors: `ValidationError`, `KnowledgeEntryNotFound`, `StorageUnavailable`.
     */
    updateKnowledge: withInput(UpdateKnowledgeInput)(makeUpdateKnowledge({ knowledge: r.knowledge, embedder, clock })),
    /**
     * Hides an FAQ entry from search without deleting it.
     * Errors: `ValidationError`, `KnowledgeEntryNotFound`, `StorageUnavailable`.
     */
    deactivateKnowledge: withInput(KnowledgeIdInput)(makeDeactivateKnowledge({ knowledge: r.knowledge, clock })),
    /**
     * FAQ entries by id, a page at a time (`limit` default 100, `offset`; `includeInactive` to see hidden ones).
     * Errors: `ValidationError`, `StorageUnavailable`.
     */
    listKnowledge: withInput(ListKnowledgeInput)(makeListKnowledge({ knowledge: r.knowledge })),
    /**
     * The specification's `search_knowledge`: the matching entries, best first (SearchFaq without the scores).
     * Errors: `ValidationError`, `StorageUnavailable`.
     */
    searchKnowledge: withInput(SearchFaqInput)(makeSearchKnowledge(searchFaq)),
    /**
     * Hybrid FAQ search: hits best first with scores, confidence and the mode used; falls back to text search when
     * the embedder fails.
     * Errors: `ValidationError`, `StorageUnavailable`.
     */
    searchFaq: withInput(SearchFaqInput)(searchFaq),
    /**
     * Counts a "this answer helped" vote (`helpful_count`), atomically: once per visitor and entry when a visitor
     * (`visitorId` or `visitorUuid`) is given; without one it is a trusted count (admin, import).
     * Errors: `ValidationError`, `KnowledgeEntryNotFound`, `VisitorNotFound`, `StorageUnavailable`.
     */
    markAnswerHelpful: withInput(MarkAnswerHelpfulInput)(makeMarkAnswerHelpful({ knowledge: r.knowledge })),
    /**
     * The specification's FAQ statistics: entries per category.
     * Errors: `StorageUnavailable`.
     */
    faqCategoryStats: withoutInput(makeFaqCategoryStats({ knowledge: r.knowledge })),
    /**
     * Questions the FAQ had no confident answer for, most asked first (`limit` default 50, `offset`).
     * Errors: `ValidationError`, `StorageUnavailable`.
     */
    listUnansweredQuestions: withInput(ListUnansweredQuestionsInput)(
      makeListUnansweredQuestions({ unanswered: r.unanswered }),
    ),
    /**
     * Which embedders made the stored vectors, how many entries are stale for the configured one, and a message
     * when they differ.
     * Errors: `StorageUnavailable`.
     */
    checkEmbedder: withoutInput(makeCheckEmbedder({ knowledge: r.knowledge, embedder })),
    /**
     * Re-embeds entries whose vector is missing or from another embedder, in batches, calling `onProgress(done,
     * total)` after each; a stopped run resumes when called again.
     * Errors: `ValidationError`, `EmbeddingFailed` (also when no embedder is configured), `StorageUnavailable`.
     */
    reembed: withInput(ReembedInput)(makeReembed({ knowledge: r.knowledge, embedder, clock })),
    /**
     * The specification's `get_widget_settings(name)` (default profile `default`): the profile, or null.
     * Errors: `ValidationError`, `StorageUnavailable`.
     */
    getWidgetSettings: withInput(GetWidgetSettingsInput)(
      makeGetWidgetSettings({ widgets: r.widgets, defaultProfile: settings.defaultWidgetProfile }),
    ),
    /**
     * The specification's `update_widget_settings`: creates the profile or changes only the given fields (null
     * clears one).
     * Errors: `ValidationError` (#hex colour, position, https avatar, business hours), `StorageUnavailable`.
     */
    updateWidgetSettings: withInput(UpdateWidgetSettingsInput)(makeUpdateWidgetSettings({ widgets: r.widgets, clock })),
    /**
     * Every widget profile, by name.
     * Errors: `StorageUnavailable`.
     */
    listWidgetProfiles: withoutInput(makeListWidgetProfiles({ widgets: r.widgets })),
    /**
     * The specification's `set_context`: inserts or replaces a value of the agent context.
     * Errors: `ValidationError`, `StorageUnavailable`.
     */
    setContext: withInput(SetContextInput)(makeSetContext({ context: r.context, clock })),
    /**
     * The specification's `get_context(key)`: the value, or null when the key is not set.
     * Errors: `ValidationError`, `StorageUnavailable`.
     */
    getContext: withInput(GetContextInput)(makeGetContext({ context: r.context })),
    /**
     * Like `getContext`, with the category and timestamps: the entry, or null when the key is not set.
     * Errors: `ValidationError`, `StorageUnavailable`.
     */
    getContextEntry: withInput(GetContextInput)(makeGetContextEntry({ context: r.context })),
    /**
     * The agent context by key, optionally of one category.
     * Errors: `ValidationError`, `StorageUnavailable`.
     */
    listContext: withInput(ListContextInput)(makeListContext({ context: r.context })),
    /**
     * Visitor upsert, then a new session with the widget profile's welcome message as its first message (those two
     * atomically).
     * Errors: `ValidationError`, `StorageUnavailable`; the other tags of its type (`VisitorNotFound`, `UserNotFound`,
     * `SessionNotFound`, `SessionEnded`) arise only from a race, e.g. the visitor being erased meanwhile.
     */
    startChat: withInput(StartChatInput)(
      makeStartChat({ repositories: r, unitOfWork: deps.unitOfWork, clock, ids, settings }),
    ),
    /**
     * Stores the visitor's message, then, by who answers the chat: nothing while an operator has it; a confident FAQ
     * answer; or the AI model grounded on the FAQ entries found (streamed through `options.onDelta`, cancelled by
     * `options.signal`); when there is no answer, or the visitor asks for a person, the chat goes to the operators'
     * queue if someone can come now, else the reply says no one is there (`contactOffer`). A failing FAQ search is
     * answered with `search_failed`; a retried `clientMessageId` is stored once and gets the same reply.
     * Errors: `ValidationError`, `SessionNotFound`, `SessionEnded`, `StorageUnavailable`.
     */
    processMessage: withInput(ProcessMessageInput)(
      makeProcessMessage({
        repositories: r,
        searchFaq,
        answerGenerator: deps.answerGenerator,
        clock,
        settings,
        logger: deps.logger,
      }),
    ),
    /**
     * The visitor asks for a person (the widget's button): the chat waits in the operators' queue when someone can
     * come now (`queued`); otherwise nothing changes and `availability` says why.
     * Errors: `ValidationError`, `SessionNotFound`, `SessionEnded`, `StorageUnavailable`.
     */
    requestOperator: withInput(RequestOperatorInput)(makeRequestOperator(conversationDeps)),
    /**
     * Whether a person can take a chat of the widget profile over now: operators online and the profile's business
     * hours (default profile when none is named).
     * Errors: `ValidationError`, `StorageUnavailable`.
     */
    peopleAvailability: withInput(PeopleAvailabilityInput)(makePeopleAvailability(conversationDeps)),
    /**
     * A chat's messages after `afterId` (state changes included), by id, with the session as it is now: what a
     * follower (an event stream, a polling widget) has not seen yet; nothing is skipped or repeated.
     * Errors: `ValidationError`, `SessionNotFound`, `StorageUnavailable`.
     */
    getConversationUpdates: withInput(ConversationUpdatesInput)(makeGetConversationUpdates(conversationDeps)),
    /**
     * The operators' queue: active chats waiting for a person (the longest wait first), then chats with an operator,
     * each with its visitor and last message (`limit` default 100).
     * Errors: `ValidationError`, `StorageUnavailable`.
     */
    listConversationQueue: withInput(ConversationQueueInput)(makeListConversationQueue(conversationDeps)),
    /**
     * A chat as the inbox shows it: the whole transcript with state changes, the visitor, their earlier chats.
     * Errors: `ValidationError`, `SessionNotFound`, `StorageUnavailable`.
     */
    openConversation: withInput(OpenConversationInput)(makeOpenConversation(conversationDeps)),
    /**
     * An operator takes the chat (from the queue, or from the bot); of two operators taking it at once exactly one
     * wins, the other gets `ConversationTaken`. Taking it again is no change.
     * Errors: `ValidationError`, `SessionNotFound`, `SessionEnded`, `ConversationTaken`, `StorageUnavailable`.
     */
    takeConversation: withInput(OperatorConversationInput)(makeTakeConversation(conversationDeps)),
    /**
     * The operator who has the chat replies (stored as an `operator` message with their id; a retried
     * `clientMessageId` is stored once).
     * Errors: `ValidationError`, `SessionNotFound`, `SessionEnded`, `NotYourConversation`, `StorageUnavailable`.
     */
    replyAsOperator: withInput(OperatorReplyInput)(makeReplyAsOperator(conversationDeps)),
    /**
     * The operator who has the chat hands it back to the bot.
     * Errors: `ValidationError`, `SessionNotFound`, `SessionEnded`, `NotYourConversation`, `StorageUnavailable`.
     */
    handBackToBot: withInput(OperatorConversationInput)(makeHandBackToBot(conversationDeps)),
    /**
     * A visitor leaves an e-mail to be answered later (no one was online), listed in the inbox until handled.
     * Errors: `ValidationError`, `SessionNotFound`, `StorageUnavailable`.
     */
    leaveContactRequest: withInput(LeaveContactRequestInput)(makeLeaveContactRequest(contactDeps)),
    /**
     * Contact requests not handled yet, oldest first (`limit` default 50, `offset`).
     * Errors: `ValidationError`, `StorageUnavailable`.
     */
    listContactRequests: withInput(ListContactRequestsInput)(makeListContactRequests(contactDeps)),
    /**
     * An operator marks a contact request handled.
     * Errors: `ValidationError`, `ContactRequestNotFound`, `StorageUnavailable`.
     */
    markContactRequestHandled: withInput(ContactRequestHandledInput)(makeMarkContactRequestHandled(contactDeps)),
    /**
     * An operator account (role `operator` unless `admin` is given), its password hashed with Argon2id.
     * Errors: `ValidationError`, `DuplicateOperatorEmail`, `StorageUnavailable`.
     */
    createOperator: withInput(CreateOperatorInput)(makeCreateOperator(operatorDeps)),
    /**
     * Changes an operator account's given fields; a new password or a deactivation ends its logins.
     * Errors: `ValidationError`, `OperatorNotFound`, `DuplicateOperatorEmail`, `StorageUnavailable`.
     */
    updateOperator: withInput(UpdateOperatorInput)(makeUpdateOperator(operatorDeps)),
    /**
     * Every operator account, by id, with its last heartbeat.
     * Errors: `StorageUnavailable`.
     */
    listOperators: withoutInput(makeListOperators(operatorDeps)),
    /**
     * Logs an operator in with e-mail and password: a new login token for the cookie (stored only as a digest).
     * Errors: `ValidationError`, `InvalidCredentials` (unknown e-mail, wrong password or deactivated: the same
     * answer), `StorageUnavailable`.
     */
    loginOperator: withInput(LoginOperatorInput)(makeLoginOperator(operatorDeps)),
    /**
     * The operator a login token belongs to, while the login is current and the account active; else null.
     * Errors: `ValidationError`, `StorageUnavailable`.
     */
    authenticateOperator: withInput(LoginTokenInput)(makeAuthenticateOperator(operatorDeps)),
    /**
     * Ends the login of a token (log out).
     * Errors: `ValidationError`, `StorageUnavailable`.
     */
    logoutOperator: withInput(LoginTokenInput)(makeLogoutOperator(operatorDeps)),
    /**
     * A heartbeat of an operator's open inbox: they count as online for the presence window (45 s).
     * Errors: `ValidationError`, `StorageUnavailable`.
     */
    recordOperatorPresence: withInput(OperatorIdInput)(makeRecordOperatorPresence(operatorDeps)),
    /**
     * The specification's `end_chat`: ends the chat with an optional 1..5 rating and returns its statistics.
     * Errors: `ValidationError`, `SessionNotFound`, `SessionEnded`, `StorageUnavailable`.
     */
    endChat: withInput(EndChatInput)(makeEndChat({ sessions: r.sessions, messages: r.messages, clock })),
    /**
     * Creates the user and moves all of the visitor's sessions to it, in one transaction (on any error nothing
     * changes).
     * Errors: `ValidationError`, `VisitorNotFound`, `VisitorAlreadyConverted`, `DuplicateUsername`, `DuplicateEmail`,
     * `StorageUnavailable`.
     */
    convertVisitorToUser: withInput(ConvertVisitorToUserInput)(
      makeConvertVisitorToUser({ unitOfWork: deps.unitOfWork, clock }),
    ),
    /**
     * A session's statistics: counts by role, tokens, duration, first and last message.
     * Errors: `ValidationError`, `SessionNotFound`, `StorageUnavailable`.
     */
    sessionAnalytics: withInput(SessionReferenceInput)(
      makeSessionAnalytics({ sessions: r.sessions, messages: r.messages }),
    ),
    /**
     * The specification's `export_chat_history` as `text`, `json` or `html` (every stored string escaped).
     * Errors: `ValidationError`, `SessionNotFound`, `StorageUnavailable`.
     */
    exportChatHistory: withInput(ExportChatHistoryInput)(
      makeExportChatHistory({ sessions: r.sessions, messages: r.messages }),
    ),
    /**
     * Privacy: deletes a visitor with its sessions and messages, atomically (a converted visitor's user stays).
     * Errors: `ValidationError`, `VisitorNotFound`, `StorageUnavailable`.
     */
    eraseVisitor: withInput(EraseVisitorInput)(makeEraseVisitor({ visitors: r.visitors })),
    /**
     * Privacy: everything stored about a visitor (its row, sessions and messages), read in one transaction.
     * Errors: `ValidationError`, `VisitorNotFound`, `StorageUnavailable`.
     */
    exportVisitorData: withInput(ExportVisitorDataInput)(makeExportVisitorData({ unitOfWork: deps.unitOfWork })),
    /**
     * Retention job: deletes old ended sessions or anonymises long-absent visitors; never touches active chats; safe
     * to run again.
     * Errors: `ValidationError`, `StorageUnavailable`.
     */
    applyRetention: withInput(ApplyRetentionInput)(
      makeApplyRetention({ visitors: r.visitors, sessions: r.sessions, clock }),
    ),
  };
};

/** Every use-case as a `TaskEither` function, as built by `makeUseCases` and exposed as `Assistant.useCases`. */
export type UseCases = ReturnType<typeof makeUseCases>;
