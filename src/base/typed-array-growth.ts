/** Typed arrays the reusable buffers of scorers, filters and reports are made of. */
export type GrowableArray =
  | Int32Array
  | Uint32Array
  | Uint16Array
  | Uint8Array
  | Float64Array;

/**
 * A copy of `a` in a new array of the same type and `length` elements (≥ a.length), the rest
 * zero: how the per-text buffers grow. Growth is rare (doubling), so the constructor lookup
 * costs nothing that matters.
 */
export function grown<T extends GrowableArray>(a: T, length: number): T {
  const b = new (a.constructor as new (n: number) => T)(length);
  b.set(a as never);
  return b;
}
