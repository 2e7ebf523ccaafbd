/**
 * Text analysis for search: tokenising, stop words and the Russian and English stemmers.
 * Used by the offline embedder, the sql.js text index, the FAQ confidence (through the
 * TextAnalyzer port) and the evaluation baseline.
 */
import type { TextAnalyzer } from '../../src/ports/text-analyzer.js';
import { analyzeText } from './text-analysis.js';

export { analyzeText, isStopWord, stemWord, tokens, words, type Token } from './text-analysis.js';

/** The analyser every part of the library uses: Snowball Russian and Porter2 English stems, stop words dropped. */
export const defaultTextAnalyzer: TextAnalyzer = { terms: analyzeText };
