/** A filter config value that is missing, unknown or out of range: names the key, the value and what is allowed. */
export class FilterConfigError extends Error {
  constructor(
    readonly key: string,
    readonly value: unknown,
    readonly allowed: string,
  ) {
    super(`${key}: ${value === undefined ? "missing" : JSON.stringify(value)} is not valid; allowed: ${allowed}.`);
    this.name = "FilterConfigError";
  }
}
