/**
 * Turning what went wrong in one HTTP attempt into a ProviderFailure, and whether it is
 * worth another attempt: shared by the JSON requests (embedder) and the streamed ones
 * (answer generator), so both word and retry failures alike.
 */
import type { ProviderFailure } from './provider-failure.js';
import { isRetryableStatus, parseRetryAfter } from './retry-policy.js';

/** A failed attempt: its failure (given the attempt count), whether to try again, and the server's wish for a wait. */
export interface AttemptFailure {
  readonly ok: false;
  readonly retryable: boolean;
  readonly retryAfterMs: number | null;
  readonly failure: (attempts: number) => ProviderFailure;
}

export type AttemptOutcome<A> = { readonly ok: true; readonly value: A } | AttemptFailure;

/** A ProviderFailure before the attempt count is known. */
export type FailureWithoutAttempts = WithoutAttempts<ProviderFailure>;
type WithoutAttempts<F> = F extends unknown ? Omit<F, 'attempts'> : never;

export const attemptFailure = (failure: FailureWithoutAttempts, retryable: boolean): AttemptFailure => ({
  ok: false,
  retryable,
  retryAfterMs: null,
  failure: (attempts) => ({ ...failure, attempts }),
});

const MAX_DETAIL = 300;

export const oneLine = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_DETAIL ? `${flat.slice(0, MAX_DETAIL)}…` : flat;
};

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** The provider's explanation from a parsed error body: OpenAI/DeepSeek/Ollama `error.message`, TEI `error`, FastAPI `detail`. */
export const errorDetailOf = (parsed: unknown): string | null => {
  if (!isRecord(parsed)) return null;
  const error = parsed['error'];
  if (isRecord(error) && typeof error['message'] === 'string') return oneLine(error['message']);
  if (typeof error === 'string') return oneLine(error);
  if (typeof parsed['message'] === 'string') return oneLine(parsed['message']);
  if (typeof parsed['detail'] === 'string') return oneLine(parsed['detail']);
  return null;
};

/** The provider's explanation from an error body as received; the start of a body that is not JSON still helps. */
export const errorDetail = (body: string): string | null => {
  if (body.trim() === '') return null;
  try {
    const detail = errorDetailOf(JSON.parse(body));
    if (detail !== null) return detail;
  } catch {
    // not JSON: an HTML page from a proxy, say
  }
  return oneLine(body);
};

export const errorName = (error: unknown): string =>
  isRecord(error) && typeof error['name'] === 'string' ? error['name'] : '';

/** `fetch failed` alone says nothing; the cause's code (ECONNREFUSED, ENOTFOUND, ...) does. */
export const networkDetail = (error: unknown): string => {
  const message = error instanceof Error ? error.message : String(error);
  const cause = isRecord(error) ? error['cause'] : undefined;
  const code = isRecord(cause) && typeof cause['code'] === 'string' ? cause['code'] : null;
  return oneLine(code ? `${message}: ${code}` : message);
};

/** A fetch that threw before a response: timeouts and network errors are both worth another attempt. */
export const thrownBeforeResponse = (error: unknown, timeoutMs: number): AttemptFailure => {
  const name = errorName(error);
  return name === 'TimeoutError' || name === 'AbortError'
    ? attemptFailure({ kind: 'timeout', timeoutMs }, true)
    : attemptFailure({ kind: 'network', detail: networkDetail(error) }, true);
};

/** A non-2xx response: 408, 429 and 5xx are retried (after Retry-After when the server sends one). */
export const failedStatus = (response: Response, body: string): AttemptFailure => {
  const { status, statusText } = response;
  const retryable = isRetryableStatus(status);
  const detail = errorDetail(body);
  return {
    ok: false,
    retryable,
    retryAfterMs: retryable ? parseRetryAfter(response.headers.get('retry-after')) : null,
    failure: (attempts) => ({ kind: 'status', attempts, status, statusText, detail }),
  };
};

/** A 200 whose body is not JSON: a provider bug that the next attempt would most likely repeat. */
export const notJson = (text: string): AttemptFailure =>
  attemptFailure(
    {
      kind: 'malformed',
      detail: `body is not JSON (${text.trim() === '' ? 'empty' : `starts with "${oneLine(text).slice(0, 60)}"`})`,
    },
    false,
  );

export const requestHeaders = (apiKey: string | null, accept: string): Record<string, string> => ({
  'content-type': 'application/json',
  accept,
  ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
});
