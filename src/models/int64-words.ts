/**
 * int64 tensor data (BigInt64Array) written and read as 32-bit words on little-endian
 * machines: touching a BigInt64Array element creates a BigInt, which on a per-token path
 * costs more than the model call's own work. Token ids, masks and type ids are small
 * non-negative integers, so the low word holds them and the high word is 0.
 */
export const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** An int64 tensor's data filled from int32 values (all non-negative here). */
export class Int64Writer {
  readonly values: BigInt64Array;
  private readonly words?: Int32Array;

  /** `size` values, in a new buffer or at element `offset` of `buffer` (several tensors can share one allocation). */
  constructor(size: number, buffer?: ArrayBuffer, offset = 0) {
    this.values = buffer ? new BigInt64Array(buffer, offset * 8, size) : new BigInt64Array(size);
    if (LITTLE_ENDIAN) this.words = new Int32Array(this.values.buffer, this.values.byteOffset, 2 * size);
  }

  /** values[start + k] = source[from + k] for k < count. */
  copy(start: number, source: Int32Array, from: number, count: number): void {
    const words = this.words;
    if (words) for (let k = 0; k < count; k++) words[2 * (start + k)] = source[from + k]!;
    else for (let k = 0; k < count; k++) this.values[start + k] = BigInt(source[from + k]!);
  }

  /** values[start + k] = value for k < count. */
  fill(start: number, value: number, count: number): void {
    const words = this.words;
    if (words) for (let k = 0; k < count; k++) words[2 * (start + k)] = value;
    else if (count > 0) this.values.fill(BigInt(value), start, start + count);
  }
}

/**
 * out[k] = values[from + k] as numbers, for k < count, without a BigInt per element.
 * Exact for |value| < 2^53.
 */
export function readInt64(values: BigInt64Array, from: number, count: number, out: Float64Array): void {
  const words = new Int32Array(values.buffer, values.byteOffset, values.length * 2);
  const lo = LITTLE_ENDIAN ? 0 : 1;
  for (let k = 0; k < count; k++) {
    const at = 2 * (from + k);
    out[k] = words[at + 1 - lo]! * 4294967296 + (words[at + lo]! >>> 0);
  }
}
