/**
 * web-assistant core: the public API.
 *
 * Most hosts need only `createAssistant` (or `createAssistantFromEnv`) and
 * `AssistantError`. The TaskEither use-cases, the ports and the domain types are
 * exported for hosts that bring their own adapters or use fp-ts.
 */
export { createAssistant, createAssistantFromEnv, type AssistantOverrides } from './composition/create-assistant.js';
export type { Assistant } from './composition/assistant-facade.js';
export { AssistantError, isAssistantError } from './composition/assistant-error.js';
export {
  AssistantConfig,
  configFromEnv,
  ENVIRONMENT_VARIABLES,
  resolveConfig,
  type AssistantConfigInput,
  type ResolvedConfig,
} from './composition/config.js';
export { buildContainer, type ContainerParts } from './composition/container.js';

export { makeUseCases, type UseCases, type UseCaseDependencies } from './application/use-cases.js';
export type { AssistantOperations, AssistantPort, HostedAssistant } from './application/assistant-port.js';
export type { Operation, PromiseOperations, UncheckedOperations } from './application/operation.js';
export { DEFAULT_SETTINGS, type AssistantSettings } from './application/settings.js';
export type { FaqHit, FaqSearchResult, SearchMode } from './application/search-faq.js';
export type { ProcessedMessage } from './application/process-message.js';
export type { StartedChat } from './application/start-chat.js';
export type { EndedChat } from './application/end-chat.js';
export type { ConvertedVisitor } from './application/convert-visitor-to-user.js';
export type { CreatedSession } from './application/create-session.js';
export type { EmbedderCheck } from './application/check-embedder.js';
export type { ReembedProgress, ReembedResult } from './application/reembed.js';

export * from './domain/errors.js';
export type { Visitor } from './domain/entities/visitor.js';
export type { User } from './domain/entities/user.js';
export type { ChatSession } from './domain/entities/chat-session.js';
export type { Message, AnswerSource } from './domain/entities/message.js';
export { EMBEDDING_DIMENSIONS, type KnowledgeEntry } from './domain/entities/knowledge-entry.js';
export type { WidgetProfile, WidgetSettings } from './domain/entities/widget-profile.js';
export { CONTEXT_KEYS, type ContextEntry } from './domain/entities/context-entry.js';
export type { SessionStats } from './domain/session-stats.js';
export type { UnansweredQuestion } from './domain/entities/unanswered-question.js';
export { normalizeQuestion } from './domain/normalize-question.js';
export type { BusinessHours, Role, WidgetPosition } from './domain/codecs.js';
export { businessHoursStatus, isWithinBusinessHours, type BusinessHoursStatus } from './domain/business-hours.js';
export { WIDGET_LANGUAGES, type WidgetLanguage } from './domain/widget-language.js';
export { escapeHtml, type ExportFormat } from './domain/chat-export.js';

export * from './ports/index.js';
