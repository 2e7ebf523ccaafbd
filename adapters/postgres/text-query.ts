/**
 * The words of a free-text query as an OR tsquery source for `to_tsquery('russian', $1)`.
 * Every character that is not a letter or digit is dropped, so nothing in the user's
 * text can act as a tsquery operator (&, |, !, <->, :*, parentheses, quotes); the
 * result is a bound parameter, never SQL. Null when no word is left.
 */
export const orTsQuery = (text: string): string | null => {
  const words = text.toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
  const unique = [...new Set(words)];
  return unique.length > 0 ? unique.join(' | ') : null;
};
