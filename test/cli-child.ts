import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, and the CLI's source entry (tests run the source, not a build). */
export const REPO = fileURLToPath(new URL("..", import.meta.url));
export const CLI_SOURCE = join(REPO, "src", "cli", "main.ts");

/**
 * Run the CLI from source in a child process; resolves to its exit code and output.
 * Asynchronous, so the test worker keeps answering vitest while tsx compiles the CLI in the child.
 */
export async function sieveCli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", CLI_SOURCE, ...args], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
  child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  return { code, stdout, stderr };
}
