import { parseArgs, type ParseArgsConfig } from "node:util";

/**
 * Flags of a bench script. `npx vite-node bench/x.ts -- --rows 10` passes a literal `--`
 * through to the script; it is dropped here so both spellings work.
 */
export function benchArgs<T extends NonNullable<ParseArgsConfig["options"]>>(options: T) {
  const args = process.argv.slice(2).filter((a) => a !== "--");
  return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
}
