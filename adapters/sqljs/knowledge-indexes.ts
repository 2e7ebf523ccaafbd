import { EMBEDDING_DIMENSIONS } from '../../src/domain/entities/knowledge-entry.js';
import type { KnowledgeMeta } from './knowledge-meta.js';
import { integer, nullableText } from './row-mappers.js';
import type { SqlDatabase } from './sql-database.js';
import { TextIndex, type SearchableText } from './text-index.js';
import { decodeVector } from './vector-codec.js';
import { VectorIndex } from './vector-index.js';

/**
 * The two in-memory search indexes over knowledge_base. They are derived data: every
 * knowledge write updates them after its SQL succeeded and bumps `generation`; when a
 * rollback undoes such a write, the executor rebuilds them from the table.
 */
export class KnowledgeIndexes {
  readonly vectors = new VectorIndex(EMBEDDING_DIMENSIONS);
  readonly texts = new TextIndex();
  generation = 0;

  /** `embedding`: a new vector, null to drop it, undefined to keep the indexed one. */
  put(id: number, text: SearchableText, meta: KnowledgeMeta, embedding: Float32Array | null | undefined): void {
    this.generation++;
    this.texts.put(id, text, meta);
    if (embedding === null) this.vectors.remove(id);
    else if (embedding !== undefined) this.vectors.put(id, embedding, meta);
    else this.vectors.setMeta(id, meta);
  }

  rebuild(db: SqlDatabase): void {
    this.generation++;
    this.vectors.clear();
    this.texts.clear();
    if (!db.tableExists('knowledge_base')) return;
    const rows = db.all(
      'SELECT id, question, answer, keywords, category, priority, is_active, embedding FROM knowledge_base ORDER BY id',
    );
    for (const row of rows) {
      const id = integer(row, 'id');
      const meta: KnowledgeMeta = {
        isActive: integer(row, 'is_active') !== 0,
        category: nullableText(row, 'category'),
        priority: integer(row, 'priority'),
      };
      this.texts.put(
        id,
        {
          question: nullableText(row, 'question') ?? '',
          keywords: nullableText(row, 'keywords'),
          answer: nullableText(row, 'answer') ?? '',
        },
        meta,
      );
      const blob = row['embedding'];
      if (blob instanceof Uint8Array) this.vectors.put(id, decodeVector(blob), meta);
    }
  }
}
