// Worker entry used only when sieve runs from its TypeScript sources (the test suite, vite-node
// benches): Node 20 does not pass loader hooks on to worker threads, so this plain module
// registers tsx inside the worker and then runs projection-worker.ts. The compiled package
// starts dist/report/projection-worker.js instead.
import { register } from "tsx/esm/api";

register();
await import("./projection-worker.ts");
