import type { FastifyInstance } from 'fastify';

export interface GracefulCloseOptions {
  /** Everything is over by then: SHUTDOWN_TIMEOUT_MS, 25 000 ms by default (under a typical 30 s grace period). */
  readonly deadlineMs: number;
  /**
   * Called shortly before the deadline (`cancelAheadMs`): cancel provider calls, so the
   * requests still waiting for them answer (with the hand-off message) before the
   * connections are cut.
   */
  readonly onDeadline?: () => void;
  /** How long before the deadline `onDeadline` runs (default a fifth of it, at most 2 000 ms). */
  readonly cancelAheadMs?: number;
}

export interface GracefulCloseReport {
  /** Whether connections still open at the deadline were cut. */
  readonly forced: boolean;
  readonly elapsedMs: number;
}

export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 25_000;

/**
 * Stops the server within a deadline: it stops accepting at once (event streams are
 * closed with a retry hint by the server's preClose hook, so their clients reconnect to
 * another host), requests in flight are let finish, provider calls are cancelled just
 * before the deadline, and whatever is still open at the deadline is cut.
 */
export const closeGracefully = async (
  app: FastifyInstance,
  options: GracefulCloseOptions,
): Promise<GracefulCloseReport> => {
  const started = Date.now();
  const deadlineMs = Math.max(0, options.deadlineMs);
  const cancelAheadMs = options.cancelAheadMs ?? Math.min(2_000, deadlineMs / 5);
  let forced = false;
  const cancel = setTimeout(() => options.onDeadline?.(), Math.max(0, deadlineMs - cancelAheadMs));
  const cut = setTimeout(() => {
    forced = true;
    options.onDeadline?.();
    app.server.closeAllConnections();
  }, deadlineMs);
  // connections become idle as their last requests finish; Node closes idle ones only when asked
  const idle = setInterval(() => app.server.closeIdleConnections(), 100);
  try {
    await app.close();
  } finally {
    clearTimeout(cancel);
    clearTimeout(cut);
    clearInterval(idle);
  }
  return { forced, elapsedMs: Date.now() - started };
};
