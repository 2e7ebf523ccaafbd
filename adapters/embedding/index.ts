/** Embedders: the offline default and OpenAI-compatible / TEI endpoints. */
export { createOfflineEmbedder, type OfflineEmbedderOptions } from './offline-embedder.js';
export {
  createOpenAiCompatibleEmbedder,
  httpEmbedderModelId,
  type EmbeddingApiStyle,
  type OpenAiCompatibleEmbedderOptions,
} from './openai-compatible-embedder.js';
