import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

/** ../shared beside the repository: real datasets and reference fixtures. */
export const SHARED_DIR = fileURLToPath(new URL("../../shared/", import.meta.url));

/** Path of a file under ../shared. */
export function sharedPath(...parts: string[]): string {
  return join(SHARED_DIR, ...parts);
}

/**
 * Whether the suites that read ../shared can run. When it is missing they skip with a
 * message, unless SIEVE_REQUIRE_SHARED=1 (CI), where a missing ../shared is an error.
 */
export function haveShared(...parts: string[]): boolean {
  const p = sharedPath(...parts);
  if (existsSync(p)) return true;
  if (process.env.SIEVE_REQUIRE_SHARED === "1") {
    throw new Error(`SIEVE_REQUIRE_SHARED=1 but ${p} is missing: put the shared/ folder beside the repository.`);
  }
  console.warn(`skipping: ${p} is missing (the shared/ folder beside the repository holds it)`);
  return false;
}
