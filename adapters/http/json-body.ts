import type { FastifyInstance } from 'fastify';
import { HttpProblem } from './http-problem.js';

/**
 * Deepest nesting of objects and arrays a body may have. The API's own shapes need four
 * (`{"business_hours": {"monday": {"start": …}}}`); every walk over a body after parsing
 * (key mapping, io-ts) recurses, and a few thousand levels fit in 8 KB and overflow the stack.
 */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * Whether raw JSON text nests objects and arrays deeper than `max`, found without parsing
 * and without recursion: one pass over the characters that skips strings (brackets inside
 * them do not count). Malformed text is not judged here; JSON.parse reports it afterwards.
 * About 3-5 ns a character, under JSON.parse's own time (docs/http-api.md, "Body limits").
 */
export const nestsDeeperThan = (text: string, max: number): boolean => {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
};

const PROTOTYPE_KEY_RE = /"(?:__proto__|prototype)"\s*:/;

const isJson = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

const CHARSET_RE = /;\s*charset\s*=\s*"?([^";\s]+)/i;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * JSON (RFC 8259) is UTF-8. Another declared charset is refused rather than misread, and
 * bytes that are not UTF-8 (a Windows-1251 export pasted into a request) are refused rather
 * than stored as replacement characters.
 */
const decodeUtf8 = (contentType: string | undefined, body: Buffer): string | HttpProblem => {
  const charset = CHARSET_RE.exec(contentType ?? '')?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')
    return new HttpProblem(415, 'UnsupportedMediaType', `JSON bodies must be UTF-8, not charset "${charset}"`);
  try {
    // the decoder drops a leading byte order mark
    return utf8.decode(body);
  } catch {
    return new HttpProblem(400, 'BadRequest', 'the body is not valid UTF-8 text');
  }
};

/**
 * The only body parser of the host: JSON, decoded as strict UTF-8 and refused when nested
 * deeper than `MAX_JSON_DEPTH` before anything walks it. Any other media type (Fastify
 * would otherwise hand a text/plain body to a handler as a string) is then a 415.
 */
export const registerJsonBodyParser = (app: FastifyInstance): void => {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser<Buffer>('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    const text = decodeUtf8(req.headers['content-type'], body);
    if (text instanceof HttpProblem) {
      done(text);
      return;
    }
    if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
      done(new HttpProblem(400, 'BadRequest', `the JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`));
      return;
    }
    void parseJson(req, text, (error, parsed) => {
      // the parser refuses __proto__ and constructor.prototype keys with its "not valid JSON" error
      if (error && text.length > 0 && PROTOTYPE_KEY_RE.test(text) && isJson(text))
        done(
          new HttpProblem(
            400,
            'BadRequest',
            'a "__proto__" key, or a "constructor" object with a "prototype" key, is not accepted',
          ),
        );
      else done(error, parsed);
    });
  });
};
