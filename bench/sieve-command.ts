import { existsSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * How a benchmark starts the `sieve` command of a compiled build (`<copy>/dist`): through the
 * copy's launcher `<copy>/bin/sieve.js`, as `npx sieve` does (the launcher sets the
 * environment glibc reads at start-up, see bin/sieve.js), or with node straight on
 * `dist/cli/main.js` for a build that has no launcher. `extraNodeArgs` (such as `--import
 * <sampler>`) need node on the command line, so they always take the direct route.
 */
export function sieveCommand(dist: string, args: string[], extraNodeArgs: string[] = []): { command: string; args: string[] } {
  const main = join(dist, "cli", "main.js");
  const launcher = join(dirname(dist), "bin", "sieve.js");
  if (extraNodeArgs.length === 0 && basename(dist) === "dist" && existsSync(launcher)) return { command: launcher, args };
  return { command: process.execPath, args: [...extraNodeArgs, main, ...args] };
}
