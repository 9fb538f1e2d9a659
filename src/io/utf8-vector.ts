import { Utf8, makeData, makeVector, type Vector } from "apache-arrow";

/**
 * Build an Arrow Utf8 vector straight from offsets and bytes. `vectorFromArray` goes
 * through a generic builder per value, which is several times slower on text-heavy data.
 * `null`/`undefined` entries become nulls.
 */
export function utf8Vector(values: ReadonlyArray<string | null | undefined>): Vector<Utf8> {
  const n = values.length;
  let upperBound = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v != null) upperBound += v.length;
  }
  // A UTF-16 code unit never needs more than 3 UTF-8 bytes.
  const bytes = Buffer.allocUnsafe(upperBound * 3);
  const offsets = new Int32Array(n + 1);
  let nullBitmap: Uint8Array | undefined;
  let nullCount = 0;
  let pos = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v == null) {
      if (!nullBitmap) {
        nullBitmap = new Uint8Array((n + 7) >> 3);
        for (let j = 0; j < i; j++) nullBitmap[j >> 3]! |= 1 << (j & 7);
      }
      nullCount++;
    } else {
      if (v.length > 0) pos += bytes.write(v, pos, "utf8");
      if (nullBitmap) nullBitmap[i >> 3]! |= 1 << (i & 7);
    }
    offsets[i + 1] = pos;
  }
  // Copy out so the vector does not pin the over-allocated buffer.
  const data = new Uint8Array(pos);
  data.set(bytes.subarray(0, pos));
  return makeVector(
    makeData({ type: new Utf8(), length: n, nullCount, nullBitmap, valueOffsets: offsets, data }),
  );
}
