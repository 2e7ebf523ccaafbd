import * as E from 'fp-ts/lib/Either.js';
import type { UseCases } from '../application/use-cases.js';

/** Where a start-up warning goes; null silences it. */
export type EmbedderMismatchHandler = ((message: string) => void) | null;

const defaultHandler = (message: string): void => console.warn(`web-assistant: ${message}`);

/**
 * Warns when stored vectors were made by another embedder than the configured one
 * (vector search would rank them badly until `web-assistant reembed`). Never stops the
 * start: a failing check (an unmigrated schema, a storage hiccup) is ignored.
 */
export const checkEmbedderAtStartup = async (
  useCases: UseCases,
  handler: EmbedderMismatchHandler = defaultHandler,
): Promise<void> => {
  if (handler === null) return;
  try {
    const check = await useCases.checkEmbedder()();
    if (E.isRight(check) && check.right.message !== null) handler(check.right.message);
  } catch {
    // the warning is advice; the assistant works without it
  }
};
