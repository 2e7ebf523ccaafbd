/**
 * Runs `work` and renames field paths in a validation failure, for endpoints whose
 * parameter names differ from the facade's (the query string's `q` is the facade's `query`).
 */
export const withPathAliases = async <A>(aliases: Readonly<Record<string, string>>, work: () => Promise<A>): Promise<A> => {
  try {
    return await work();
  } catch (e) {
    if (typeof e !== 'object' || e === null) throw e;
    const r = e as Record<string, unknown>;
    if (r.tag !== 'ValidationError') throw e;
    const rename = (p: unknown) => (typeof p === 'string' ? (aliases[p] ?? p) : p);
    const issues = Array.isArray(r.issues)
      ? r.issues.map((i: unknown) => (typeof i === 'object' && i !== null ? { ...i, path: rename((i as Record<string, unknown>).path) } : i))
      : [];
    throw { tag: r.tag, message: r.message, path: rename(r.path), issues };
  }
};
