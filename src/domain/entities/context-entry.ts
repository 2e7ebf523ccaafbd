/** One key-value entry of the AI agent's context (table `context`). */
export interface ContextEntry {
  readonly id: number;
  readonly key: string;
  readonly value: string;
  readonly category: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** Context keys the assistant itself reads. */
export const CONTEXT_KEYS = {
  systemPrompt: 'system_prompt',
  model: 'ai_model',
  temperature: 'ai_temperature',
  /** How many FAQ entries an AI answer is grounded on (1 to 10). */
  groundingTopK: 'grounding_k',
  /** The lowest confidence (0 to 1) of an FAQ entry the AI answer may be grounded on. */
  groundingMinRelevance: 'grounding_min_relevance',
} as const;
