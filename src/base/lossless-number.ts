/**
 * A double as JSON without loss: JSON has no -0, Infinity or NaN (JSON.stringify writes 0,
 * null, null), so those travel as strings; every other double is a JSON number, which
 * JSON.stringify writes in the shortest form that reads back to the same double.
 */
export type EncodedNumber = number | "-0" | "Infinity" | "-Infinity" | "NaN";

export function encodeNumber(x: number): EncodedNumber {
  if (Object.is(x, -0)) return "-0";
  if (Number.isFinite(x)) return x;
  return String(x) as EncodedNumber;
}

export function decodeNumber(x: EncodedNumber): number {
  if (typeof x === "number") return x;
  return x === "-0" ? -0 : Number(x);
}
