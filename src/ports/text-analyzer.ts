/**
 * Turns text into search terms: the words that tell texts apart, in a normal form under
 * which inflected forms meet ("доставка", "доставки" → one term). Search infrastructure,
 * not a business rule: the FAQ confidence compares the terms of a query with those of an
 * entry, and the in-memory text index and the offline embedder use the same analyser, so
 * a hit's confidence means the same whichever channel or adapter found it.
 */
export interface TextAnalyzer {
  /** The search terms of `text`, in order (repeats kept). */
  terms(text: string): ReadonlyArray<string>;
}
