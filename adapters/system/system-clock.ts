import type { Clock } from '../../src/ports/clock.js';

/** The machine's clock. */
export const systemClock: Clock = { now: () => new Date() };
