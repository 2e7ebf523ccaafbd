import { createHmac } from 'node:crypto';
import { secretsEqual } from './constant-time.js';

/** The `user_hash` a shop's backend computes for a signed-in customer: hex HMAC-SHA256 of the identifier. */
export const userHash = (identifier: string, secret: string): string =>
  createHmac('sha256', secret).update(identifier, 'utf8').digest('hex');

/**
 * Whether `hash` proves the username or the e-mail with the server secret. Both candidates
 * are always checked, so the timing does not say which identifier the shop signed.
 */
export const identityVerified = (
  secret: string,
  hash: unknown,
  identifiers: { username: unknown; email: unknown },
): boolean => {
  if (typeof hash !== 'string' || hash.length === 0) return false;
  const given = hash.toLowerCase();
  const candidates = [identifiers.username, identifiers.email].filter(
    (v): v is string => typeof v === 'string' && v.length > 0,
  );
  let ok = false;
  for (const c of candidates) ok = secretsEqual(given, userHash(c, secret)) || ok;
  return ok;
};
