import type * as TE from 'fp-ts/lib/TaskEither.js';
import { failedStatus, notJson, requestHeaders, thrownBeforeResponse, type AttemptOutcome } from './http-failure.js';
import type { ProviderFailure } from './provider-failure.js';
import { retrying } from './retry-loop.js';
import type { RetryPolicy } from './retry-policy.js';

export interface PostJsonRequest {
  readonly url: string;
  readonly body: unknown;
  /** Sent as `Authorization: Bearer <key>`; no header when null (local servers). */
  readonly apiKey: string | null;
  readonly policy: RetryPolicy;
  readonly fetch: typeof fetch;
}

const attemptOnce = async (request: PostJsonRequest): Promise<AttemptOutcome<unknown>> => {
  const { timeoutMs } = request.policy;
  let response: Response;
  let text: string;
  try {
    // one signal for the whole attempt, so a server that sends headers and then stalls is cut off too
    response = await request.fetch(request.url, {
      method: 'POST',
      headers: requestHeaders(request.apiKey, 'application/json'),
      body: JSON.stringify(request.body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    return thrownBeforeResponse(error, timeoutMs);
  }
  if (!response.ok) return failedStatus(response, text);
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return notJson(text);
  }
};

/**
 * POSTs JSON and returns the parsed JSON body of the first successful response.
 * Network errors, timeouts, 408, 429 and 5xx are retried with exponential backoff and
 * jitter (or after the server's Retry-After, capped); other failures return at once.
 * The result is unvalidated `unknown`: each caller checks the shape it expects.
 */
export const postJsonWithRetry =
  (request: PostJsonRequest): TE.TaskEither<ProviderFailure, unknown> =>
  () =>
    retrying(request.policy, undefined, () => attemptOnce(request));
