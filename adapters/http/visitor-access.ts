import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ChatSession } from '../../src/domain/entities/chat-session.js';
import type { AssistantPort } from './assistant-api.js';
import { HttpProblem } from './http-problem.js';
import type { VisitorTokens } from './visitor-token.js';

export const VISITOR_ID_COOKIE = 'visitor_id';
export const VISITOR_TOKEN_COOKIE = 'visitor_token';
export const VISITOR_TOKEN_HEADER = 'x-visitor-token';

const ONE_YEAR_SECONDS = 365 * 24 * 3600;
const MAX_CACHED_VISITORS = 10_000;

/** The raw token a request presents: the header wins, since a widget sends it when cookies are blocked. */
export const presentedToken = (req: FastifyRequest): string | undefined => {
  const header = req.headers[VISITOR_TOKEN_HEADER];
  if (typeof header === 'string' && header.length > 0) return header;
  return req.cookies?.[VISITOR_TOKEN_COOKIE];
};

export interface VisitorAccess {
  /** The visitor UUID proven by the request's token, or null. */
  visitorOf(req: FastifyRequest): string | null;
  /** Like `visitorOf`, but a request without a valid token is a 403. */
  requireVisitor(req: FastifyRequest): string;
  /** The session, when it belongs to the request's visitor; 404 otherwise (see ADR 0008). */
  requireOwnSession(req: FastifyRequest, sessionUuid: unknown): Promise<ChatSession>;
  /** Remembers the numeric id of a visitor the host has just seen, sparing a lookup later. */
  remember(visitorUuid: string, visitorId: number): void;
  /** Sets the visitor cookies (HttpOnly, SameSite=Lax) and returns the token. */
  issue(req: FastifyRequest, reply: FastifyReply, visitorUuid: string): string;
}

export const makeVisitorAccess = (assistant: AssistantPort, tokens: VisitorTokens): VisitorAccess => {
  // uuid -> numeric id never changes, so this cache is safe even with several hosts on one database
  const ids = new Map<string, number>();
  const remember = (uuid: string, id: number) => {
    if (ids.size >= MAX_CACHED_VISITORS) ids.delete(ids.keys().next().value as string);
    ids.set(uuid, id);
  };
  const numericId = async (uuid: string): Promise<number | null> => {
    const cached = ids.get(uuid);
    if (cached !== undefined) return cached;
    const visitor = await assistant.findVisitor({ visitorId: uuid });
    if (visitor) remember(uuid, visitor.id);
    return visitor?.id ?? null;
  };
  const visitorOf = (req: FastifyRequest) => tokens.verify(presentedToken(req));
  const requireVisitor = (req: FastifyRequest) => {
    const uuid = visitorOf(req);
    if (!uuid)
      throw new HttpProblem(
        403,
        'VisitorTokenRequired',
        'a valid visitor token is required (cookie or X-Visitor-Token header)',
      );
    return uuid;
  };
  return {
    visitorOf,
    requireVisitor,
    remember,
    requireOwnSession: async (req, sessionUuid) => {
      const uuid = requireVisitor(req);
      const session = await assistant.findSession({ sessionUuid });
      // another visitor's session answers exactly like a missing one, so UUIDs cannot be probed
      if (!session || session.visitorId === null || session.visitorId !== (await numericId(uuid))) {
        throw new HttpProblem(404, 'SessionNotFound', 'session not found');
      }
      return session;
    },
    issue: (req, reply, visitorUuid) => {
      const token = tokens.issue(visitorUuid);
      const options = {
        httpOnly: true,
        sameSite: 'lax' as const,
        path: '/',
        maxAge: ONE_YEAR_SECONDS,
        secure: req.protocol === 'https',
      };
      reply.setCookie(VISITOR_ID_COOKIE, visitorUuid, options);
      reply.setCookie(VISITOR_TOKEN_COOKIE, token, options);
      return token;
    },
  };
};
