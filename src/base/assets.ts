import { fileURLToPath } from "node:url";

/**
 * Absolute path of a file in the package's `data/` folder (compiled tables, shipped
 * weights). src/base and dist/base sit at the same depth, so one relative URL serves both the
 * TypeScript sources (tests) and the compiled package.
 */
export function assetPath(name: string): string {
  return fileURLToPath(new URL(`../../data/${name}`, import.meta.url));
}
