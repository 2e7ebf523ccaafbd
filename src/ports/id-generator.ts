/** Unguessable public identifiers (session and visitor UUIDs). */
export interface IdGenerator {
  /** A random (version 4) UUID. */
  uuid(): string;
}
