import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProviderFailure } from './provider-failure.js';
import { isRetryableStatus, parseRetryAfter, retryDelayMs, type RetryPolicy } from './retry-policy.js';

export interface PostJsonRequest {
  readonly url: string;
  readonly body: unknown;
  /** Sent as `Authorization: Bearer <key>`; no header when null (local servers). */
  readonly apiKey: string | null;
  readonly policy: RetryPolicy;
  readonly fetch: typeof fetch;
}

type AttemptOutcome =
  | { readonly ok: true; readonly value: unknown }
  | {
      readonly ok: false;
      readonly retryable: boolean;
      readonly retryAfterMs: number | null;
      readonly failure: (attempts: number) => ProviderFailure;
    };

const MAX_DETAIL = 300;

const oneLine = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_DETAIL ? `${flat.slice(0, MAX_DETAIL)}…` : flat;
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** The provider's explanation from an error body: OpenAI/DeepSeek `error.message`, TEI `error`, FastAPI `detail`. */
const errorDetail = (body: string): string | null => {
  if (body.trim() === '') return null;
  try {
    const parsed: unknown = JSON.parse(body);
    if (isRecord(parsed)) {
      const error = parsed['error'];
      if (isRecord(error) && typeof error['message'] === 'string') return oneLine(error['message']);
      if (typeof error === 'string') return oneLine(error);
      if (typeof parsed['message'] === 'string') return oneLine(parsed['message']);
      if (typeof parsed['detail'] === 'string') return oneLine(parsed['detail']);
    }
  } catch {
    // not JSON: an HTML page from a proxy, say; its start still helps
  }
  return oneLine(body);
};

const errorName = (error: unknown): string =>
  isRecord(error) && typeof error['name'] === 'string' ? error['name'] : '';

/** `fetch failed` alone says nothing; the cause's code (ECONNREFUSED, ENOTFOUND, ...) does. */
const networkDetail = (error: unknown): string => {
  const message = error instanceof Error ? error.message : String(error);
  const cause = isRecord(error) ? error['cause'] : undefined;
  const code = isRecord(cause) && typeof cause['code'] === 'string' ? cause['code'] : null;
  return oneLine(code ? `${message}: ${code}` : message);
};

const fromThrown = (error: unknown, timeoutMs: number): AttemptOutcome => {
  const name = errorName(error);
  if (name === 'TimeoutError' || name === 'AbortError') {
    return {
      ok: false,
      retryable: true,
      retryAfterMs: null,
      failure: (attempts) => ({ kind: 'timeout', attempts, timeoutMs }),
    };
  }
  const detail = networkDetail(error);
  return {
    ok: false,
    retryable: true,
    retryAfterMs: null,
    failure: (attempts) => ({ kind: 'network', attempts, detail }),
  };
};

const attemptOnce = async (request: PostJsonRequest): Promise<AttemptOutcome> => {
  const { timeoutMs } = request.policy;
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (request.apiKey) headers['authorization'] = `Bearer ${request.apiKey}`;
  let response: Response;
  let text: string;
  try {
    // one signal for the whole attempt, so a server that sends headers and then stalls is cut off too
    response = await request.fetch(request.url, {
      method: 'POST',
      headers,
      body: JSON.stringify(request.body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    return fromThrown(error, timeoutMs);
  }
  if (!response.ok) {
    const { status, statusText } = response;
    const retryable = isRetryableStatus(status);
    const detail = errorDetail(text);
    return {
      ok: false,
      retryable,
      retryAfterMs: retryable ? parseRetryAfter(response.headers.get('retry-after')) : null,
      failure: (attempts) => ({ kind: 'status', attempts, status, statusText, detail }),
    };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    // a 200 with a broken body is a provider bug that the next attempt will most likely repeat
    const detail = `body is not JSON (${text.trim() === '' ? 'empty' : `starts with "${oneLine(text).slice(0, 60)}"`})`;
    return {
      ok: false,
      retryable: false,
      retryAfterMs: null,
      failure: (attempts) => ({ kind: 'malformed', attempts, detail }),
    };
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
  async () => {
    for (let attempt = 1; ; attempt++) {
      const outcome = await attemptOnce(request);
      if (outcome.ok) return E.right(outcome.value);
      if (!outcome.retryable || attempt > request.policy.maxRetries) return E.left(outcome.failure(attempt));
      await sleep(retryDelayMs(attempt, outcome.retryAfterMs, request.policy));
    }
  };
