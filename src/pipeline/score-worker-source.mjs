// Worker entry used only when sieve runs from its TypeScript sources (the test suite, vite-node
// benches): Node 20 does not pass loader hooks on to worker threads, so this plain module
// registers tsx inside the worker and then loads score-worker.ts, passing on its tasks. The
// compiled package never uses it (dist/ has score-worker.js beside the pool).
import { register } from "tsx/esm/api";

register();
const worker = await import("./score-worker.ts");
export default worker.default;
export const moduleUrl = worker.moduleUrl;
