import { getHeapSpaceStatistics } from "node:v8";
const mu = () => { global.gc(); global.gc(); const m = process.memoryUsage(); const s = Object.fromEntries(getHeapSpaceStatistics().map(x=>[x.space_name, x.space_used_size/1048576])); return { heap: m.heapUsed/1048576, ab: m.arrayBuffers/1048576, lo: s.large_object_space, old: s.old_space }; };
const { SCORERS, DEFAULT_SCORERS } = await import("./dist/metrics/scorer-registry.js");
const { withScorerDefaults, modelOptionsOf } = await import("./dist/pipeline/create-scorers.js");
const { useDefaultDictionaryTable, defaultDictionaryTable } = await import("./dist/metrics/readability/syllable-dictionary.js");
const settings = withScorerDefaults({});
const scorers = []; const ctx = { models: modelOptionsOf(settings), created: scorers };
let prev = mu();
for (const e of SCORERS) { const s = await e.create(settings, ctx); if (s) scorers.push(s); const n = mu(); console.log(e.name.padEnd(14), "heap", (n.heap-prev.heap).toFixed(1), "old", (n.old-prev.old).toFixed(1), "LO", (n.lo-prev.lo).toFixed(1), "AB", (n.ab-prev.ab).toFixed(1)); prev = n; }
