/**
 * Dependency-injection tokens. Plain registered symbols, so nothing outside
 * `composition/` needs to import inversify.
 */
export const TOKENS = {
  Storage: Symbol.for('web-assistant/Storage'),
  Repositories: Symbol.for('web-assistant/Repositories'),
  UnitOfWork: Symbol.for('web-assistant/UnitOfWork'),
  SchemaManager: Symbol.for('web-assistant/SchemaManager'),
  Embedder: Symbol.for('web-assistant/Embedder'),
  AnswerGenerator: Symbol.for('web-assistant/AnswerGenerator'),
  TextAnalyzer: Symbol.for('web-assistant/TextAnalyzer'),
  Logger: Symbol.for('web-assistant/Logger'),
  Credentials: Symbol.for('web-assistant/Credentials'),
  Clock: Symbol.for('web-assistant/Clock'),
  IdGenerator: Symbol.for('web-assistant/IdGenerator'),
  AssistantSettings: Symbol.for('web-assistant/AssistantSettings'),
  UseCases: Symbol.for('web-assistant/UseCases'),
} as const;
