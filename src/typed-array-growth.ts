/** Integer typed arrays the scorers' reusable buffers are made of. */
export type GrowableArray =
  | Int32Array<ArrayBuffer>
  | Uint32Array<ArrayBuffer>
  | Uint16Array<ArrayBuffer>
  | Uint8Array<ArrayBuffer>;

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
