/** Retrieval figures for one group of queries. */
export interface RankMetrics {
  readonly count: number;
  readonly hit_at_1: number;
  readonly hit_at_5: number;
  readonly mrr: number;
}

/** `ranks`: the 1-based rank of the right answer per query, or null when it was not in the results. */
export const rankMetrics = (ranks: ReadonlyArray<number | null>): RankMetrics => {
  const count = ranks.length;
  if (count === 0) return { count, hit_at_1: 0, hit_at_5: 0, mrr: 0 };
  const share = (p: (r: number) => boolean) => ranks.filter((r) => r !== null && p(r)).length / count;
  return {
    count,
    hit_at_1: share((r) => r === 1),
    hit_at_5: share((r) => r <= 5),
    mrr: ranks.reduce<number>((s, r) => s + (r === null ? 0 : 1 / r), 0) / count,
  };
};

/** The first 1-based position whose id is `expected`, or null. */
export const rankOf = (ids: ReadonlyArray<string>, expected: string): number | null => {
  const i = ids.indexOf(expected);
  return i < 0 ? null : i + 1;
};

export const groupBy = <A>(items: ReadonlyArray<A>, key: (a: A) => string): Map<string, A[]> => {
  const groups = new Map<string, A[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return groups;
};
