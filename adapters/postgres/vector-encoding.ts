/**
 * pgvector's binary wire format (vector_recv): int16 dimensions, int16 unused (0), then
 * each element as a big-endian float4. node-postgres sends a Buffer parameter in binary
 * format, so a 1024-d query vector travels as 4,100 bytes instead of ~21 KB of text and
 * needs no float-to-decimal formatting. A raw Float32Array buffer is NOT this format
 * (it is little-endian and has no header).
 */
export const encodeVector = (vector: Float32Array): Buffer => {
  if (vector.length > 16_000) throw new RangeError(`vector has ${vector.length} dimensions; pgvector allows 16000`);
  const buffer = Buffer.allocUnsafe(4 + 4 * vector.length);
  buffer.writeInt16BE(vector.length, 0);
  buffer.writeInt16BE(0, 2);
  for (let i = 0; i < vector.length; i++) buffer.writeFloatBE(vector[i]!, 4 + 4 * i);
  return buffer;
};

/** Reverse of encodeVector, for tests and tools that read the column in binary. */
export const decodeVector = (buffer: Buffer): Float32Array => {
  const dimensions = buffer.readInt16BE(0);
  const vector = new Float32Array(dimensions);
  for (let i = 0; i < dimensions; i++) vector[i] = buffer.readFloatBE(4 + 4 * i);
  return vector;
};
