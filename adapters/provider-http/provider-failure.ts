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
  | { readonly kind: 'malformed'; readonly attempts: number; readonly detail: string };

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
  }
};
