import type { FastifyRequest } from 'fastify';
import { secretsEqual } from './constant-time.js';
import { HttpProblem } from './http-problem.js';

/** Checks `Authorization: Bearer <admin token>`; without a configured token the admin API is off. */
export const makeAdminGuard =
  (adminToken: string | null) =>
  (req: FastifyRequest): Promise<void> => {
    if (adminToken === null) {
      return Promise.reject(
        new HttpProblem(403, 'AdminDisabled', 'the admin API is disabled: no admin token is configured'),
      );
    }
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match || !secretsEqual(match[1] ?? '', adminToken)) {
      return Promise.reject(
        new HttpProblem(401, 'Unauthorized', 'admin endpoints need Authorization: Bearer <admin token>'),
      );
    }
    return Promise.resolve();
  };
