import type { FastifyRequest } from 'fastify';
import type { AssistantPort } from './assistant-api.js';
import type { VisitorAccess } from './visitor-access.js';

/** What every route module needs, built once by `createHttpServer`. */
export interface HostContext {
  readonly assistant: AssistantPort;
  readonly access: VisitorAccess;
  readonly clock: () => Date;
  /** Server secret for `user_hash`; null turns identity verification off. */
  readonly identitySecret: string | null;
  /** Per-route rate limits; null when rate limiting is off. */
  readonly limits: RouteLimits | null;
}

export interface RouteLimits {
  readonly timeWindowMs: number;
  /** Chat messages per window per visitor (per IP without a visitor token). */
  readonly message: number;
  /** New chats per window per IP. */
  readonly start: number;
  /**
   * Chat messages per window per IP, whatever the tokens: new tokens are cheap to get,
   * so the per-visitor budget alone would not bound one client.
   */
  readonly messageIpCheck:
    ((req: FastifyRequest) => Promise<{ isAllowed: boolean; isExceeded?: boolean; ttlInSeconds?: number }>) | null;
}

export const ipKey = (req: FastifyRequest): string => `ip:${req.ip}`;

/** Fastify route `config` that applies a limit of `max` per window, keyed by `key` (default: the IP). */
export const routeLimit = (
  limits: RouteLimits | null,
  max: 'message' | 'start',
  key: (req: FastifyRequest) => string = ipKey,
): { rateLimit?: { max: number; timeWindow: number; keyGenerator: (req: FastifyRequest) => string } } =>
  limits ? { rateLimit: { max: limits[max], timeWindow: limits.timeWindowMs, keyGenerator: key } } : {};
