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
