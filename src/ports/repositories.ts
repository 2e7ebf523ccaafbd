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

/** The specification's `create_tables` / `drop_tables`. */
export interface SchemaManager {
  /** Creates (or migrates to) the full schema; safe to call again. */
  createTables(): StorageTask<void>;
  /** Drops every table of the library, with its data. */
  dropTables(): StorageTask<void>;
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
