/** An FAQ entry (table `knowledge_base`). The embedding is stored beside it but not loaded with it. */
export interface KnowledgeEntry {
  readonly id: number;
  readonly question: string;
  readonly answer: string;
  readonly category: string | null;
  readonly keywords: string | null;
  readonly priority: number;
  readonly isActive: boolean;
  readonly viewsCount: number;
  readonly helpfulCount: number;
  /** Name of the embedder that made the stored vector; null when the entry has none. */
  readonly embeddingModel: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** The specification's vector size (`Vector(1024)`). */
export const EMBEDDING_DIMENSIONS = 1024;
