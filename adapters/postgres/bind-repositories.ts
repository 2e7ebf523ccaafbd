import type { Repositories } from '../../src/ports/repositories.js';
import { createAgentContextRepository } from './agent-context-repository.js';
import { createAnswerContextRepository } from './answer-context-repository.js';
import { createChatSessionsRepository } from './chat-sessions-repository.js';
import { createContactRequestsRepository } from './contact-requests-repository.js';
import { createConversationsRepository } from './conversations-repository.js';
import { createOperatorsRepository } from './operators-repository.js';
import { createKnowledgeBaseRepository } from './knowledge-base-repository.js';
import { createMessagesRepository } from './messages-repository.js';
import type { QueryTarget } from './storage-task.js';
import { createUnansweredQuestionsRepository } from './unanswered-questions-repository.js';
import { createUsersRepository } from './users-repository.js';
import type { VectorSearchSettings } from './vector-search-settings.js';
import { createVisitorsRepository } from './visitors-repository.js';
import { createWidgetProfilesRepository } from './widget-profiles-repository.js';

/** Every collection, running its statements on `target` (the pool or one transaction). */
export const bindRepositories = (target: QueryTarget, vectorSearch: VectorSearchSettings): Repositories => ({
  visitors: createVisitorsRepository(target),
  users: createUsersRepository(target),
  sessions: createChatSessionsRepository(target),
  messages: createMessagesRepository(target),
  knowledge: createKnowledgeBaseRepository(target, vectorSearch),
  widgets: createWidgetProfilesRepository(target),
  context: createAgentContextRepository(target),
  unanswered: createUnansweredQuestionsRepository(target),
  answerContext: createAnswerContextRepository(target),
  conversations: createConversationsRepository(target),
  operators: createOperatorsRepository(target),
  contactRequests: createContactRequestsRepository(target),
});
