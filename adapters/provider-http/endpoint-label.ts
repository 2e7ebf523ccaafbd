/**
 * The endpoint as it may appear in an error message: scheme, host and path only, so a
 * key passed in the URL (user:password@ or a query parameter) is never repeated.
 */
export const endpointLabel = (url: string): string => {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
};

/** `https://host/v1/` + `embeddings` without a doubled or missing slash. */
export const joinUrl = (baseUrl: string, path: string): string =>
  `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
