import { endianness } from "node:os";

/**
 * Float32/Float64 arrays as base64 of their little-endian bytes: lossless (every value, NaN
 * payloads and -0 included, reads back bit for bit) and a third of the size of the numbers
 * written out in JSON. Little-endian whatever the machine, so a file written on one machine
 * of a run reads the same on another.
 */
const LITTLE_ENDIAN_HOST = endianness() === "LE";

export function float32ToBase64(values: Float32Array): string {
  return bytesOf(values, 4).toString("base64");
}

export function float64ToBase64(values: Float64Array): string {
  return bytesOf(values, 8).toString("base64");
}

export function base64ToFloat32(text: string): Float32Array {
  const bytes = hostOrder(Buffer.from(text, "base64"), 4);
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
}

export function base64ToFloat64(text: string): Float64Array {
  const bytes = hostOrder(Buffer.from(text, "base64"), 8);
  return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.length / 8);
}

/** The array's bytes in little-endian order (a copy). */
function bytesOf(values: Float32Array | Float64Array, width: 4 | 8): Buffer {
  const bytes = Buffer.from(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  if (LITTLE_ENDIAN_HOST) return bytes;
  return width === 4 ? bytes.swap32() : bytes.swap64();
}

/** Little-endian bytes as a fresh, aligned buffer in this machine's order. */
function hostOrder(bytes: Buffer, width: 4 | 8): Uint8Array {
  if (bytes.length % width) throw new Error(`a base64 float array of ${bytes.length} bytes is not a whole number of ${width}-byte values.`);
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  if (!LITTLE_ENDIAN_HOST) {
    const view = Buffer.from(copy.buffer);
    if (width === 4) view.swap32();
    else view.swap64();
  }
  return copy;
}
