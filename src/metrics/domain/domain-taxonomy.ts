import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { assetPath } from "../../base/assets.js";

/**
 * A domain taxonomy: the labels the domain scorers choose from. The default (23 domains, the
 * dataset card's) ships in data/domains/taxonomy.json; users can pass their own file in the
 * same format, JSON or YAML:
 *
 * ```yaml
 * fallback: general            # the label for rows no domain claims (added if not listed)
 * domains:
 *   - name: cooking            # the value written to the `domain` column
 *     label: cooking and food  # optional: the phrase zero-shot hypotheses use (default: name with _ → space)
 *     description: Recipes, ingredients and kitchen techniques.
 *     keywords: { recipe: 3, oven: 2, "olive oil": 3 }   # or a list: [recipe, oven] (weight 1 each)
 * ```
 */
export interface DomainSpec {
  readonly name: string;
  readonly label: string;
  readonly description: string;
  /** Keyword or phrase → weight (> 0; 1 weak, 2 strong, 3 unambiguous in the default taxonomy). */
  readonly keywords: Readonly<Record<string, number>>;
}

export interface DomainTaxonomy {
  /** The domain for rows nothing claims with confidence. Always one of `domains`. */
  readonly fallback: string;
  readonly domains: readonly DomainSpec[];
  /** Where it came from (a file path, or "default"). */
  readonly source: string;
}

/** A taxonomy file that does not follow the format; the message names the file and the entry. */
export class TaxonomyError extends Error {
  constructor(source: string, detail: string) {
    super(`taxonomy ${source}: ${detail}`);
    this.name = "TaxonomyError";
  }
}

const NAME = /^[\p{L}\p{N}_.-]+$/u;

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** Check a parsed taxonomy object and return it in normal form; throws TaxonomyError naming what is wrong. */
export function validateTaxonomy(raw: unknown, source: string): DomainTaxonomy {
  if (!isRecord(raw)) throw new TaxonomyError(source, "expected an object with a `domains` list");
  const list = raw.domains;
  if (!Array.isArray(list) || list.length === 0) throw new TaxonomyError(source, "`domains` must be a non-empty list");
  const fallback = raw.fallback === undefined ? "general" : raw.fallback;
  if (typeof fallback !== "string" || !NAME.test(fallback)) {
    throw new TaxonomyError(source, "`fallback` must be a domain name (letters, digits, _ . -)");
  }
  const seen = new Set<string>();
  const domains: DomainSpec[] = list.map((entry, k) => {
    const where = `domains[${k}]`;
    if (!isRecord(entry)) throw new TaxonomyError(source, `${where} must be an object with name, description and keywords`);
    const { name, description, keywords, label } = entry;
    if (typeof name !== "string" || !NAME.test(name)) {
      throw new TaxonomyError(source, `${where}.name must be a non-empty name of letters, digits, _ . - (got ${JSON.stringify(name)})`);
    }
    const at = `${where} (${name})`;
    if (seen.has(name)) throw new TaxonomyError(source, `${at}: the name is used twice`);
    seen.add(name);
    if (typeof description !== "string" || description.trim().length === 0) {
      throw new TaxonomyError(source, `${at}.description must be a non-empty string (the prototype and zero-shot scorers read it)`);
    }
    if (label !== undefined && (typeof label !== "string" || label.trim().length === 0)) {
      throw new TaxonomyError(source, `${at}.label must be a non-empty string when given`);
    }
    const weights: Record<string, number> = {};
    if (Array.isArray(keywords)) {
      keywords.forEach((kw, j) => {
        if (typeof kw !== "string" || kw.trim().length === 0) throw new TaxonomyError(source, `${at}.keywords[${j}] must be a non-empty string`);
        weights[kw.trim().toLowerCase()] = 1;
      });
    } else if (isRecord(keywords)) {
      for (const [kw, w] of Object.entries(keywords)) {
        if (kw.trim().length === 0) throw new TaxonomyError(source, `${at}.keywords has an empty keyword`);
        if (typeof w !== "number" || !Number.isFinite(w) || w <= 0) {
          throw new TaxonomyError(source, `${at}.keywords["${kw}"] must be a positive number (got ${JSON.stringify(w)})`);
        }
        weights[kw.trim().toLowerCase()] = w;
      }
    } else if (keywords !== undefined) {
      throw new TaxonomyError(source, `${at}.keywords must be a list of strings or a { keyword: weight } object`);
    }
    return { name, label: typeof label === "string" ? label.trim() : name.replace(/_/g, " "), description: description.trim(), keywords: weights };
  });
  if (!seen.has(fallback)) {
    domains.push({ name: fallback, label: fallback.replace(/_/g, " "), description: "None of the other domains.", keywords: {} });
  }
  if (domains.length < 2) throw new TaxonomyError(source, "a taxonomy needs at least one domain besides the fallback");
  return { fallback, domains, source };
}

/** Parse and validate a taxonomy file (.json, .yaml or .yml). */
export function readTaxonomyFile(path: string): DomainTaxonomy {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new TaxonomyError(path, `cannot read the file (${(err as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    throw new TaxonomyError(path, `not valid ${/\.ya?ml$/i.test(path) ? "YAML" : "JSON"}: ${(err as Error).message}`);
  }
  return validateTaxonomy(raw, path);
}

let defaultTaxonomy: DomainTaxonomy | undefined;

/** The shipped 23-domain taxonomy (data/domains/taxonomy.json). */
export function loadDefaultTaxonomy(): DomainTaxonomy {
  defaultTaxonomy ??= { ...readTaxonomyFile(assetPath("domains/taxonomy.json")), source: "default" };
  return defaultTaxonomy;
}

/** A user's taxonomy file, or the default when `path` is undefined. */
export function loadTaxonomy(path?: string): DomainTaxonomy {
  return path === undefined ? loadDefaultTaxonomy() : readTaxonomyFile(path);
}

/** The text that represents a domain for embedding-based scorers: label, description and keywords. */
export function prototypeText(domain: DomainSpec): string {
  const keywords = Object.keys(domain.keywords);
  return keywords.length > 0 ? `${domain.label}. ${domain.description} ${keywords.join(", ")}.` : `${domain.label}. ${domain.description}`;
}
