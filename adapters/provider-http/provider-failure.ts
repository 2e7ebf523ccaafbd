/**
 * Why a call to an HTTP model provider failed, as data: the embedder and the answer
 * generator turn it into their own domain error with one shared wording.
 */
export type ProviderFailure =
  | { readonly kind: 'network'; readonly attempts: number; readonly detail: string }
  | { readonly kind: 'timeout'; readonly attempts: number; readonly timeoutMs: number }
  | {
      readonly kind: 'status';
      readonly attempts: number;
      readonly status: number;
      readonly statusText: string;
      /** The provider's own explanation (its `error.message`, or the start of the body). */
      readonly detail: string | null;
    }
  | { readonly kind: 'malformed'; readonly attempts: number; readonly detail: string }
  /** The caller's AbortSignal fired; `attempts` is 0 when it had fired before the first request. */
  | { readonly kind: 'cancelled'; readonly attempts: number }
  /** A streamed reply broke off after the response had begun (connection lost, stalled, ended early). */
  | {
      readonly kind: 'interrupted';
      readonly attempts: number;
      readonly detail: string;
      /** Part of the reply had already been handed on: it must be discarded, and it is not retried. */
      readonly delivered: boolean;
    }
  /** The provider sent an error object inside a 200 stream. */
  | { readonly kind: 'stream-error'; readonly attempts: number; readonly detail: string | null }
  /** The model stopped for a reason that leaves no usable reply (content filter, refusal, provider overload). */
  | { readonly kind: 'stopped'; readonly attempts: number; readonly finishReason: string };

const attemptsText = (attempts: number): string => (attempts === 1 ? '1 attempt' : `${attempts} attempts`);

const statusHint = (status: number): string => {
  if (status === 401 || status === 403) return ' (check the API key)';
  if (status === 404) return ' (check the base URL and the model name)';
  return '';
};

export const describeProviderFailure = (failure: ProviderFailure): string => {
  switch (failure.kind) {
    case 'network':
      return `could not reach the provider (${failure.detail}) after ${attemptsText(failure.attempts)}`;
    case 'timeout':
      return `no response within ${failure.timeoutMs} ms after ${attemptsText(failure.attempts)}`;
    case 'status': {
      const head = `HTTP ${failure.status}${failure.statusText ? ` ${failure.statusText}` : ''}${statusHint(failure.status)}`;
      return `${head} after ${attemptsText(failure.attempts)}${failure.detail ? `: ${failure.detail}` : ''}`;
    }
    case 'malformed':
      return `unexpected response: ${failure.detail}`;
    case 'cancelled':
      return failure.attempts === 0
        ? 'cancelled by the caller before the request was sent'
        : `cancelled by the caller (the request was aborted) after ${attemptsText(failure.attempts)}`;
    case 'interrupted':
      return `the reply stream broke off${failure.delivered ? ' after part of the reply had been delivered' : ''} (${failure.detail}) after ${attemptsText(failure.attempts)}`;
    case 'stream-error':
      return `the provider reported an error inside the stream after ${attemptsText(failure.attempts)}${failure.detail ? `: ${failure.detail}` : ''}`;
    case 'stopped':
      if (failure.finishReason === 'content_filter')
        return "the provider's content filter stopped the reply (finish_reason content_filter)";
      if (failure.finishReason === 'refusal') return 'the model refused to answer (a "refusal" instead of content)';
      return `the model stopped without a usable reply (finish_reason ${failure.finishReason})`;
  }
};
