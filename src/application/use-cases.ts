import type { AnswerGenerator } from '../ports/answer-generator.js';
import type { Clock } from '../ports/clock.js';
import type { Embedder } from '../ports/embedder.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { Repositories, SchemaManager, UnitOfWork } from '../ports/repositories.js';
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
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly settings: AssistantSettings;
}

/** Builds every use-case from its dependencies. Each is `(input: unknown) => TaskEither<Error, Result>`. */
export const makeUseCases = (deps: UseCaseDependencies) => {
  const { repositories: r, clock, ids, embedder, settings } = deps;
  const searchFaq = makeSearchFaq({ knowledge: r.knowledge, embedder, settings });
  return {
    createTables: () => deps.schema.createTables(),
    dropTables: () => deps.schema.dropTables(),
    createOrGetVisitor: makeCreateOrGetVisitor({ visitors: r.visitors, clock, ids }),
    findVisitor: makeFindVisitor({ visitors: r.visitors }),
    createUser: makeCreateUser({ users: r.users, clock }),
    getUser: makeGetUser({ users: r.users }),
    createSession: makeCreateSession({ sessions: r.sessions, clock, ids }),
    endSession: makeEndSession({ sessions: r.sessions, clock }),
    findSession: makeFindSession({ sessions: r.sessions }),
    listActiveSessions: makeListActiveSessions({ sessions: r.sessions }),
    addMessage: makeAddMessage({ messages: r.messages, clock }),
    getSessionMessages: makeGetSessionMessages({ sessions: r.sessions, messages: r.messages }),
    addKnowledge: makeAddKnowledge({ knowledge: r.knowledge, embedder, clock }),
    addKnowledgeBulk: makeAddKnowledgeBulk({ knowledge: r.knowledge, embedder, clock }),
    updateKnowledge: makeUpdateKnowledge({ knowledge: r.knowledge, embedder, clock }),
    deactivateKnowledge: makeDeactivateKnowledge({ knowledge: r.knowledge, clock }),
    listKnowledge: makeListKnowledge({ knowledge: r.knowledge }),
    searchFaq,
    markAnswerHelpful: makeMarkAnswerHelpful({ knowledge: r.knowledge }),
    faqCategoryStats: makeFaqCategoryStats({ knowledge: r.knowledge }),
    listUnansweredQuestions: makeListUnansweredQuestions({ unanswered: r.unanswered }),
    checkEmbedder: makeCheckEmbedder({ knowledge: r.knowledge, embedder }),
    reembed: makeReembed({ knowledge: r.knowledge, embedder, clock }),
    getWidgetSettings: makeGetWidgetSettings({ widgets: r.widgets, defaultProfile: settings.defaultWidgetProfile }),
    updateWidgetSettings: makeUpdateWidgetSettings({ widgets: r.widgets, clock }),
    listWidgetProfiles: makeListWidgetProfiles({ widgets: r.widgets }),
    setContext: makeSetContext({ context: r.context, clock }),
    getContext: makeGetContext({ context: r.context }),
    listContext: makeListContext({ context: r.context }),
    startChat: makeStartChat({ repositories: r, unitOfWork: deps.unitOfWork, clock, ids, settings }),
    processMessage: makeProcessMessage({ repositories: r, searchFaq, answerGenerator: deps.answerGenerator, clock, settings }),
    endChat: makeEndChat({ sessions: r.sessions, messages: r.messages, clock }),
    convertVisitorToUser: makeConvertVisitorToUser({ unitOfWork: deps.unitOfWork, clock }),
    sessionAnalytics: makeSessionAnalytics({ sessions: r.sessions, messages: r.messages }),
    exportChatHistory: makeExportChatHistory({ sessions: r.sessions, messages: r.messages }),
    eraseVisitor: makeEraseVisitor({ visitors: r.visitors }),
    exportVisitorData: makeExportVisitorData({ unitOfWork: deps.unitOfWork }),
    applyRetention: makeApplyRetention({ visitors: r.visitors, sessions: r.sessions, clock }),
  };
};

export type UseCases = ReturnType<typeof makeUseCases>;
