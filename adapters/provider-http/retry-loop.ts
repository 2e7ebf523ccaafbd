import * as E from 'fp-ts/lib/Either.js';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AttemptOutcome } from './http-failure.js';
import type { ProviderFailure } from './provider-failure.js';
import { retryDelayMs, type RetryPolicy } from './retry-policy.js';

/**
 * Runs `attempt` until it succeeds, fails for good, or `policy.maxRetries` extra attempts
 * are spent, waiting with backoff (or the server's Retry-After) in between. An aborted
 * `signal` ends it at once as `cancelled`, also during a wait: a visitor who left must
 * not cost another request.
 */
export const retrying = async <A>(
  policy: RetryPolicy,
  signal: AbortSignal | undefined,
  attempt: () => Promise<AttemptOutcome<A>>,
): Promise<E.Either<ProviderFailure, A>> => {
  for (let n = 1; ; n++) {
    if (signal?.aborted) return E.left({ kind: 'cancelled', attempts: n - 1 });
    const outcome = await attempt();
    if (outcome.ok) return E.right(outcome.value);
    if (!outcome.retryable || n > policy.maxRetries) return E.left(outcome.failure(n));
    try {
      await sleep(retryDelayMs(n, outcome.retryAfterMs, policy), undefined, signal ? { signal } : {});
    } catch {
      return E.left({ kind: 'cancelled', attempts: n });
    }
  }
};
