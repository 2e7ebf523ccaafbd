import { hash, verify } from '@node-rs/argon2';
import { createHash, randomBytes } from 'node:crypto';
import type { Credentials } from '../../src/ports/credentials.js';

/**
 * Argon2id with the library's defaults (19 MiB, 2 passes, 1 lane: OWASP's minimum for
 * Argon2id), 32 random bytes per login token, SHA-256 of the token as what storage keeps
 * (a token is random, so a fast digest is enough; a password is not, hence Argon2).
 */
export const argon2Credentials: Credentials = {
  hashPassword: (password) => () => hash(password).then((h) => ({ _tag: 'Right' as const, right: h })),
  verifyPassword: (stored, password) => () =>
    verify(stored, password).then(
      (ok) => ({ _tag: 'Right' as const, right: ok }),
      () => ({ _tag: 'Right' as const, right: false }),
    ),
  newLoginToken: () => {
    const token = randomBytes(32).toString('base64url');
    return { token, digest: createHash('sha256').update(token).digest('hex') };
  },
  digestOf: (token) => createHash('sha256').update(token).digest('hex'),
};
