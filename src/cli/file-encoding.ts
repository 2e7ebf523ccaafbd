/**
 * Bytes of a text file to a string, refusing rather than guessing: a wrong guess imports
 * unreadable text and reports success. Decoding is the platform's TextDecoder (WHATWG
 * encodings: windows-1251, koi8-r, ibm866, utf-16le, ...).
 */

export type DecodedText =
  { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string };

const BOMS: ReadonlyArray<readonly [ReadonlyArray<number>, string]> = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xff, 0xfe], 'utf-16le'],
  [[0xfe, 0xff], 'utf-16be'],
];

/** The encoding a byte order mark announces; it wins over any name given (as in the WHATWG decode algorithm). */
const bomEncoding = (bytes: Uint8Array): string | null =>
  BOMS.find(([bom]) => bom.every((b, i) => bytes[i] === b))?.[1] ?? null;

const strictUtf8 = (bytes: Uint8Array): string | null => {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
};

const count = (text: string, re: RegExp): number => text.match(re)?.length ?? 0;

/**
 * The Russian single-byte encoding the bytes most likely are, or null. Both Windows-1251
 * and KOI8-R put Cyrillic letters in 0xC0-0xFF, lower case in opposite halves; running
 * text is mostly lower case, so read as Windows-1251 a KOI8-R file comes out mostly in
 * capitals.
 */
const likelyCyrillicEncoding = (bytes: Uint8Array): 'windows-1251' | 'koi8-r' | null => {
  const text = new TextDecoder('windows-1251').decode(bytes);
  const lower = count(text, /[а-яё]/g);
  const upper = count(text, /[А-ЯЁ]/g);
  const otherLetters = count(text, /\p{L}/gu) - count(text, /[a-z]/gi) - lower - upper;
  if (lower + upper === 0 || otherLetters > (lower + upper) / 4) return null;
  return lower >= upper ? 'windows-1251' : 'koi8-r';
};

const NOT_UTF8: Record<'windows-1251' | 'koi8-r', string> = {
  'windows-1251':
    'the file is not UTF-8 text; it looks like Windows-1251 (what Excel saves as CSV in a Russian locale): ' +
    'run again with --encoding windows-1251, or save it as "CSV UTF-8"',
  'koi8-r': 'the file is not UTF-8 text; it looks like KOI8-R: run again with --encoding koi8-r',
};

/** The canonical name of an encoding label (`cp1251` → `windows-1251`), or null when TextDecoder does not know it. */
export const encodingName = (label: string): string | null => {
  try {
    return new TextDecoder(label.trim()).encoding;
  } catch {
    return null;
  }
};

export const unknownEncodingMessage = (label: string): string =>
  `unknown encoding "${label}" (try windows-1251, koi8-r, ibm866 or utf-8)`;

/**
 * Decodes a file's bytes. A byte order mark decides first (UTF-8, UTF-16). Otherwise,
 * without `encoding`, the file must be UTF-8, and one that is not is refused with a message
 * naming the likely encoding. With a single-byte `encoding`, a file that is valid UTF-8 with
 * non-ASCII text is refused too: read as Windows-1251 every Cyrillic letter would become two
 * wrong ones.
 */
export const decodeTextFile = (bytes: Uint8Array, encoding?: string): DecodedText => {
  const named = encoding === undefined ? 'utf-8' : encodingName(encoding);
  if (named === null) return { ok: false, message: unknownEncodingMessage(encoding ?? '') };
  const bom = bomEncoding(bytes);
  if (bom !== null) return { ok: true, text: new TextDecoder(bom).decode(bytes) };
  if (named === 'utf-8') {
    const text = strictUtf8(bytes);
    if (text !== null) return { ok: true, text };
    const likely = likelyCyrillicEncoding(bytes);
    return {
      ok: false,
      message: likely
        ? NOT_UTF8[likely]
        : 'the file is not UTF-8 text: name its encoding with --encoding (for example windows-1251, koi8-r, ibm866)',
    };
  }
  if (!named.startsWith('utf-16') && bytes.some((b) => b >= 0x80) && strictUtf8(bytes) !== null)
    return { ok: false, message: `the file is UTF-8 text, not ${named}: run again without --encoding` };
  return { ok: true, text: new TextDecoder(named).decode(bytes) };
};
