import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AssistantPort } from './assistant-api.js';
import type { EventStreamRegistry } from './event-stream.js';
import { HttpProblem } from './http-problem.js';
import type { HostMetrics } from './metrics.js';
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
  /** Register every event stream here (`eventStreams.add(openEventStream(...))`): counted, and closed at shutdown. */
  readonly eventStreams: EventStreamRegistry;
  /** Counts what routes see (`metrics.answered(reply.source)`). */
  readonly metrics: HostMetrics;
  /**
   * Aborted at the shutdown deadline: pass it (combined with the request's own signal)
   * to work that may outlast it, such as a provider call.
   */
  readonly shutdownSignal: AbortSignal;
}

/** Spends one request of a per-IP budget; `isExceeded` once it is spent (from `app.createRateLimit`). */
export type IpBudgetCheck = (
  req: FastifyRequest,
) => Promise<{ isAllowed: boolean; isExceeded?: boolean; ttlInSeconds?: number }>;

export interface RouteLimits {
  readonly timeWindowMs: number;
  /** Chat messages per window per visitor (per IP without a visitor token). */
  readonly message: number;
  /** New chats per window per IP. */
  readonly start: number;
  /** Registration attempts per window per visitor. */
  readonly register: number;
  /**
   * Chat messages per window per IP, whatever the tokens: new tokens are cheap to get,
   * so the per-visitor budget alone would not bound one client.
   */
  readonly messageIpCheck: IpBudgetCheck | null;
  /** Registration attempts per window per IP, for the same reason. */
  readonly registerIpCheck: IpBudgetCheck | null;
}

export const ipKey = (req: FastifyRequest): string => `ip:${req.ip}`;

/** Fastify route `config` that applies a limit of `max` per window, keyed by `key` (default: the IP). */
export const routeLimit = (
  limits: RouteLimits | null,
  max: 'message' | 'start' | 'register',
  key: (req: FastifyRequest) => string = ipKey,
): { rateLimit?: { max: number; timeWindow: number; keyGenerator: (req: FastifyRequest) => string } } =>
  limits ? { rateLimit: { max: limits[max], timeWindow: limits.timeWindowMs, keyGenerator: key } } : {};

/** An `onRequest` hook answering 429 once the per-IP budget of `check` is spent; `what` says what is limited. */
export const ipBudgetHook =
  (check: IpBudgetCheck | null, what: string) =>
  async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (!check) return;
    const result = await check(req);
    // isAllowed means "on the allow-list"; the budget is spent only when isExceeded
    if (!result.isAllowed && result.isExceeded === true) {
      const seconds = result.ttlInSeconds ?? 60;
      reply.header('Retry-After', String(seconds));
      throw new HttpProblem(429, 'RateLimited', `too many ${what} from this address, retry in ${seconds} seconds`);
    }
  };
