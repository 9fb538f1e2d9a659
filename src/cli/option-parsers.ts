import { InvalidArgumentError } from "commander";

/** A positive integer flag value, or a usage error naming the flag's expectation. */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`expected a positive whole number, got '${value}'.`);
  return n;
}

/** A non-negative integer flag value. */
export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a whole number ≥ 0, got '${value}'.`);
  return n;
}

/** A finite number flag value. */
export function finiteNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError(`expected a number, got '${value}'.`);
  return n;
}

/** A size in bytes: a whole number, optionally with a unit (KB, MB, GB: powers of 1000; KiB, MiB, GiB: of 1024). */
export function byteSize(value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|kib|mib|gib)?\s*$/i.exec(value);
  const unit = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30 }[(m?.[2] ?? "b").toLowerCase() as "b"];
  const n = m ? Math.round(Number(m[1]) * unit) : NaN;
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a size such as 64MiB, 500MB or 1048576, got '${value}'.`);
  return n;
}
