import { FilterConfigError } from "./filter-config-error.js";
import type { Bounds } from "./filter-config.js";

/*
 * Validators of config values. Each returns the value or throws a FilterConfigError naming
 * the key, the value and what is allowed; the messages are part of the interface (users
 * see them as usage errors, tests check them).
 */

/** `min`/`max` of a mapping, each in [lo, hi], min ≤ max. */
export function bounds(key: string, o: Record<string, unknown>, lo: number, hi: number): Bounds {
  const out: Bounds = {};
  if (o.min !== undefined && o.min !== null) out.min = num(`${key}.min`, o.min, lo, hi);
  if (o.max !== undefined && o.max !== null) out.max = num(`${key}.max`, o.max, lo, hi);
  if (out.min !== undefined && out.max !== undefined && out.min > out.max) throw new FilterConfigError(`${key}.min`, out.min, `a value ≤ ${key}.max (${out.max})`);
  return out;
}

/** A finite number in [lo, hi] (lo exclusive when asked); `hi = Number.MAX_VALUE` reads "any finite number". */
export function num(key: string, v: unknown, lo: number, hi: number, opts: { minExclusive?: boolean } = {}): number {
  const ok = typeof v === "number" && Number.isFinite(v) && (opts.minExclusive ? v > lo : v >= lo) && v <= hi;
  if (!ok) {
    const range = hi >= Number.MAX_VALUE ? "any finite number" : `a number from ${lo}${opts.minExclusive ? " (exclusive)" : ""} to ${hi}`;
    throw new FilterConfigError(key, v, range);
  }
  return v as number;
}

/** A whole number in [lo, hi]. */
export function int(key: string, v: unknown, lo: number, hi: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < lo || v > hi) {
    throw new FilterConfigError(key, v, hi >= Number.MAX_SAFE_INTEGER ? `a whole number ≥ ${lo}` : `a whole number from ${lo} to ${hi}`);
  }
  return v;
}

/** A mapping whose keys are all in `allowed`. */
export function objectAt(key: string, value: unknown, allowed: string[]): Record<string, unknown> {
  if (!isObject(value)) throw new FilterConfigError(key, value, `a mapping with keys ${allowed.join(", ")}`);
  checkKeys(key, value, allowed);
  return value;
}

/** Every key of `o` is in `allowed` (`key` "config" names the top level). */
export function checkKeys(key: string, o: Record<string, unknown>, allowed: string[]): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) throw new FilterConfigError(`${key === "config" ? "" : key + "."}${k}`, o[k], `a known key (${allowed.join(", ")})`);
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
