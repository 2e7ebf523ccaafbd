export { createHttpServer, type HttpServerOptions, type RateLimitOptions } from './create-http-server.js';
export type { AssistantApi } from './assistant-api.js';
export { userHash } from './identity-verification.js';
