import { readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import type { Embedder } from "../embed/embedder.js";
import { AtomicFile } from "../io/atomic-file.js";
import { openDataset, type ReadOptions } from "../io/dataset-reader.js";
import { domainDistributionSpec, lengthDistributionsSpec, scoreHistogramSpec } from "./chart-specs.js";
import { embeddingMapPng } from "./embedding-map-png.js";
import { clusterLabels, nonOverlappingLabels } from "./cluster-labels.js";
import { datasetCard } from "./dataset-card.js";
import { htmlReport } from "./html-report.js";
import { mapProjectionOptions } from "./project-in-worker.js";
import { projectTo2d, type ProjectionOptions } from "./projection.js";
import { chartPng } from "./render-png.js";
import { ReportCollector, sampleVectors, type ReportData } from "./report-collector.js";
import { reportStats, type ReportStats } from "./report-stats.js";
import { statsMarkdown } from "./stats-markdown.js";
import { declaredSchema } from "../io/file-schema.js";

/** How the report files are written from collected aggregates. */
export interface WriteReportOptions {
  /** Output folder. */
  out: string;
  /** Parsed filter_stats.json of the filter stage, when there was one. */
  filterStats?: unknown;
  /** Split files, for the card's `configs` (paths are written relative to `out`). */
  completeFile: string;
  filteredFile?: string;
  /** What the card names instead of the files, when a split is a folder of part files (`complete/part-*.parquet`). */
  cardFiles?: { complete: string; filtered?: string };
  /** Card front matter and title. */
  license?: string;
  language?: string[];
  name?: string;
  /** Epochs of the map layout (default 120). */
  umapEpochs?: number;
  /**
   * The map's points, projected already (projectInWorker with mapProjectionOptions of the same
   * seed and epochs, while the filter wrote the splits); absent: projected here.
   */
  projection?: Promise<Float64Array>;
  /** Rows whose text was read with replacement characters (the score summary's rows_with_replaced_text). */
  rowsWithReplacedText?: number;
}

/** Options of `buildReport`: the split files, and where and how to write. */
export interface ReportOptions extends Omit<WriteReportOptions, "completeFile" | "filteredFile" | "filterStats"> {
  /** The scored complete split (files, folders or globs). */
  complete: string | string[];
  filtered?: string;
  rejected?: string;
  /** Path of filter_stats.json. */
  filterStats?: string;
  seed?: number;
  /** Rows in the map sample (default 10,000). */
  sampleSize?: number;
  domainField?: string;
  /** Embeds sampled rows when the data has no `embedding` column (default: HashEmbedder). */
  embedder?: Embedder;
  /** Reader options (id field, layout overrides) for every split. */
  read?: ReadOptions;
}

/** The files a report consists of. */
export interface ReportFiles {
  stats: string;
  statsMarkdown: string;
  html: string;
  card: string;
  images: string[];
}

async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  const f = await AtomicFile.create(path);
  await f.write(content);
  await f.commit();
}

/** The map's points for an embedded sample, on this thread. */
function projectSample(sample: ReportData["sample"], options: ProjectionOptions): Float64Array {
  const v = sampleVectors(sample);
  return projectTo2d(v.values, v.n, v.dim, options);
}

/**
 * Write stats.json, stats.md, the PNG charts, index.html and README.md (the dataset card)
 * into `opts.out` from collected aggregates. Deterministic: the same data gives the same bytes.
 */
export async function writeReport(data: ReportData, opts: WriteReportOptions): Promise<{ files: ReportFiles; stats: ReportStats }> {
  const stats = reportStats(data, opts.filterStats, opts.rowsWithReplacedText);
  const out = opts.out;

  // The map: projection of the sample, domains in descending count order (legend and colours).
  const sample = data.sample;
  const points = opts.projection ? await opts.projection : projectSample(sample, mapProjectionOptions(data.seed, opts.umapEpochs));
  // Labels placed for the 640-pixel PNG map; the HTML map (about as large) shows the same ones.
  const clusters = nonOverlappingLabels(clusterLabels(points, sample.map((r) => `${r.instruction} ${r.response}`), { seed: data.seed }), 640, 640, 11);
  const domainCounts = new Map<string, number>();
  for (const r of sample) domainCounts.set(r.domain, (domainCounts.get(r.domain) ?? 0) + 1);
  const order = Object.keys(stats.domains.before).filter((d) => domainCounts.has(d));
  for (const d of [...domainCounts.keys()].sort()) if (!order.includes(d)) order.push(d);

  const charts: Array<{ file: string; title: string; png: Uint8Array }> = [];
  const add = async (file: string, title: string, spec: Parameters<typeof chartPng>[0]) => charts.push({ file, title, png: await chartPng(spec) });
  if (Object.keys(stats.domains.before).length) await add("domain_distribution.png", "Domain distribution", domainDistributionSpec(stats.domains.before, stats.domains.after));
  const h = stats.histograms;
  if (h.instruction_chars || h.response_chars) await add("length_distributions.png", "Length distributions", lengthDistributionsSpec(h.instruction_chars, h.response_chars));
  if (sample.length) charts.push({ file: "embedding_visualization.png", title: "Embedding map", png: await embeddingMapPng(points, sample.map((r) => r.domain), clusters, order) });
  if (h.toxicity_score) await add("toxicity_distribution.png", "Toxicity", scoreHistogramSpec(h.toxicity_score, "Toxicity score", "toxicity_score (probability)", "#e15759"));
  if (h.readability_score) await add("readability_distribution.png", "Readability", scoreHistogramSpec(h.readability_score, "Readability (Flesch Reading Ease)", "readability_score (higher is easier)", "#59a14f"));
  if (h.complexity_score) await add("complexity_distribution.png", "Complexity", scoreHistogramSpec(h.complexity_score, "Complexity (grade level)", "complexity_score (text-standard grade)", "#b07aa1"));

  const files: ReportFiles = {
    stats: join(out, "stats.json"),
    statsMarkdown: join(out, "stats.md"),
    html: join(out, "index.html"),
    card: join(out, "README.md"),
    images: charts.map((c) => join(out, c.file)),
  };
  for (const c of charts) await writeFileAtomic(join(out, c.file), c.png);
  await writeFileAtomic(files.stats, JSON.stringify(stats, null, 2) + "\n");
  await writeFileAtomic(files.statsMarkdown, statsMarkdown(stats));
  const title = opts.name ?? "SFT dataset";
  await writeFileAtomic(files.html, htmlReport({ title, stats, sample, points, clusters, domains: order, charts }));
  await writeFileAtomic(
    files.card,
    // The card lists the types the split file stores (Int32, FixedSizeList …), not the ones
    // the rows were re-read as; JSON splits declare none, so the read schema serves there.
    datasetCard(stats, (await declaredSchema(opts.completeFile).catch(() => undefined)) ?? data.schema, {
      name: title,
      license: opts.license,
      language: opts.language,
      completeFile: relative(out, opts.cardFiles?.complete ?? opts.completeFile) || opts.completeFile,
      filteredFile: opts.cardFiles?.filtered ? relative(out, opts.cardFiles.filtered) : opts.filteredFile ? relative(out, opts.filteredFile) : undefined,
      images: charts.map((c) => ({ title: c.title, file: c.file })),
    }),
  );
  return { files, stats };
}

/**
 * Build the report of scored (and optionally filtered) splits: stream the complete split
 * into a ReportCollector, then the filtered and rejected splits, then write every file.
 * Memory stays bounded whatever the row count.
 */
export async function buildReport(opts: ReportOptions): Promise<{ files: ReportFiles; stats: ReportStats }> {
  const collector = new ReportCollector({ seed: opts.seed, sampleSize: opts.sampleSize, domainField: opts.domainField });
  const complete = await openDataset(opts.complete, opts.read);
  for await (const sb of complete.batches()) if (sb.batch.numRows) collector.add(sb.batch, sb.view);
  if (opts.filtered) {
    const ds = await openDataset(opts.filtered, opts.read);
    for await (const sb of ds.batches()) if (sb.batch.numRows) collector.addFiltered(sb.batch, sb.view);
  }
  if (opts.rejected) {
    const ds = await openDataset(opts.rejected, opts.read);
    for await (const sb of ds.batches()) if (sb.batch.numRows) collector.addRejected(sb.batch, sb.view);
  }
  return finishReport(collector, {
    ...opts,
    filterStats: opts.filterStats,
    completeFile: complete.files[0]!,
    filteredFile: opts.filtered,
  });
}

/** Options of `finishReport`: WriteReportOptions with the filter stats as a file path. */
export interface FinishReportOptions extends Omit<WriteReportOptions, "filterStats"> {
  /** Path of filter_stats.json. */
  filterStats?: string;
  /** Embeds sampled rows when the data has no `embedding` column (default: HashEmbedder). */
  embedder?: Embedder;
}

/**
 * Write the report from a collector already fed with the splits — by `buildReport` from
 * the files, or by `run` while the filter writes them (one read instead of four).
 */
export async function finishReport(collector: ReportCollector, opts: FinishReportOptions): Promise<{ files: ReportFiles; stats: ReportStats }> {
  let filterStats: unknown;
  if (opts.filterStats) {
    try {
      filterStats = JSON.parse(await readFile(opts.filterStats, "utf8"));
    } catch (e) {
      throw new Error(`${opts.filterStats}: cannot read the filter stats (${(e as Error).message}).`);
    }
  }
  const data = await collector.finish(opts.embedder);
  return writeReport(data, { ...opts, filterStats });
}
