/** A search hit before its entry is loaded. */
export interface RankedId {
  readonly id: number;
  readonly score: number;
  readonly priority: number;
}

/** The order both searches promise: score desc, then priority desc, then id asc. */
export const ranksBefore = (a: RankedId, b: RankedId): boolean =>
  a.score !== b.score ? a.score > b.score : a.priority !== b.priority ? a.priority > b.priority : a.id < b.id;

/**
 * Keeps the best `limit` hits seen so far, best first. Insertion into a short sorted
 * array beats a heap for the small limits searches use (at most 100).
 */
export class TopK {
  private readonly hits: RankedId[] = [];

  constructor(private readonly limit: number) {}

  offer(hit: RankedId): void {
    if (this.limit <= 0) return;
    const hits = this.hits;
    if (hits.length === this.limit) {
      const worst = hits[hits.length - 1];
      if (worst !== undefined && !ranksBefore(hit, worst)) return;
      hits.pop();
    }
    let low = 0;
    let high = hits.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const other = hits[mid];
      if (other !== undefined && ranksBefore(other, hit)) low = mid + 1;
      else high = mid;
    }
    hits.splice(low, 0, hit);
  }

  /** Only a threshold test: whether a hit with this score could still enter. */
  wouldAccept(score: number): boolean {
    if (this.hits.length < this.limit) return true;
    const worst = this.hits[this.hits.length - 1];
    return worst === undefined || score >= worst.score;
  }

  best(): ReadonlyArray<RankedId> {
    return this.hits;
  }
}
