/** How long one request may take and how failed requests are repeated. */
export interface RetryPolicy {
  /** Per attempt, including reading the body. */
  readonly timeoutMs: number;
  /** Extra attempts after the first; 0 disables retrying. */
  readonly maxRetries: number;
  /** First backoff delay; doubles with each retry, with jitter. */
  readonly retryBaseDelayMs: number;
  /** Upper bound for any single wait, including one asked for by Retry-After. */
  readonly maxRetryDelayMs: number;
}

export const DEFAULT_MAX_RETRY_DELAY_MS = 20_000;

/**
 * 408 and 429 ask us to come back later, and 5xx are the provider's own trouble; any
 * other 4xx (bad key, unknown model, malformed request) will fail the same way again.
 */
export const isRetryableStatus = (status: number): boolean => status === 408 || status === 429 || status >= 500;

/** Retry-After as delay-seconds (fractions tolerated) or an HTTP date; null when absent or unreadable. */
export const parseRetryAfter = (header: string | null, now: number = Date.now()): number | null => {
  if (header === null) return null;
  const trimmed = header.trim();
  if (trimmed === '') return null;
  const seconds = Number(trimmed);
  if (Number.isFinite(seconds)) return seconds >= 0 ? Math.round(seconds * 1000) : null;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
};

/**
 * Delay before retry number `retry` (1-based). Jitter keeps many clients that failed
 * together from retrying in lock-step; half of the delay is kept so backoff still grows.
 */
export const retryDelayMs = (
  retry: number,
  retryAfterMs: number | null,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number => {
  if (retryAfterMs !== null) return Math.min(retryAfterMs, policy.maxRetryDelayMs);
  const exponential = Math.min(policy.retryBaseDelayMs * 2 ** (retry - 1), policy.maxRetryDelayMs);
  return exponential / 2 + random() * (exponential / 2);
};

/** Rejects nonsensical settings where the adapter is built, not on the first request. */
const checkRetryPolicy = (owner: string, policy: RetryPolicy): void => {
  const check = (name: string, value: number, ok: boolean) => {
    if (!ok)
      throw new RangeError(
        `${owner}: ${name} must be ${name === 'timeoutMs' ? 'a positive number' : 'a non-negative number'}, got ${String(value)}`,
      );
  };
  check('timeoutMs', policy.timeoutMs, Number.isFinite(policy.timeoutMs) && policy.timeoutMs > 0);
  check('maxRetries', policy.maxRetries, Number.isInteger(policy.maxRetries) && policy.maxRetries >= 0);
  check(
    'retryBaseDelayMs',
    policy.retryBaseDelayMs,
    Number.isFinite(policy.retryBaseDelayMs) && policy.retryBaseDelayMs >= 0,
  );
  check(
    'maxRetryDelayMs',
    policy.maxRetryDelayMs,
    Number.isFinite(policy.maxRetryDelayMs) && policy.maxRetryDelayMs >= 0,
  );
};

/**
 * A provider's retry policy: the options given, the provider's defaults for the rest
 * (and DEFAULT_MAX_RETRY_DELAY_MS), checked where the adapter is built. Throws a
 * RangeError naming `owner` and the setting.
 */
export const retryPolicyFrom = (
  owner: string,
  options: Partial<RetryPolicy>,
  defaults: Omit<RetryPolicy, 'maxRetryDelayMs'>,
): RetryPolicy => {
  const policy: RetryPolicy = {
    timeoutMs: options.timeoutMs ?? defaults.timeoutMs,
    maxRetries: options.maxRetries ?? defaults.maxRetries,
    retryBaseDelayMs: options.retryBaseDelayMs ?? defaults.retryBaseDelayMs,
    maxRetryDelayMs: options.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS,
  };
  checkRetryPolicy(owner, policy);
  return policy;
};
