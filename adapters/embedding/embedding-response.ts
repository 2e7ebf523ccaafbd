import * as E from 'fp-ts/lib/Either.js';

/**
 * Reads the vectors out of an embeddings response, strictly: a provider that returns
 * fewer vectors, vectors of another length or non-numbers must fail loudly, because a
 * wrong vector stored beside an FAQ entry silently spoils search until a re-embed.
 */

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** OpenAI-compatible `{ data: [{ index, embedding }] }`, returned in `index` order. */
export const openAiEmbeddings = (body: unknown, expected: number): E.Either<string, ReadonlyArray<unknown>> => {
  const data = isRecord(body) ? body['data'] : undefined;
  if (!Array.isArray(data)) return E.left('expected an object with a "data" array');
  if (data.length !== expected) return E.left(`expected ${expected} embeddings, got ${data.length}`);
  const items: Array<{ index: number | null; embedding: unknown }> = [];
  for (const [position, item] of data.entries()) {
    if (!isRecord(item) || !('embedding' in item)) return E.left(`data[${position}] has no "embedding"`);
    const index = item['index'];
    if (index !== undefined && !(Number.isInteger(index) && typeof index === 'number')) {
      return E.left(`data[${position}].index is not an integer`);
    }
    items.push({ index: typeof index === 'number' ? index : null, embedding: item['embedding'] });
  }
  const indexed = items.filter((i) => i.index !== null).length;
  // without any index, array order is the only order there is (some compatible servers omit it)
  if (indexed === 0) return E.right(items.map((i) => i.embedding));
  if (indexed !== items.length) return E.left('some embeddings have an "index" and some do not');
  const ordered: unknown[] = new Array<unknown>(expected);
  const seen = new Set<number>();
  for (const { index, embedding } of items) {
    if (index === null || index < 0 || index >= expected || seen.has(index)) {
      return E.left(`embedding indexes must be 0..${expected - 1}, each once; got ${String(index)}`);
    }
    seen.add(index);
    ordered[index] = embedding;
  }
  return E.right(ordered);
};

/** Text Embeddings Inference's `/embed`: a bare `number[][]` in input order. */
export const teiEmbeddings = (body: unknown, expected: number): E.Either<string, ReadonlyArray<unknown>> => {
  if (!Array.isArray(body)) return E.left('expected an array of vectors');
  if (body.length !== expected) return E.left(`expected ${expected} embeddings, got ${body.length}`);
  return E.right(body);
};

/** A finite vector of exactly `dimensions` numbers, scaled to unit length. */
export const unitVector = (value: unknown, dimensions: number, position: number): E.Either<string, Float32Array> => {
  if (!Array.isArray(value)) {
    const got = typeof value === 'string' ? 'a string (base64?)' : value === null ? 'null' : typeof value;
    return E.left(`embedding ${position} is ${got}, expected an array of numbers`);
  }
  if (value.length !== dimensions) {
    return E.left(
      `embedding ${position} has ${value.length} dimensions, expected ${dimensions}: ` +
        'the model ignores the "dimensions" parameter or serves another size; use a model that supports it or that produces ' +
        `${dimensions}-dimensional vectors`,
    );
  }
  const vector = new Float32Array(dimensions);
  let sumOfSquares = 0;
  for (let i = 0; i < dimensions; i++) {
    const x: unknown = value[i];
    if (typeof x !== 'number' || !Number.isFinite(x))
      return E.left(`embedding ${position} has a non-finite value at ${i}`);
    vector[i] = x;
    sumOfSquares += x * x;
  }
  const norm = Math.sqrt(sumOfSquares);
  if (!(norm > 0) || !Number.isFinite(norm))
    return E.left(`embedding ${position} has zero length and cannot be normalised`);
  for (let i = 0; i < dimensions; i++) vector[i] = (vector[i] as number) / norm;
  return E.right(vector);
};
