import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Visitor tokens: `<visitor uuid>.<hex HMAC-SHA256(visitor uuid, secret)>`.
 *
 * The token carries its visitor's UUID so one value (a cookie, or the `X-Visitor-Token`
 * header when cookies are blocked) proves who the caller is; the facade has no
 * "visitor by id" lookup, so the host cannot go from a session back to its visitor's UUID
 * and must start from the UUID instead (see ADR 0008).
 */
export interface VisitorTokens {
  issue(visitorUuid: string): string;
  /** The visitor UUID the token proves, or null for a missing, malformed or forged token. */
  verify(token: unknown): string | null;
}

export const makeVisitorTokens = (secret: string | undefined): VisitorTokens => {
  // a per-process random secret is safe, only less convenient: tokens die with the process
  const key = secret && secret.length > 0 ? Buffer.from(secret, 'utf8') : randomBytes(32);
  const mac = (uuid: string) => createHmac('sha256', key).update(uuid, 'utf8').digest();
  return {
    issue: (visitorUuid) => {
      const uuid = visitorUuid.toLowerCase();
      return `${uuid}.${mac(uuid).toString('hex')}`;
    },
    verify: (token) => {
      if (typeof token !== 'string' || token.length !== 36 + 1 + 64) return null;
      const uuid = token.slice(0, 36).toLowerCase();
      const hex = token.slice(37);
      if (!UUID_RE.test(uuid) || token[36] !== '.' || !/^[0-9a-f]{64}$/i.test(hex)) return null;
      return timingSafeEqual(Buffer.from(hex, 'hex'), mac(uuid)) ? uuid : null;
    },
  };
};
