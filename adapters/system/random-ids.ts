import { randomUUID } from 'node:crypto';
import type { IdGenerator } from '../../src/ports/id-generator.js';

/** Version 4 UUIDs from the operating system's CSPRNG: session ids must not be guessable. */
export const randomIds: IdGenerator = { uuid: () => randomUUID() };
