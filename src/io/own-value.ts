/**
 * Column names are data: a row may have a key named `__proto__`, `constructor` or
 * `toString`. Rows are plain objects from JSON.parse, which stores such keys as own
 * properties, so reading one that a row has is safe; reading one that a row lacks would
 * find Object.prototype's member instead. JSON values are never functions and never
 * Object.prototype itself, so one cheap test on the value read tells the rare case apart.
 */
export function ownValue(row: Record<string, unknown>, key: string): unknown {
  const v = row[key];
  if (typeof v === "function" || v === Object.prototype) return Object.hasOwn(row, key) ? v : undefined;
  return v;
}

/**
 * Set a key on a plain object as an own property. Assigning `obj["__proto__"] = v` would
 * replace the object's prototype instead of adding a column.
 */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}
