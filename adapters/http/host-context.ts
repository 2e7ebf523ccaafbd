import type { AssistantApi } from './assistant-api.js';
import type { VisitorAccess } from './visitor-access.js';

/** What every route module needs, built once by `createHttpServer`. */
export interface HostContext {
  readonly assistant: AssistantApi;
  readonly access: VisitorAccess;
  readonly clock: () => Date;
  /** Server secret for `user_hash`; null turns identity verification off. */
  readonly identitySecret: string | null;
  /** Per-route rate limits (requests per window); null when rate limiting is off. */
  readonly limits: RouteLimits | null;
}

export interface RouteLimits {
  readonly timeWindowMs: number;
  readonly message: number;
  readonly start: number;
}

/** Fastify route `config` that applies a limit, or none when limiting is off. */
export const routeLimit = (
  limits: RouteLimits | null,
  max: keyof Omit<RouteLimits, 'timeWindowMs'>,
): { rateLimit?: { max: number; timeWindow: number } } =>
  limits ? { rateLimit: { max: limits[max], timeWindow: limits.timeWindowMs } } : {};
