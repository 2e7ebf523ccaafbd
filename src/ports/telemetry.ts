/** Which provider a call went to. */
export type ProviderKind = 'answer-generator' | 'embedder';

/**
 * How a provider call ended: `ok`, `failed` (network, status, timeout, a malformed or
 * refused reply: the use-case recovered with a hand-off or text search), or `cancelled`
 * (the caller's or the host's AbortSignal fired).
 */
export type ProviderOutcome = 'ok' | 'failed' | 'cancelled';

/** One finished call to a model provider, retries included. */
export interface ProviderCall {
  readonly provider: ProviderKind;
  readonly outcome: ProviderOutcome;
  /** From the call to its result, every retry and backoff wait included. */
  readonly durationMs: number;
}

/**
 * Where the library reports measurements a host turns into metrics (Prometheus, StatsD,
 * OpenTelemetry). Called synchronously on the request's path: keep it cheap and never
 * throw (a throwing telemetry is caught and ignored).
 */
export interface Telemetry {
  /** One provider call finished (succeeded or failed), with its duration. */
  providerCall(call: ProviderCall): void;
}
