import { describe, expect, it } from 'vitest';
import { redactSecret } from '../../adapters/provider-http/redact-secret.js';
import {
  isRetryableStatus,
  parseRetryAfter,
  retryDelayMs,
  type RetryPolicy,
} from '../../adapters/provider-http/retry-policy.js';

const policy: RetryPolicy = { timeoutMs: 1000, maxRetries: 3, retryBaseDelayMs: 100, maxRetryDelayMs: 1000 };

describe('retry policy', () => {
  it('retries 408, 429 and 5xx only', () => {
    expect([400, 401, 403, 404, 408, 413, 422, 429, 500, 502, 503].filter(isRetryableStatus)).toEqual([
      408, 429, 500, 502, 503,
    ]);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2025-12-27T18:35:12Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter('Sat, 27 Dec 2025 18:35:15 GMT', now)).toBe(3000);
    expect(parseRetryAfter('Sat, 27 Dec 2025 18:35:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-1', now)).toBeNull();
  });

  it('backs off exponentially with jitter, within the cap, and caps Retry-After', () => {
    expect(retryDelayMs(1, null, policy, () => 0)).toBe(50);
    expect(retryDelayMs(1, null, policy, () => 1)).toBe(100);
    expect(retryDelayMs(3, null, policy, () => 1)).toBe(400);
    expect(retryDelayMs(10, null, policy, () => 1)).toBe(1000);
    expect(retryDelayMs(1, 60_000, policy)).toBe(1000);
    expect(retryDelayMs(1, 300, policy)).toBe(300);
  });

  it('redacts the key and any bearer token', () => {
    expect(redactSecret('key sk-1 and Bearer abc.def', 'sk-1')).toBe('key [redacted] and Bearer [redacted]');
    expect(redactSecret('nothing secret', null)).toBe('nothing secret');
  });
});
