import type { TaskEither } from 'fp-ts/lib/TaskEither.js';
import type { StorageUnavailable } from '../domain/errors.js';
import type { AgentContext } from './agent-context.js';
import type { AnswerContextReader } from './answer-context.js';
import type { ChatSessions } from './chat-sessions.js';
import type { ContactRequests } from './contact-requests.js';
import type { Conversations } from './conversations.js';
import type { Operators } from './operators.js';
import type { ConversationEvents } from './conversation-events.js';
import type { KnowledgeBase } from './knowledge-base.js';
import type { Messages } from './messages.js';
import type { UnansweredQuestions } from './unanswered-questions.js';
import type { Users } from './users.js';
import type { Visitors } from './visitors.js';
import type { WidgetProfiles } from './widget-profiles.js';
import type { StorageTask } from './storage-result.js';

/** Every collection, as one object (the view a transaction hands to its work). */
export interface Repositories {
  readonly visitors: Visitors;
  readonly users: Users;
  readonly sessions: ChatSessions;
  readonly messages: Messages;
  readonly knowledge: KnowledgeBase;
  readonly widgets: WidgetProfiles;
  readonly context: AgentContext;
  readonly unanswered: UnansweredQuestions;
  /** Who answers each chat: the bot, the operators' queue, or an operator. */
  readonly conversations: Conversations;
  readonly operators: Operators;
  readonly contactRequests: ContactRequests;
  /** Agent settings and dialogue for an AI answer, read together. */
  readonly answerContext: AnswerContextReader;
}

/** Runs several repository calls as one transaction. */
export interface UnitOfWork {
  /**
   * Runs `work` with repositories bound to one transaction: committed when it returns
   * Right, rolled back when it returns Left or throws. An adapter may run `work` again
   * after a serialization failure, so it must do nothing but repository calls (no
   * embedding or AI calls inside). Transactions never interleave with each other or
   * with calls outside them on the same data in a way a serial order could not give.
   */
  transaction<E, A>(work: (repositories: Repositories) => TaskEither<E, A>): TaskEither<E | StorageUnavailable, A>;
}

/** How the stored schema compares with the migrations this version of the library ships. */
export interface SchemaStatus {
  /** Migration files not applied yet, in order (empty when the schema is current). */
  readonly pending: ReadonlyArray<string>;
  /** Applied migrations whose file has changed since (the schema may differ from a fresh one). */
  readonly changed: ReadonlyArray<string>;
}

/** A connection pool's use at one moment (PostgreSQL). */
export interface ConnectionPoolState {
  /** Connections running a statement or a transaction. */
  readonly inUse: number;
  readonly idle: number;
  /** Callers waiting for a connection because every one is in use. */
  readonly waiting: number;
  /** The pool's size. */
  readonly max: number;
}

/** The specification's `create_tables` / `drop_tables`, and what a readiness check asks. */
export interface SchemaManager {
  /** Creates (or migrates to) the full schema; safe to call again. */
  createTables(): StorageTask<void>;
  /** Drops every table of the library, with its data. */
  dropTables(): StorageTask<void>;
  /** Reads which migrations are applied (a round trip: it also proves the store answers). */
  status(): StorageTask<SchemaStatus>;
  /** The connection pool's use, read without a connection; null for a store without a pool (sql.js). */
  connections(): ConnectionPoolState | null;
}

/** What a storage adapter provides. */
export interface Storage {
  /** Short name for logs: `sqljs`, `postgres`. */
  readonly kind: string;
  readonly repositories: Repositories;
  readonly unitOfWork: UnitOfWork;
  readonly schema: SchemaManager;
  /** Notifications of stored messages, for live delivery (event streams). */
  readonly events: ConversationEvents;
  /** Releases connections (and, for a file-backed store, writes it out). */
  close(): Promise<void>;
}
