/** Strings as one UTF-8 byte buffer plus `length + 1` byte offsets (Arrow's Utf8 layout). */
export interface Utf8Strings {
  /** Exactly the encoded bytes, in a buffer of its own (safe to transfer to another thread). */
  bytes: Uint8Array;
  offsets: Int32Array;
  /** Validity bitmap (bit set = value present), only when some value is null. */
  nullBitmap: Uint8Array | undefined;
  nullCount: number;
}

/**
 * Encode strings to UTF-8 into an exact-size buffer. The byte length is measured first
 * rather than bounded by 3 × UTF-16 length: the bound would make every column allocate
 * three times its text as a short-lived buffer, and those buffers (off the JS heap, freed
 * only when a GC happens to run) would be the largest transient share of the main thread's
 * peak RSS. The buffer is its own ArrayBuffer (never a slice of Node's shared pool), so it can
 * be transferred to a worker. With `allocate`, the bytes go into the buffer it returns (at
 * least the byte length asked for; `bytes` views its first `total` bytes).
 */
export function encodeUtf8Strings(values: ReadonlyArray<string | null | undefined>, allocate?: (byteLength: number) => ArrayBuffer): Utf8Strings {
  const n = values.length;
  const offsets = new Int32Array(n + 1);
  let nullBitmap: Uint8Array | undefined;
  let nullCount = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v == null) {
      if (!nullBitmap) {
        nullBitmap = new Uint8Array((n + 7) >> 3);
        for (let j = 0; j < i; j++) nullBitmap[j >> 3]! |= 1 << (j & 7);
      }
      nullCount++;
    } else {
      if (v.length > 0) total += Buffer.byteLength(v, "utf8");
      if (nullBitmap) nullBitmap[i >> 3]! |= 1 << (i & 7);
    }
    offsets[i + 1] = total;
  }
  const buf = allocate ? Buffer.from(allocate(total), 0, total) : Buffer.allocUnsafeSlow(total);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v) buf.write(v, offsets[i]!, "utf8");
  }
  return { bytes: new Uint8Array(buf.buffer, 0, total), offsets, nullBitmap, nullCount };
}
