import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ConnectionPoolState } from '../../src/ports/repositories.js';
import type { Telemetry } from '../../src/ports/telemetry.js';

/** What the gauges read when Prometheus scrapes; each is set by the part of the host that knows it. */
export interface MetricSources {
  /** Event streams open now (the server's EventStreamRegistry). */
  openEventStreams?: () => number;
  /** The storage's connection pool; null for sql.js (the gauge then has no samples). */
  storageConnections?: () => Promise<ConnectionPoolState | null>;
  /** Chats waiting for an operator (docs/operations.md, "Metrics"); the gauge has no samples without it. */
  waitingChats?: () => number | Promise<number>;
}

/**
 * The host's Prometheus metrics, in a registry of their own (several hosts in one
 * process, as in the tests, never share counters). Created before the assistant, so the
 * library's provider telemetry (`telemetry`) lands in the same registry as the HTTP
 * metrics; createHttpServer then plugs in the sources its gauges read.
 */
export interface HostMetrics {
  readonly registry: Registry;
  /** For `createAssistant(..., { telemetry })`: provider latency and failures. */
  readonly telemetry: Telemetry;
  /** A finished request: its route pattern (never the raw URL), method and status. */
  observeRequest(labels: { method: string; route: string; status: number }, seconds: number): void;
  /** A processMessage result the host saw: `faq`, `ai`, `handoff`, `search_failed`, ... */
  answered(source: string): void;
  readonly sources: MetricSources;
  /** The exposition text and its content type. */
  render(): Promise<{ contentType: string; body: string }>;
}

export interface HostMetricsOptions {
  /** Also the process's CPU, memory, event-loop lag and file descriptors (prom-client's defaults). */
  readonly processMetrics?: boolean;
}

const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const PROVIDER_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120];

export const createHostMetrics = (options: HostMetricsOptions = {}): HostMetrics => {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'web_assistant_' });
  const sources: MetricSources = {};

  const requests = new Histogram({
    name: 'web_assistant_http_request_duration_seconds',
    help: 'HTTP request latency by route pattern, method and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: SECONDS_BUCKETS,
    registers: [registry],
  });
  const answers = new Counter({
    name: 'web_assistant_answers_total',
    help: 'Replies to visitor messages by source (faq, ai, handoff, search_failed, ...)',
    labelNames: ['source'] as const,
    registers: [registry],
  });
  const providerCalls = new Histogram({
    name: 'web_assistant_provider_call_duration_seconds',
    help: 'Calls to model providers (retries included) by provider and outcome (ok, failed, cancelled)',
    labelNames: ['provider', 'outcome'] as const,
    buckets: PROVIDER_BUCKETS,
    registers: [registry],
  });
  const providerFailures = new Counter({
    name: 'web_assistant_provider_failures_total',
    help: 'Provider calls that failed (the visitor got a hand-off, or search fell back to text)',
    labelNames: ['provider'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'web_assistant_event_streams_open',
    help: 'Server-sent event streams open now',
    registers: [registry],
    collect() {
      this.set(sources.openEventStreams?.() ?? 0);
    },
  });
  new Gauge({
    name: 'web_assistant_storage_connections',
    help: 'Storage connection pool by state (in_use, idle, waiting, max); PostgreSQL only',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const state = await sources.storageConnections?.().catch(() => null);
      if (!state) return;
      this.set({ state: 'in_use' }, state.inUse);
      this.set({ state: 'idle' }, state.idle);
      this.set({ state: 'waiting' }, state.waiting);
      this.set({ state: 'max' }, state.max);
    },
  });
  new Gauge({
    name: 'web_assistant_chats_waiting',
    help: 'Chats waiting for an operator',
    registers: [registry],
    async collect() {
      this.reset();
      const waiting = sources.waitingChats;
      if (waiting) this.set(await waiting());
    },
  });

  return {
    registry,
    sources,
    telemetry: {
      providerCall: (call) => {
        providerCalls.observe({ provider: call.provider, outcome: call.outcome }, call.durationMs / 1000);
        if (call.outcome === 'failed') providerFailures.inc({ provider: call.provider });
      },
    },
    observeRequest: ({ method, route, status }, seconds) =>
      requests.observe({ method, route, status_code: String(status) }, seconds),
    answered: (source) => answers.inc({ source }),
    render: async () => ({ contentType: registry.contentType, body: await registry.metrics() }),
  };
};
