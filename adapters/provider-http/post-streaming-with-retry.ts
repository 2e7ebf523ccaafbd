/**
 * POSTs JSON and reads a streamed (`text/event-stream`) reply, or a plain JSON one when
 * the server answers that way, with the retry rules of post-json-with-retry.ts for what
 * goes wrong before any output was handed on, and none after.
 */
import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import { readEventStream, type EventSourceMessage } from './event-stream.js';
import {
  attemptFailure,
  failedStatus,
  networkDetail,
  notJson,
  requestHeaders,
  thrownBeforeResponse,
  type AttemptOutcome,
  type FailureWithoutAttempts,
} from './http-failure.js';
import type { ProviderFailure } from './provider-failure.js';
import { retrying } from './retry-loop.js';
import type { RetryPolicy } from './retry-policy.js';

/** What the consumer makes of one event: read on, the reply is complete, or a failure that ends it. */
export type StreamStep =
  | { readonly kind: 'continue' }
  | { readonly kind: 'done' }
  | { readonly kind: 'failed'; readonly failure: FailureWithoutAttempts; readonly retryable: boolean };

/** Reads one attempt's reply; a fresh one is made for every attempt. */
export interface StreamConsumer<A> {
  event(message: EventSourceMessage): StreamStep;
  /** The body ended: after the consumer's `done` (`'done'`), or without it (`'eof'`). */
  end(how: 'done' | 'eof'): E.Either<FailureWithoutAttempts, A>;
  /** The server answered with one JSON document instead of a stream. */
  json(body: unknown): E.Either<FailureWithoutAttempts, A>;
  /** Whether output has been handed on (through a callback): from then on nothing is retried. */
  delivered(): boolean;
}

export interface PostStreamingRequest {
  readonly url: string;
  readonly body: unknown;
  readonly apiKey: string | null;
  /**
   * `timeoutMs` bounds each wait: for the response to begin, and then for each next event.
   * Comments such as DeepSeek's `: keep-alive` while a request is queued do not count as
   * progress, so a provider that only keeps the line open still times out.
   */
  readonly policy: RetryPolicy;
  readonly fetch: typeof fetch;
  /** Aborts the request and the body read at once; the result is then `cancelled`, never retried. */
  readonly signal?: AbortSignal;
}

const isJson = (response: Response): boolean => /\bjson\b/i.test(response.headers.get('content-type') ?? '');

class IdleTimeout extends Error {
  override readonly name = 'TimeoutError';
}

const attemptOnce = async <A>(
  request: PostStreamingRequest,
  consumer: StreamConsumer<A>,
): Promise<AttemptOutcome<A>> => {
  const { timeoutMs } = request.policy;
  const controller = new AbortController();
  const onAbort = () => controller.abort(request.signal?.reason);
  request.signal?.addEventListener('abort', onAbort, { once: true });
  if (request.signal?.aborted) onAbort();
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const touch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new IdleTimeout(`no data for ${timeoutMs} ms`));
    }, timeoutMs);
  };
  const cancelled = () => request.signal?.aborted === true;
  let response: Response | null = null;
  try {
    touch();
    response = await request.fetch(request.url, {
      method: 'POST',
      headers: requestHeaders(request.apiKey, 'text/event-stream, application/json'),
      body: JSON.stringify(request.body),
      signal: controller.signal,
    });
    touch();
    if (!response.ok) return failedStatus(response, await response.text());
    if (isJson(response) || response.body === null) {
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return notJson(text);
      }
      return settle(consumer.json(parsed), consumer);
    }
    const state: { step: StreamStep } = { step: { kind: 'continue' } };
    const how = await readEventStream(response.body, (message) => {
      touch();
      state.step = consumer.event(message);
      return state.step.kind === 'continue' ? 'continue' : 'stop';
    });
    const last = state.step;
    if (last.kind === 'failed') return attemptFailure(last.failure, last.retryable && !consumer.delivered());
    return settle(consumer.end(how === 'stopped' ? 'done' : 'eof'), consumer);
  } catch (error) {
    if (cancelled()) return attemptFailure({ kind: 'cancelled' }, false);
    if (response === null) return thrownBeforeResponse(error, timeoutMs);
    const delivered = consumer.delivered();
    const detail = timedOut ? `no data for ${timeoutMs} ms` : networkDetail(error);
    return attemptFailure({ kind: 'interrupted', detail, delivered }, !delivered);
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', onAbort);
  }
};

/**
 * A reply the consumer rejected is not retried (the same request would most likely get the
 * same reply), except a stream that ended too early before anything was handed on.
 */
const settle = <A>(result: E.Either<FailureWithoutAttempts, A>, consumer: StreamConsumer<A>): AttemptOutcome<A> =>
  E.isRight(result)
    ? { ok: true, value: result.right }
    : attemptFailure(result.left, result.left.kind === 'interrupted' && !consumer.delivered());

export const postStreamingWithRetry =
  <A>(request: PostStreamingRequest, consumer: () => StreamConsumer<A>): TE.TaskEither<ProviderFailure, A> =>
  () =>
    retrying(request.policy, request.signal, () => attemptOnce(request, consumer()));
