import { Utf8, makeData, makeVector, type Vector } from "apache-arrow";
import { encodeUtf8Strings } from "./utf8-strings.js";

/**
 * Build an Arrow Utf8 vector straight from offsets and bytes. `vectorFromArray` goes
 * through a generic builder per value, which is several times slower on text-heavy data.
 * `null`/`undefined` entries become nulls.
 */
export function utf8Vector(values: ReadonlyArray<string | null | undefined>): Vector<Utf8> {
  const { bytes, offsets, nullBitmap, nullCount } = encodeUtf8Strings(values);
  return makeVector(
    makeData({ type: new Utf8(), length: values.length, nullCount, nullBitmap, valueOffsets: offsets, data: bytes }),
  );
}
