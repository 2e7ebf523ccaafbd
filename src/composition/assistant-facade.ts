import * as E from 'fp-ts/lib/Either.js';
import type { TaskEither } from 'fp-ts/lib/TaskEither.js';
import type * as t from 'io-ts';
import type { AddKnowledgeBulkInput, AddKnowledgeInput } from '../application/add-knowledge.js';
import type { AddMessageInput } from '../application/add-message.js';
import type { EmbedderCheck } from '../application/check-embedder.js';
import type { ApplyRetentionInput, RetentionReport } from '../application/apply-retention.js';
import type { FindSessionInput, ListKnowledgeInput, PageInput } from '../application/admin-queries.js';
import type { GetContextInput, ListContextInput, SetContextInput } from '../application/agent-context.js';
import type { ConvertedVisitor, ConvertVisitorToUserInput } from '../application/convert-visitor-to-user.js';
import type { CreateOrGetVisitorInput } from '../application/create-or-get-visitor.js';
import type { CreatedSession, CreateSessionInput } from '../application/create-session.js';
import type { CreateUserInput } from '../application/create-user.js';
import type { EndChatInput, EndedChat } from '../application/end-chat.js';
import type { EndSessionInput } from '../application/end-session.js';
import type { ErasedVisitorData, EraseVisitorInput } from '../application/erase-visitor.js';
import type { ExportVisitorDataInput, VisitorDataExport } from '../application/export-visitor-data.js';
import type { SessionReferenceInput } from '../application/get-session-messages.js';
import type { GetUserInput } from '../application/get-user.js';
import type { FindVisitorInput } from '../application/find-visitor.js';
import type { ProcessedMessage, ProcessMessageInput } from '../application/process-message.js';
import type { ReembedInput, ReembedProgress, ReembedResult } from '../application/reembed.js';
import type { FaqSearchResult, SearchFaqInput } from '../application/search-faq.js';
import type { ExportChatHistoryInput } from '../application/session-analytics.js';
import type { StartChatInput, StartedChat } from '../application/start-chat.js';
import type { ListUnansweredQuestionsInput } from '../application/unanswered-questions.js';
import type { KnowledgeIdInput, UpdateKnowledgeInput } from '../application/update-knowledge.js';
import type { UseCases } from '../application/use-cases.js';
import type { GetWidgetSettingsInput, UpdateWidgetSettingsInput } from '../application/widget-settings.js';
import type { ChatSession } from '../domain/entities/chat-session.js';
import type { ContextEntry } from '../domain/entities/context-entry.js';
import type { KnowledgeEntry } from '../domain/entities/knowledge-entry.js';
import type { Message } from '../domain/entities/message.js';
import type { UnansweredQuestion } from '../domain/entities/unanswered-question.js';
import type { User } from '../domain/entities/user.js';
import type { Visitor } from '../domain/entities/visitor.js';
import type { WidgetProfile } from '../domain/entities/widget-profile.js';
import type { DomainError } from '../domain/errors.js';
import type { SessionStats } from '../domain/session-stats.js';
import type { CategoryCount } from '../ports/knowledge-base.js';
import { AssistantError } from './assistant-error.js';

type In<C extends t.Any> = t.TypeOf<C>;

/**
 * The Promise API for host applications: the specification's operations in camelCase
 * plus the use-cases. Every method validates its input and rejects with an
 * `AssistantError` whose `tag` names the failure: the errors listed on each method, and
 * `StorageUnavailable` from any of them when the database cannot be reached.
 */
export interface Assistant {
  /** `sqljs` or `postgres`. */
  readonly storageKind: string;
  /** The same operations as `TaskEither`s, for fp-ts users. */
  readonly useCases: UseCases;

  /** The specification's `create_tables`: creates or migrates the schema; safe to call again. */
  createTables(): Promise<void>;
  /** The specification's `drop_tables`: drops every table of the library with its data. */
  dropTables(): Promise<void>;

  /**
   * The specification's `create_or_get_visitor`: the visitor with this UUID (its last visit
   * refreshed) or a new one; one atomic upsert, so concurrent calls with one UUID make one
   * visitor. Rejects with `ValidationError`.
   */
  createOrGetVisitor(input?: In<typeof CreateOrGetVisitorInput>): Promise<Visitor>;
  /** A visitor by `id` or UUID (`visitorId`) without updating its last visit; null when absent. Rejects with `ValidationError`. */
  findVisitor(input: In<typeof FindVisitorInput>): Promise<Visitor | null>;
  /** The specification's `create_user`. Rejects with `ValidationError`, `DuplicateUsername` or `DuplicateEmail` (any letter case). */
  createUser(input: In<typeof CreateUserInput>): Promise<User>;
  /** The specification's `get_user`: the user, or null. Rejects with `ValidationError`. */
  getUser(input: In<typeof GetUserInput>): Promise<User | null>;

  /** The specification's `create_session` for a visitor or a user: its id and an unguessable UUID. Rejects with `ValidationError`, `VisitorNotFound` or `UserNotFound`. */
  createSession(input: In<typeof CreateSessionInput>): Promise<CreatedSession>;
  /** The specification's `end_session` with an optional 1..5 rating. Rejects with `ValidationError`, `SessionNotFound` or `SessionEnded` (the first rating stays). */
  endSession(input: In<typeof EndSessionInput>): Promise<ChatSession>;
  /** A session by its public UUID, or null. Rejects with `ValidationError`. */
  findSession(input: In<typeof FindSessionInput>): Promise<ChatSession | null>;
  /** Active sessions, oldest first, a page at a time (`limit` default 100, `offset`). Rejects with `ValidationError`. */
  listActiveSessions(input?: In<typeof PageInput>): Promise<ReadonlyArray<ChatSession>>;
  /** The specification's `add_message` (role user, assistant or system; optional tokens). Rejects with `ValidationError`, `SessionNotFound` or `SessionEnded`. */
  addMessage(input: In<typeof AddMessageInput>): Promise<Message>;
  /** The specification's `get_session_messages`, in order. Rejects with `ValidationError` or `SessionNotFound`. */
  getSessionMessages(input: In<typeof SessionReferenceInput>): Promise<ReadonlyArray<Message>>;

  /** The specification's `add_knowledge`: embeds the question unless `autoEmbed: false`; with the embedder down the entry is kept without a vector. Rejects with `ValidationError`. */
  addKnowledge(input: In<typeof AddKnowledgeInput>): Promise<KnowledgeEntry>;
  /** Adds up to 10,000 entries in one transaction, embedding in batches. Rejects with `ValidationError` (every bad field with its path, e.g. `entries.3.question`). */
  addKnowledgeBulk(input: In<typeof AddKnowledgeBulkInput>): Promise<ReadonlyArray<KnowledgeEntry>>;
  /** Changes the given fields of an entry, re-embedding a changed question or keywords. Rejects with `ValidationError` or `KnowledgeEntryNotFound`. */
  updateKnowledge(input: In<typeof UpdateKnowledgeInput>): Promise<KnowledgeEntry>;
  /** Hides an entry from search without deleting it. Rejects with `ValidationError` or `KnowledgeEntryNotFound`. */
  deactivateKnowledge(input: In<typeof KnowledgeIdInput>): Promise<KnowledgeEntry>;
  /** FAQ entries by id, a page at a time (`includeInactive` to see hidden ones). Rejects with `ValidationError`. */
  listKnowledge(input?: In<typeof ListKnowledgeInput>): Promise<ReadonlyArray<KnowledgeEntry>>;
  /** The specification's `search_knowledge`: the matching entries, best first. */
  searchKnowledge(input: In<typeof SearchFaqInput>): Promise<ReadonlyArray<KnowledgeEntry>>;
  /** SearchFaq with scores, confidence and the mode used. */
  searchFaq(input: In<typeof SearchFaqInput>): Promise<FaqSearchResult>;
  /** Counts a "this answer helped" vote (`helpful_count`), atomically. Rejects with `ValidationError` or `KnowledgeEntryNotFound`. */
  markAnswerHelpful(input: In<typeof KnowledgeIdInput>): Promise<void>;
  /** The specification's FAQ statistics: entries per category. */
  faqCategoryStats(): Promise<ReadonlyArray<CategoryCount>>;
  /** Questions the FAQ had no confident answer for, most asked first (default 50). */
  listUnansweredQuestions(input?: ListUnansweredQuestionsInput): Promise<ReadonlyArray<UnansweredQuestion>>;
  /** Which embedders made the stored vectors, and a message when they differ from the configured one. */
  checkEmbedder(): Promise<EmbedderCheck>;
  /** Re-embeds entries whose vector is missing or from another embedder, in batches; `onProgress(done, total)` after each. */
  reembed(input?: ReembedInput, onProgress?: ReembedProgress): Promise<ReembedResult>;

  /** The specification's `get_widget_settings(name)` (default `default`): the profile, or null. Rejects with `ValidationError`. */
  getWidgetSettings(input?: In<typeof GetWidgetSettingsInput>): Promise<WidgetProfile | null>;
  /** The specification's `update_widget_settings`: creates the profile or changes only the given fields (null clears one). Rejects with `ValidationError` (#hex colour, position, https avatar, business hours). */
  updateWidgetSettings(input: In<typeof UpdateWidgetSettingsInput>): Promise<WidgetProfile>;
  /** Every widget profile, by name. */
  listWidgetProfiles(): Promise<ReadonlyArray<WidgetProfile>>;

  /** The specification's `set_context`: inserts or replaces a value of the agent context. Rejects with `ValidationError`. */
  setContext(input: In<typeof SetContextInput>): Promise<ContextEntry>;
  /** The specification's `get_context(key)`: the value, or null when the key is not set. */
  getContext(input: In<typeof GetContextInput>): Promise<string | null>;
  /** Like `getContext`, with the category and timestamps. Rejects with `ValidationError`. */
  getContextEntry(input: In<typeof GetContextInput>): Promise<ContextEntry | null>;
  /** The agent context by key, optionally of one category. Rejects with `ValidationError`. */
  listContext(input?: In<typeof ListContextInput>): Promise<ReadonlyArray<ContextEntry>>;

  /** Visitor upsert, then a new session with the widget profile's welcome message as its first message (those two atomically). Rejects with `ValidationError`. */
  startChat(input?: In<typeof StartChatInput>): Promise<StartedChat>;
  /**
   * Stores the visitor's message, then answers from the FAQ when confident, else from the
   * AI model (a hand-off text when it fails); a retried `clientMessageId` is stored once.
   * Rejects with `ValidationError`, `SessionNotFound` or `SessionEnded`.
   */
  processMessage(input: In<typeof ProcessMessageInput>): Promise<ProcessedMessage>;
  /** Ends the chat with an optional 1..5 rating and returns its statistics. Rejects with `ValidationError`, `SessionNotFound` or `SessionEnded`. */
  endChat(input: In<typeof EndChatInput>): Promise<EndedChat>;
  /**
   * Creates the user and moves all of the visitor's sessions to it, in one transaction.
   * Rejects with `ValidationError`, `VisitorNotFound`, `VisitorAlreadyConverted`,
   * `DuplicateUsername` or `DuplicateEmail` (and then nothing is changed).
   */
  convertVisitorToUser(input: In<typeof ConvertVisitorToUserInput>): Promise<ConvertedVisitor>;
  /** Counts by role, tokens, duration, first and last message. Rejects with `ValidationError` or `SessionNotFound`. */
  sessionAnalytics(input: In<typeof SessionReferenceInput>): Promise<SessionStats>;
  /** The chat as `text`, `json` or `html` (every stored string escaped). Rejects with `ValidationError` or `SessionNotFound`. */
  exportChatHistory(input: In<typeof ExportChatHistoryInput>): Promise<string>;

  /** Privacy: deletes a visitor with its sessions and messages (a converted visitor's user stays). Rejects with `ValidationError` or `VisitorNotFound`. */
  eraseVisitor(input: In<typeof EraseVisitorInput>): Promise<ErasedVisitorData>;
  /** Privacy: everything stored about a visitor (its row, sessions and messages). Rejects with `ValidationError` or `VisitorNotFound`. */
  exportVisitorData(input: In<typeof ExportVisitorDataInput>): Promise<VisitorDataExport>;
  /** Retention job: deletes old ended sessions or anonymises long-absent visitors; safe to run again. */
  applyRetention(input: In<typeof ApplyRetentionInput>): Promise<RetentionReport>;

  /** Releases the storage (connections, or the final write of a file-backed store). */
  close(): Promise<void>;
}

/** Runs a use-case, resolving with its value or rejecting with an AssistantError. */
export const runTask = async <E extends DomainError, A>(task: TaskEither<E, A>): Promise<A> => {
  const result = await task();
  if (E.isLeft(result)) throw new AssistantError(result.left);
  return result.right;
};

export const makeAssistantFacade = (useCases: UseCases, storageKind: string, close: () => Promise<void>): Assistant => {
  const u = useCases;
  return {
    storageKind,
    useCases,
    createTables: () => runTask(u.createTables()),
    dropTables: () => runTask(u.dropTables()),
    createOrGetVisitor: (input = {}) => runTask(u.createOrGetVisitor(input)),
    findVisitor: (input) => runTask(u.findVisitor(input)),
    createUser: (input) => runTask(u.createUser(input)),
    getUser: (input) => runTask(u.getUser(input)),
    createSession: (input) => runTask(u.createSession(input)),
    endSession: (input) => runTask(u.endSession(input)),
    findSession: (input) => runTask(u.findSession(input)),
    listActiveSessions: (input = {}) => runTask(u.listActiveSessions(input)),
    addMessage: (input) => runTask(u.addMessage(input)),
    getSessionMessages: (input) => runTask(u.getSessionMessages(input)),
    addKnowledge: (input) => runTask(u.addKnowledge(input)),
    addKnowledgeBulk: (input) => runTask(u.addKnowledgeBulk(input)),
    updateKnowledge: (input) => runTask(u.updateKnowledge(input)),
    deactivateKnowledge: (input) => runTask(u.deactivateKnowledge(input)),
    listKnowledge: (input = {}) => runTask(u.listKnowledge(input)),
    searchKnowledge: async (input) => (await runTask(u.searchFaq(input))).hits.map((h) => h.entry),
    searchFaq: (input) => runTask(u.searchFaq(input)),
    markAnswerHelpful: (input) => runTask(u.markAnswerHelpful(input)),
    faqCategoryStats: () => runTask(u.faqCategoryStats()),
    listUnansweredQuestions: (input = {}) => runTask(u.listUnansweredQuestions(input)),
    checkEmbedder: () => runTask(u.checkEmbedder()),
    reembed: (input = {}, onProgress) => runTask(u.reembed(input, onProgress)),
    getWidgetSettings: (input = {}) => runTask(u.getWidgetSettings(input)),
    updateWidgetSettings: (input) => runTask(u.updateWidgetSettings(input)),
    listWidgetProfiles: () => runTask(u.listWidgetProfiles()),
    setContext: (input) => runTask(u.setContext(input)),
    getContext: async (input) => (await runTask(u.getContext(input)))?.value ?? null,
    getContextEntry: (input) => runTask(u.getContext(input)),
    listContext: (input = {}) => runTask(u.listContext(input)),
    startChat: (input = {}) => runTask(u.startChat(input)),
    processMessage: (input) => runTask(u.processMessage(input)),
    endChat: (input) => runTask(u.endChat(input)),
    convertVisitorToUser: (input) => runTask(u.convertVisitorToUser(input)),
    sessionAnalytics: (input) => runTask(u.sessionAnalytics(input)),
    exportChatHistory: (input) => runTask(u.exportChatHistory(input)),
    eraseVisitor: (input) => runTask(u.eraseVisitor(input)),
    exportVisitorData: (input) => runTask(u.exportVisitorData(input)),
    applyRetention: (input) => runTask(u.applyRetention(input)),
    close,
  };
};
