import type { ChatSession } from '../../src/domain/entities/chat-session.js';
import type { ContextEntry } from '../../src/domain/entities/context-entry.js';
import type { KnowledgeEntry } from '../../src/domain/entities/knowledge-entry.js';
import type { AnswerSource, Message } from '../../src/domain/entities/message.js';
import type { User } from '../../src/domain/entities/user.js';
import type { Visitor } from '../../src/domain/entities/visitor.js';
import type { WidgetProfile } from '../../src/domain/entities/widget-profile.js';
import type { SessionStats } from '../../src/domain/session-stats.js';
import type { UnansweredQuestion } from '../../src/domain/entities/unanswered-question.js';
import type { CategoryCount } from '../../src/ports/knowledge-base.js';

/**
 * The part of the `Assistant` Promise facade the HTTP host calls. Adapters may not import
 * `src/composition`, so the host declares what it needs and the facade satisfies it
 * structurally. Inputs are `unknown` on purpose: the facade validates every input and
 * rejects with a tagged error naming the field, so the host passes request data through
 * instead of validating it a second time.
 */
export interface AssistantApi {
  readonly storageKind: string;

  createOrGetVisitor(input: unknown): Promise<Visitor>;
  findVisitor(input: unknown): Promise<Visitor | null>;
  findSession(input: unknown): Promise<ChatSession | null>;
  listActiveSessions(input: unknown): Promise<ReadonlyArray<ChatSession>>;
  getSessionMessages(input: unknown): Promise<ReadonlyArray<Message>>;

  addKnowledge(input: unknown): Promise<KnowledgeEntry>;
  addKnowledgeBulk(input: unknown): Promise<ReadonlyArray<KnowledgeEntry>>;
  updateKnowledge(input: unknown): Promise<KnowledgeEntry>;
  deactivateKnowledge(input: unknown): Promise<KnowledgeEntry>;
  listKnowledge(input: unknown): Promise<ReadonlyArray<KnowledgeEntry>>;
  searchFaq(input: unknown): Promise<FaqSearchResultView>;
  markAnswerHelpful(input: unknown): Promise<void>;
  faqCategoryStats(): Promise<ReadonlyArray<CategoryCount>>;
  listUnansweredQuestions(input?: unknown): Promise<ReadonlyArray<UnansweredQuestion>>;

  getWidgetSettings(input: unknown): Promise<WidgetProfile | null>;
  updateWidgetSettings(input: unknown): Promise<WidgetProfile>;
  listWidgetProfiles(): Promise<ReadonlyArray<WidgetProfile>>;

  setContext(input: unknown): Promise<ContextEntry>;
  getContextEntry(input: unknown): Promise<ContextEntry | null>;
  listContext(input: unknown): Promise<ReadonlyArray<ContextEntry>>;

  startChat(input: unknown): Promise<StartedChatView>;
  processMessage(input: unknown): Promise<ProcessedMessageView>;
  endChat(input: unknown): Promise<EndedChatView>;
  convertVisitorToUser(input: unknown): Promise<ConvertedVisitorView>;
  sessionAnalytics(input: unknown): Promise<SessionStats>;
  exportChatHistory(input: unknown): Promise<string>;
}

export interface StartedChatView {
  readonly visitor: Visitor;
  readonly session: ChatSession;
  readonly sessionUuid: string;
  readonly welcomeMessage: string;
}

export interface ProcessedMessageView {
  readonly answer: string;
  readonly confidence: 'high' | 'low';
  readonly source: AnswerSource;
  readonly knowledgeId: number | null;
  readonly score: number | null;
  readonly userMessage: Message;
  readonly assistantMessage: Message;
}

export interface EndedChatView extends SessionStats {
  readonly session: ChatSession;
  readonly rating: number | null;
}

export interface ConvertedVisitorView {
  readonly user: User;
  readonly movedSessions: number;
}

export interface FaqSearchResultView {
  /** `vector`, `text` or whatever mode the search use-case reports. */
  readonly mode: string;
  readonly threshold: number;
  readonly hits: ReadonlyArray<{ readonly entry: KnowledgeEntry; readonly confidence: number }>;
}
