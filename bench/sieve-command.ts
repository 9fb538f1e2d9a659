import { existsSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * How a benchmark starts the `sieve` command of a compiled build (`<copy>/dist`): through the
 * copy's launcher `<copy>/bin/sieve.js`, as `npx sieve` does (the launcher sets the
 * environment glibc reads at start-up, see bin/sieve.js), or with node straight on
 * `dist/cli/main.js` for a build that has no launcher.
 */
export function sieveCommand(dist: string, args: string[]): { command: string; args: string[] } {
  const launcher = join(dirname(dist), "bin", "sieve.js");
  if (basename(dist) === "dist" && existsSync(launcher)) return { command: launcher, args };
  return { command: process.execPath, args: [join(dist, "cli", "main.js"), ...args] };
}
