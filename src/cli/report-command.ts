import { Command } from "commander";
import { EXIT_CODES_HELP } from "./exit-codes.js";
import { nonNegativeInt, positiveInt } from "./option-parsers.js";

/** `sieve report <scored…> --out dir/`: statistics, plots, interactive map and dataset card. */
export function reportCommand(): Command {
  const cmd = new Command("report")
    .description("write statistics, PNG plots, an interactive embedding map and a dataset card for a scored dataset")
    .argument("<scored...>", "the scored complete split (files, folders or globs), as written by `sieve score` or `sieve run`")
    .requiredOption("--out <dir>", "output folder")
    .option("--filtered <file>", "the filtered split (rows kept)")
    .option("--rejected <file>", "the rejected split (rows removed, with filter_reason)")
    .option("--filter-stats <file>", "filter_stats.json of the filter stage (thresholds, removed per filter, balance)")
    .option("--license <id>", "licence of the dataset for the card's front matter", "other")
    .option("--language <codes>", "comma-separated language codes for the card", "en")
    .option("--name <title>", "dataset name for the card and the page", "SFT dataset")
    .option("--seed <n>", "seed of the map sample, UMAP and cluster labels", nonNegativeInt, 42)
    .option("--sample-size <n>", "rows in the map sample", positiveInt, 10_000)
    .option("--domain-field <name>", "column holding the domain label", "domain")
    .option("--id-field <name>", "column holding the row id (default: 'id')")
    .option("-q, --quiet", "print nothing")
    .addHelpText("after", `
Writes into --out: stats.json, stats.md, domain_distribution.png, length_distributions.png,
embedding_visualization.png, toxicity/readability/complexity_distribution.png (for the
score columns present), index.html (self-contained, works offline) and README.md (a
Hugging Face dataset card). Same input and seed give byte-identical files.

Example:
  sieve report out/complete.parquet --filtered out/filtered.parquet \\
    --rejected out/rejected.parquet --filter-stats out/filter_stats.json --out out/ --license cc-by-sa-3.0
${EXIT_CODES_HELP}`);
  cmd.action(async (scored: string[], o: Record<string, unknown>) => {
    // Loaded here so that other commands do not pay for vega and resvg.
    const { buildReport } = await import("../report/build-report.js");
    const { files, stats } = await buildReport({
      complete: scored,
      filtered: o.filtered as string | undefined,
      rejected: o.rejected as string | undefined,
      filterStats: o.filterStats as string | undefined,
      out: o.out as string,
      license: o.license as string,
      language: String(o.language).split(",").map((s) => s.trim()).filter(Boolean),
      name: o.name as string,
      seed: o.seed as number,
      sampleSize: o.sampleSize as number,
      domainField: o.domainField as string,
      read: o.idField ? { idField: o.idField as string } : undefined,
    });
    if (!o.quiet) {
      const d = stats.dataset;
      process.stdout.write(`report: ${d.total_rows.toLocaleString("en-US")} rows` + (d.filtered_rows === null ? "" : `, ${d.filtered_rows.toLocaleString("en-US")} kept`) + `, ${d.domains_covered} domains\n`);
      for (const f of [files.stats, files.statsMarkdown, ...files.images, files.html, files.card]) process.stdout.write(`  ${f}\n`);
    }
  });
  return cmd;
}
