const REDACTED = '[redacted]';

/**
 * Removes an API key from text that will end up in an error message or a log.
 * Providers sometimes echo the key (or the whole Authorization header) back in their
 * error bodies, so every message built from a response passes through here.
 */
export const redactSecret = (text: string, secret: string | null | undefined): string => {
  let out = text.replace(/Bearer\s+[^\s"',}]+/gi, `Bearer ${REDACTED}`);
  if (secret && secret.length > 0) out = out.split(secret).join(REDACTED);
  return out;
};
