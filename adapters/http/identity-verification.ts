import { createHmac } from 'node:crypto';
import { secretsEqual } from './constant-time.js';

/**
 * What a shop's backend signs for a signed-in customer: every identifier the registration
 * carries, so a hash for one cannot vouch for another (a username signed alone must not
 * let a visitor attach someone else's e-mail). `username`, or `username + "\n" + email`.
 */
export const identityString = (username: string, email?: string | null): string =>
  email ? `${username}\n${email}` : username;

/** The `user_hash` for an identity string: hex HMAC-SHA256 with the server secret. */
export const userHash = (identity: string, secret: string): string =>
  createHmac('sha256', secret).update(identity, 'utf8').digest('hex');

/** Whether `hash` proves exactly this username and e-mail with the server secret (constant-time comparison). */
export const identityVerified = (
  secret: string,
  hash: unknown,
  identifiers: { username: unknown; email: unknown },
): boolean => {
  if (typeof hash !== 'string' || hash.length === 0 || typeof identifiers.username !== 'string') return false;
  const email = typeof identifiers.email === 'string' && identifiers.email.length > 0 ? identifiers.email : null;
  return secretsEqual(hash.toLowerCase(), userHash(identityString(identifiers.username, email), secret));
};
