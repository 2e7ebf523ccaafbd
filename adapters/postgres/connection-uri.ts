/** Schema names the adapter accepts: plain identifiers, so they are safe in a startup option. */
const SCHEMA_RE = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Adds `options=-c search_path=<schema>,public` to the connection URI. A startup
 * parameter (rather than a SET after connecting) survives slonik's connection reset and
 * costs no round trip. `public` stays on the path because pgvector's type and operators
 * live there.
 */
export const withSearchPath = (connectionString: string, schema: string | undefined): string => {
  if (schema === undefined) return connectionString;
  if (!SCHEMA_RE.test(schema)) {
    throw new RangeError(`schema must be a lower-case identifier ([a-z_][a-z0-9_]*), got ${JSON.stringify(schema)}`);
  }
  const url = new URL(connectionString);
  const existing = url.searchParams.get('options');
  const option = `-c search_path=${schema},public`;
  url.searchParams.set('options', existing ? `${existing} ${option}` : option);
  return url.toString();
};
