export { createHttpServer, type HttpServerOptions, type RateLimitOptions } from './create-http-server.js';
export type { AssistantPort, HostedAssistant } from './assistant-api.js';
export { identityString, userHash } from './identity-verification.js';
