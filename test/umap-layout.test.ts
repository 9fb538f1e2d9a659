import { describe, expect, it } from "vitest";
import { SeededRandom } from "../src/base/seeded-random.js";
import { projectTo2d } from "../src/report/projection.js";

/** n points around each of `centres` (dim-dimensional), Gaussian noise of `spread`, seeded. */
function blobs(centres: number[][], n: number, spread: number, seed: number): Float32Array {
  const rng = new SeededRandom(seed);
  const dim = centres[0]!.length;
  const out = new Float32Array(centres.length * n * dim);
  centres.forEach((c, b) => {
    for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) out[(b * n + i) * dim + d] = c[d]! + spread * rng.gaussian();
  });
  return out;
}

describe("map projection (PCA, exact neighbours, UMAP layout)", () => {
  const dim = 16;
  const centres = [0, 1, 2].map((b) => Array.from({ length: dim }, (_, d) => (d % 3 === b ? 5 : 0)));
  const perBlob = 150;
  const values = blobs(centres, perBlob, 0.5, 3);
  const n = centres.length * perBlob;

  it("keeps separate groups apart: every point is nearer its own group's centre on the map", () => {
    const p = projectTo2d(values, n, dim, { seed: 7 });
    const centre = [0, 1, 2].map((b) => {
      let x = 0;
      let y = 0;
      for (let i = b * perBlob; i < (b + 1) * perBlob; i++) {
        x += p[i * 2]!;
        y += p[i * 2 + 1]!;
      }
      return [x / perBlob, y / perBlob];
    });
    let misplaced = 0;
    for (let i = 0; i < n; i++) {
      const own = Math.floor(i / perBlob);
      const dist = centre.map(([cx, cy]) => Math.hypot(p[i * 2]! - cx!, p[i * 2 + 1]! - cy!));
      if (dist.indexOf(Math.min(...dist)) !== own) misplaced++;
    }
    expect(misplaced).toBe(0);
    for (const v of p) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
  });

  it("gives the same points for the same seed and other points for another", () => {
    const a = projectTo2d(values, n, dim, { seed: 7, nEpochs: 40 });
    const b = projectTo2d(values, n, dim, { seed: 7, nEpochs: 40 });
    const c = projectTo2d(values, n, dim, { seed: 8, nEpochs: 40 });
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it("handles duplicates, tiny inputs and no input", () => {
    const same = new Float32Array(20 * dim).fill(1);
    const p = projectTo2d(same, 20, dim, { seed: 1, nEpochs: 20 });
    expect(p.every(Number.isFinite)).toBe(true);
    expect(projectTo2d(values.subarray(0, 3 * dim), 3, dim, { seed: 1 }).length).toBe(6);
    expect(projectTo2d(new Float32Array(0), 0, dim).length).toBe(0);
  });
});
