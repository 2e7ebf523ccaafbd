import type { Repositories } from '../../src/ports/repositories.js';
import { createAgentContextRepository } from './agent-context-repository.js';
import { createAnswerContextRepository } from './answer-context-repository.js';
import { createChatSessionsRepository } from './chat-sessions-repository.js';
import { createContactRequestsRepository } from './contact-requests-repository.js';
import { createConversationsRepository } from './conversations-repository.js';
import { createOperatorsRepository } from './operators-repository.js';
import type { Executor } from './executor.js';
import { createKnowledgeBaseRepository } from './knowledge-base-repository.js';
import type { KnowledgeIndexes } from './knowledge-indexes.js';
import { createMessagesRepository } from './messages-repository.js';
import { createUnansweredQuestionsRepository } from './unanswered-questions-repository.js';
import { createUsersRepository } from './users-repository.js';
import { createVisitorsRepository } from './visitors-repository.js';
import { createWidgetProfilesRepository } from './widget-profiles-repository.js';

/** The collections over one executor (the store's lock, or an open transaction). */
export const createRepositories = (executor: Executor, indexes: KnowledgeIndexes): Repositories => ({
  visitors: createVisitorsRepository(executor),
  users: createUsersRepository(executor),
  sessions: createChatSessionsRepository(executor),
  messages: createMessagesRepository(executor),
  knowledge: createKnowledgeBaseRepository(executor, indexes),
  widgets: createWidgetProfilesRepository(executor),
  context: createAgentContextRepository(executor),
  unanswered: createUnansweredQuestionsRepository(executor),
  answerContext: createAnswerContextRepository(executor),
  conversations: createConversationsRepository(executor),
  operators: createOperatorsRepository(executor),
  contactRequests: createContactRequestsRepository(executor),
});
