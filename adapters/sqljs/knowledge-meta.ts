/** The fields both in-memory indexes filter and tie-break on. */
export interface KnowledgeMeta {
  readonly isActive: boolean;
  readonly category: string | null;
  readonly priority: number;
}

export interface SearchFilter {
  readonly category: string | null;
  readonly limit: number;
}
