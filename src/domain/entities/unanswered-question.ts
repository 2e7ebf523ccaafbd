/**
 * A question the FAQ had no confident answer for (table `unanswered_questions`), counted
 * by its normalised text so a shop owner sees which entries are missing.
 */
export interface UnansweredQuestion {
  readonly id: number;
  /** `normalizeQuestion` of the visitor's text: the key repeats are counted under. */
  readonly normalizedText: string;
  /** The most recent raw wording, for a human to read. */
  readonly exampleText: string;
  readonly count: number;
  readonly firstSeen: Date;
  readonly lastSeen: Date;
}
