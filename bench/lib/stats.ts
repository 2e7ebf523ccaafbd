/** Timing helpers: every figure is a median and a p99 over repeated runs in one process. */

export const percentile = (sorted: ReadonlyArray<number>, p: number): number => {
  if (sorted.length === 0) return Number.NaN;
  // nearest-rank: with 200 samples p99 is the 198th value, not an interpolation between outliers
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
};

export interface Summary {
  readonly median: number;
  readonly p99: number;
  readonly count: number;
}

export const summarize = (samples: ReadonlyArray<number>): Summary => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: percentile(sorted, 50), p99: percentile(sorted, 99), count: sorted.length };
};

export const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

export interface LoopOptions {
  readonly iterations: number;
  readonly warmup: number;
  /** Stop early (after the warm-up) once this much time has been spent measuring. */
  readonly maxMs: number;
}

/** Runs `run(i)` sequentially and returns the duration of each measured call in ms. */
export const timeEach = async (options: LoopOptions, run: (i: number) => unknown): Promise<number[]> => {
  for (let i = 0; i < options.warmup; i++) await run(i);
  const samples: number[] = [];
  const started = nowMs();
  for (let i = 0; i < options.iterations; i++) {
    const t0 = nowMs();
    await run(options.warmup + i);
    samples.push(nowMs() - t0);
    if (nowMs() - started > options.maxMs && samples.length >= 5) break;
  }
  return samples;
};

/** Calls of one contender in a row; the first of each run is not timed (see timeInterleaved). */
export const BLOCK = 10;

/**
 * Measures contenders in alternation, in short runs (A×10 B×10 C×10, then the runs in a
 * shuffled order, and so on), so that drift and bursts on a shared machine (other
 * processes, autovacuum, CPU frequency) hit all of them rather than the one whose turn it
 * was. Runs rather than single calls, and the first call of each run untimed: the
 * contenders talk to different server processes (the library's pool, the floor's own
 * client), and the first statement after the other process ran waits for its process to
 * be scheduled again (0.15–0.3 ms measured on this 2-core machine); call-by-call
 * alternation charged that to every call of whichever contender followed another.
 */
export const timeInterleaved = async (
  options: LoopOptions,
  contenders: ReadonlyArray<(i: number) => unknown>,
): Promise<number[][]> => {
  const samples = contenders.map((): number[] => []);
  for (let i = 0; i < options.warmup; i++) for (const run of contenders) await run(i);
  const order = contenders.map((_, k) => k);
  let seed = 12345;
  let call = options.warmup;
  const started = nowMs();
  for (let done = 0; done < options.iterations; done += BLOCK) {
    for (let k = order.length - 1; k > 0; k--) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const j = seed % (k + 1);
      [order[k], order[j]] = [order[j]!, order[k]!];
    }
    const runs = Math.min(BLOCK, options.iterations - done);
    for (const k of order) {
      await contenders[k]!(call);
      for (let r = 0; r < runs; r++) {
        const t0 = nowMs();
        await contenders[k]!(call + r + 1);
        samples[k]!.push(nowMs() - t0);
      }
    }
    call += runs + 1;
    if (nowMs() - started > options.maxMs && done >= 5 * BLOCK) break;
  }
  return samples;
};
