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
} as const;
