/**
 * Compiles the embedded domain model, data/domains/domain-lexicon.txt.gz (run once after the
 * inputs or the method change; the output is byte-identical on every run):
 *
 *   npm run compile:domains [-- <wordnet dict folder>] [--no-self-training] [--out <folder>]
 *
 * (WordNet from /usr/share/wordnet unless named; the table goes to data/domains unless --out names
 * another folder, for trying a change without replacing the shipped table.)
 *
 * Inputs:
 *   WordNet 3.0 (Debian `wordnet-base`: data.*, index.noun; WordNet 3.0 licence, kept beside
 *     the output as data/domains/wordnet-LICENSE): every synset gets a domain of the default
 *     taxonomy, or none, from the hand mapping in scripts/domain-wordnet-anchors.ts: the
 *     synset's own anchor, else its topic-domain pointer (";c", e.g. "(physics)"), else its
 *     nearest hypernym or instance hypernym with a domain, else (adjectives, verbs) the noun it
 *     derives from, else its lexicographer file ("noun.food" → food); named battles, wars and
 *     periods and people with a life span in the gloss go to history where their class says
 *     politics or nothing (isHistorical). The lemmas and the gloss
 *     (definition and examples) of each labelled synset are one labelled document. The
 *     multi-word lemmas of the synsets trained on ("supply_and_demand", "operant_conditioning",
 *     "Thomas_Paine") and the taxonomy's keyword phrases give the collocations: word pairs
 *     that are features of their own (domain-features.ts, wordAndCollocationFeatures).
 *   The taxonomy's own labels, descriptions and keywords (data/domains/taxonomy.json).
 *   Unlabelled instructions from ../shared/data (Dolly 15k with its context passages,
 *     GPTeacher, self-instruct, the hh-rlhf user turns), for self-training: rows the model
 *     labels with confidence become labelled documents of that domain, and the model is
 *     trained again.
 *
 * Model: multinomial logistic regression over word features (featureOfWord: Porter stems, one
 * feature for years, one for other numbers; one for each formula operator, operatorCount;
 * collocations; featureValues: repeats count 1/k, values scaled by 1/√tokens; function words,
 * STOP_FEATURES, count in the length but get no weights; a feature is learnt when it is in two
 * training documents or is a lemma of one), no bias, the domains
 * balanced by sample weights, L2-penalised, trained by Adagrad in a seeded order
 * (domain-logistic-regression.ts). `general` is not trained: it competes with a fixed logit
 * (LEXICON_PARAMETERS.generalScore), so a row without evidence for any field stays general.
 * The softmax temperature is fitted by likelihood on held-out WordNet documents (every tenth
 * labelled synset, never trained on). Weights are quantised to integers of one shared scale;
 * small ones are dropped.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { BRIDGE_FEATURES, COLLOCATION_JOINER, STOP_FEATURES, featureValues, isCollocationFeature, OPERATOR_FEATURE, operatorCount, wordAndCollocationFeatures } from "../src/metrics/domain/domain-features.js";
import { wordsOf } from "../src/metrics/domain/keyword-domain-scorer.js";
import { LEXICON_PARAMETERS } from "../src/metrics/domain/domain-lexicon.js";
import { logitsInto, softmaxInPlace, trainLogisticRegression, type SparseDoc } from "./domain-logistic-regression.js";
import { WORDNET_ANCHORS } from "./domain-wordnet-anchors.js";
import { WordNetDatabase } from "./wordnet-database.js";

const repoRoot = fileURLToPath(new URL("../", import.meta.url));
const args = process.argv.slice(2);
const outArg = args.indexOf("--out");
const wordnetDir = args.find((a, i) => !a.startsWith("--") && (outArg < 0 || i !== outArg + 1)) ?? "/usr/share/wordnet";
const sharedData = join(repoRoot, "../shared/data");
const dataDir = join(repoRoot, "data/domains");
const outDir = outArg >= 0 ? args[outArg + 1]! : dataDir;
mkdirSync(outDir, { recursive: true });

const taxonomy = JSON.parse(readFileSync(join(dataDir, "taxonomy.json"), "utf8")) as {
  fallback: string;
  domains: Array<{ name: string; label?: string; description: string; keywords: Record<string, number> }>;
};
const domainNames = taxonomy.domains.map((d) => d.name);
const subjects = domainNames.filter((d) => d !== taxonomy.fallback);
const D = subjects.length;
const NONE = -2;
const UNKNOWN = -1;

// ---- Method constants (fixed a priori; see docs/scorers.md) --------------------------------------
/** Sample weight of a taxonomy description and of one keyword (× its weight in the taxonomy). */
const DESCRIPTION_WEIGHT = 4;
const KEYWORD_WEIGHT = 1;
/** A feature must occur in this many labelled documents to be learnt (rarer ones are noise). */
const MIN_DOCUMENTS = 2;
/** Domains are balanced towards equal total weight by (mean / own)^BALANCE. */
const BALANCE = 0.5;
/** Adagrad settings; the L2 penalty was chosen by likelihood on the held-out WordNet documents (of 1e-5 … 3e-3). */
const TRAIN = { epochs: 8, learningRate: 0.2, l2: 1e-3, seed: 20240229 } as const;
/** Self-training: rounds, the posterior a row needs, the sample weight it gets. */
const SELF_TRAIN_ROUNDS = process.argv.includes("--no-self-training") ? 0 : 1;
const SELF_TRAIN_CONFIDENCE = 0.9;
const SELF_TRAIN_WEIGHT = 0.5;
/** Quantisation: weights are multiples of max|w| / QUANT_LEVELS; those under MIN_LEVEL levels are dropped. */
const QUANT_LEVELS = 127;
const MIN_LEVEL = 3;


/** Lexicographer file → domain, for synsets no anchor, topic or hypernym places. */
const LEXFILE_DOMAINS: Record<number, string> = {
  5: "biology", // noun.animal
  8: "health", // noun.body
  13: "food", // noun.food
  15: "travel_geography", // noun.location
  20: "biology", // noun.plant
  27: "science", // noun.substance
  43: "nature_environment", // verb.weather
};

// ---- WordNet ----------------------------------------------------------------------------------
interface Synset {
  readonly pos: string;
  readonly lexfile: number;
  readonly words: string[];
  readonly hypernyms: string[];
  /** The classes a named individual (a person, place, war) is an instance of ("@i"); also in hypernyms. */
  readonly instanceOf: string[];
  readonly topics: string[];
  readonly derivedFrom: string[];
  readonly gloss: string;
}

const wordnet = new WordNetDatabase(wordnetDir, ["n", "v", "a", "r"]);
/** A synset's targets through pointers with one of `symbols`, in the file's order. */
const targets = (pointers: ReadonlyArray<[string, string]>, symbols: readonly string[]): string[] =>
  pointers.filter(([symbol]) => symbols.includes(symbol)).map(([, target]) => target);
const synsets = new Map<string, Synset>();
for (const [id, s] of wordnet.synsets) {
  synsets.set(id, {
    pos: s.pos,
    lexfile: s.lexFile,
    words: s.words,
    hypernyms: targets(s.pointers, ["@", "@i"]),
    instanceOf: targets(s.pointers, ["@i"]),
    topics: targets(s.pointers, [";c"]),
    derivedFrom: targets(s.pointers, ["\\", "+"]).filter((t) => t.startsWith("n:")),
    gloss: s.gloss.trim(),
  });
}

/** "lemma.n.N" → synset id, N counted in index.noun order (the order NLTK numbers senses in). */
const nounSense = (lemma: string, n: number): string | undefined => wordnet.sensesOf(lemma.replaceAll("_", " "), "n")[n - 1];
const anchors = new Map<string, number>();
for (const [domain, keys] of Object.entries(WORDNET_ANCHORS)) {
  const d = domain === "none" ? NONE : subjects.indexOf(domain);
  if (d === UNKNOWN) throw new Error(`anchor domain ${domain} is not in the taxonomy`);
  for (const key of keys) {
    const m = /^(.+)\.n\.(\d+)$/.exec(key);
    const synset = m ? nounSense(m[1]!, Number(m[2])) : undefined;
    if (!synset) throw new Error(`anchor ${key} is not a WordNet 3.0 noun sense`);
    if (!anchors.has(synset)) anchors.set(synset, d);
  }
}

/** A noun's domain where it is a field's own term: its anchor, else its topic domain's; UNKNOWN otherwise. */
function termLabelOf(key: string): number {
  const anchored = anchors.get(key);
  if (anchored !== undefined) return anchored;
  for (const t of synsets.get(key)?.topics ?? []) if (labelOf(t) >= 0) return labelOf(t);
  return UNKNOWN;
}

const HISTORY = subjects.indexOf("history");
const POLITICS = subjects.indexOf("politics");
/** Lexicographer files of named acts, events and periods (noun.act, noun.event, noun.time) and of people (noun.person). */
const EVENT_LEXFILES = new Set([4, 11, 28]);
const PERSON_LEXFILE = 18;
/** A year in parentheses: how WordNet glosses give a person's life span ("(1483-1546)", "(died 1340)"). */
const LIFE_SPAN = /\([^()]*\b\d{3,4}\b[^()]*\)/;
/**
 * A named individual of the past, whom a field other than politics does not already claim: a
 * named war, battle, revolution, crusade or period (an instance in noun.act, noun.event,
 * noun.time), or a person with a life span in the gloss. Such synsets are labelled history
 * where their class says politics or nothing (a statesman, a king, an explorer, a battle): a
 * dated physicist stays science and a dated poet literature, but dated rulers, wars and eras
 * are what history is written about.
 */
function isHistorical(s: Synset): boolean {
  if (s.pos !== "n" || s.instanceOf.length === 0) return false;
  return EVENT_LEXFILES.has(s.lexfile) || (s.lexfile === PERSON_LEXFILE && LIFE_SPAN.test(s.gloss));
}

const labels = new Map<string, number>();
function labelOf(key: string): number {
  const known = labels.get(key);
  if (known !== undefined) return known;
  labels.set(key, UNKNOWN); // guards the (rare) pointer cycles
  const s = synsets.get(key);
  let d = anchors.get(key) ?? UNKNOWN;
  if (s && d === UNKNOWN) {
    for (const t of s.topics) if (d === UNKNOWN && labelOf(t) >= 0) d = labelOf(t);
    for (const h of s.hypernyms) if (d === UNKNOWN) d = labelOf(h) === NONE ? NONE : labelOf(h);
    // A verb or adjective takes the domain of the noun it derives from only where that noun is
    // itself a field's term (an anchor or under a topic domain): "think" derives from "thought",
    // which sits below cognition, but thinking is no more psychology's than any field's.
    if (d === UNKNOWN && s.pos !== "n") for (const r of s.derivedFrom) if (d === UNKNOWN && termLabelOf(r) >= 0) d = termLabelOf(r);
    if (d < 0 && LEXFILE_DOMAINS[s.lexfile] !== undefined) d = subjects.indexOf(LEXFILE_DOMAINS[s.lexfile]!);
    if (isHistorical(s) && (d < 0 || d === POLITICS)) d = HISTORY;
  }
  labels.set(key, d);
  return d;
}

// ---- Texts → features -------------------------------------------------------------------------
/** The collocations the model knows (filled below from WordNet's multi-word lemmas and the taxonomy's phrases). */
const collocations = new Set<string>();
const EVERY_PAIR = { has: (): boolean => true };
/**
 * A text's features as the scorer sees them: its words', its known collocations, then one per
 * operator character (order does not change the values).
 */
function featuresOf(text: string, pairs: { has(pair: string): boolean } = collocations): string[] {
  const out = wordAndCollocationFeatures(wordsOf(text), pairs);
  for (let n = operatorCount(text); n > 0; n--) out.push(OPERATOR_FEATURE);
  return out;
}
/** A synset's lemmas as text features: each lemma's words and, for a multi-word lemma, its word pairs (every one: this is where collocations come from). */
function lemmaFeaturesOf(s: Synset): string[] {
  return s.words.flatMap((w) => featuresOf(w.replace(/[_-]/g, " "), EVERY_PAIR));
}

interface LabelledText {
  readonly domain: number;
  readonly features: string[];
  /** How many of the leading features are the synset's own lemmas (0 for other text). */
  readonly lemmaCount: number;
  readonly weight: number;
  readonly heldOut: boolean;
}
// Labelled synsets first, then the collocations of the ones trained on, then every text's features.
const labelledSynsets: Array<{ s: Synset; d: number; heldOut: boolean }> = [];
let index = 0;
for (const [key, s] of synsets) {
  const d = labelOf(key);
  if (d < 0) continue;
  // Every tenth labelled synset is held out of training (deterministic: file order).
  if (lemmaFeaturesOf(s).length + featuresOf(s.gloss).length > 0) labelledSynsets.push({ s, d, heldOut: index++ % 10 === 0 });
}
for (const { s, heldOut } of labelledSynsets) if (!heldOut) for (const f of lemmaFeaturesOf(s)) if (isCollocationFeature(f)) collocations.add(f);
for (const domain of taxonomy.domains) for (const phrase of Object.keys(domain.keywords)) for (const f of featuresOf(phrase.replace(/^=/, ""), EVERY_PAIR)) if (isCollocationFeature(f)) collocations.add(f);
const labelled: LabelledText[] = labelledSynsets.map(({ s, d, heldOut }) => {
  const lemmas = lemmaFeaturesOf(s);
  return { domain: d, features: [...lemmas, ...featuresOf(s.gloss)], lemmaCount: lemmas.length, weight: 1, heldOut };
});
const wordnetCount = labelled.length;
taxonomy.domains.forEach((domain) => {
  const d = subjects.indexOf(domain.name);
  if (d < 0) return;
  labelled.push({ domain: d, features: featuresOf(`${domain.label ?? ""} ${domain.description}`), lemmaCount: 0, weight: DESCRIPTION_WEIGHT, heldOut: false });
  for (const [phrase, weight] of Object.entries(domain.keywords)) {
    const features = featuresOf(phrase.replace(/^=/, ""));
    if (features.length > 0) labelled.push({ domain: d, features, lemmaCount: features.length, weight: KEYWORD_WEIGHT * weight, heldOut: false });
  }
});
console.log(`collocations: ${collocations.size}`);

// ---- Unlabelled corpora --------------------------------------------------------------------------
function jsonl(path: string): Array<Record<string, unknown>> {
  return readFileSync(path, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, unknown>);
}
const corpus: string[] = [];
const str = (x: unknown): string => (typeof x === "string" ? x : "");
for (const r of jsonl(join(sharedData, "dolly-15k/databricks-dolly-15k.jsonl"))) corpus.push(`${str(r.instruction)}\n${str(r.context)}`);
for (const file of ["codegen-instruct.json", "roleplay-simple-deduped-roleplay-instruct.json"]) {
  for (const r of JSON.parse(readFileSync(join(sharedData, "gpteacher", file), "utf8")) as Array<Record<string, unknown>>) {
    corpus.push(`${str(r.instruction)}\n${str(r.input)}`);
  }
}
for (const file of ["seed_tasks.normalized.jsonl", "user_oriented_instructions.normalized.jsonl"]) {
  for (const r of jsonl(join(sharedData, "self-instruct", file))) corpus.push(str(r.instruction));
}
for (const r of jsonl(join(sharedData, "hh-rlhf-harmless-test/harmless-base-test.messages.jsonl"))) {
  const messages = r.messages as Array<{ role: string; content: string }>;
  corpus.push(messages.filter((m) => m.role === "user").map((m) => m.content).join("\n"));
}

const corpusFeatures = corpus.map((text) => featuresOf(text));

// ---- Vocabulary and documents ------------------------------------------------------------------------
const documentCount = new Map<string, number>();
for (const t of labelled) if (!t.heldOut) for (const f of new Set(t.features)) documentCount.set(f, (documentCount.get(f) ?? 0) + 1);
/** A synset's own lemma (a term: "oligopoly", "zygote") is learnt even from its one document. */
const lemmaFeatures = new Set<string>();
for (const t of labelled) if (!t.heldOut) for (let i = 0; i < t.lemmaCount; i++) lemmaFeatures.add(t.features[i]!);
const learnt = [...documentCount].filter(([f, n]) => (n >= MIN_DOCUMENTS || lemmaFeatures.has(f)) && !STOP_FEATURES.has(f)).map(([f]) => f);
// A collocation's words are features too, however rare (the scorer finds the pair through them).
const vocabulary = [...new Set([...learnt, ...learnt.filter(isCollocationFeature).flatMap((f) => f.split(COLLOCATION_JOINER)), ...BRIDGE_FEATURES])].sort();
const featureId = new Map(vocabulary.map((f, i) => [f, i]));
const F = vocabulary.length;

/** A text's model input; stop words (bridge words among them) count in its length but have no weights. */
function sparse(features: readonly string[]): { ids: Int32Array; values: Float64Array } {
  const ids: number[] = [];
  const values: number[] = [];
  for (const [f, v] of featureValues(features)) {
    const id = featureId.get(f);
    if (id !== undefined && !STOP_FEATURES.has(f)) (ids.push(id), values.push(v));
  }
  return { ids: Int32Array.from(ids), values: Float64Array.from(values) };
}

/** Sample weights that move every domain's total towards the mean: (mean / own)^BALANCE. */
function balanced(docs: Array<{ label: number; weight: number; ids: Int32Array; values: Float64Array }>): SparseDoc[] {
  const total = new Float64Array(D);
  for (const d of docs) total[d.label]! += d.weight;
  const mean = total.reduce((a, b) => a + b, 0) / D;
  return docs.map((d) => ({ ...d, weight: d.weight * Math.pow(mean / total[d.label]!, BALANCE) }));
}

const trainTexts = labelled.filter((t) => !t.heldOut);
const heldOut = labelled.filter((t) => t.heldOut).map((t) => ({ label: t.domain, ...sparse(t.features) }));
const baseDocs = trainTexts.map((t) => ({ label: t.domain, weight: t.weight, ...sparse(t.features) }));
console.log(`WordNet: ${synsets.size} synsets, ${wordnetCount} labelled documents (${heldOut.length} held out); vocabulary ${F} features`);
const perDomain = subjects.map((name, d) => `${name} ${trainTexts.filter((t) => t.domain === d).length}`);
console.log(`training documents per domain: ${perDomain.join(", ")}`);

/** The shipped model: quantised weights, the scale, and the fitted temperature. */
interface Model {
  readonly q: Int8Array;
  readonly scale: number;
}
function quantise(w: Float64Array): Model {
  let max = 0;
  for (const v of w) max = Math.max(max, Math.abs(v));
  const scale = max / QUANT_LEVELS;
  const q = new Int8Array(w.length);
  for (let i = 0; i < w.length; i++) {
    const level = Math.round(w[i]! / scale);
    q[i] = Math.abs(level) >= MIN_LEVEL ? level : 0;
  }
  return { q, scale };
}
/**
 * Each feature's weights less their mean over the domains: the softmax over the domains is
 * unchanged, and a logit of 0 now means "no preference", which is what the fixed `general`
 * logit is compared with (Adagrad's per-weight steps do not keep the weights centred).
 */
function centred(w: Float64Array): Float64Array {
  for (let f = 0; f < F; f++) {
    let mean = 0;
    for (let d = 0; d < D; d++) mean += w[f * D + d]! / D;
    for (let d = 0; d < D; d++) w[f * D + d]! -= mean;
  }
  return w;
}

function dequantised(m: Model): Float64Array {
  return Float64Array.from(m.q, (v) => v * m.scale);
}

/** Posterior over subjects + general (last), as the scorer computes it. */
function posterior(w: Float64Array, doc: { ids: Int32Array; values: Float64Array }, temperature: number): Float64Array {
  const z = logitsInto(w, D, doc, new Float64Array(D));
  const all = new Float64Array(D + 1);
  for (let d = 0; d < D; d++) all[d] = z[d]! / temperature;
  all[D] = LEXICON_PARAMETERS.generalScore / temperature;
  return softmaxInPlace(all);
}
const argmax = (p: Float64Array): number => p.reduce((a, x, i) => (x > p[a]! ? i : a), 0);

/** Temperature by likelihood on the held-out documents, their accuracy and mean NLL. */
function calibrate(w: Float64Array): { temperature: number; accuracy: number; nll: number } {
  let temperature = 1;
  let best = Infinity;
  for (let t = 0.25; t <= 4.001; t += 0.05) {
    let nll = 0;
    for (const doc of heldOut) nll -= Math.log(Math.max(1e-12, posterior(w, doc, t)[doc.label]!));
    if (nll < best) [best, temperature] = [nll, Math.round(t * 100) / 100];
  }
  const right = heldOut.filter((doc) => argmax(posterior(w, doc, temperature)) === doc.label).length;
  return { temperature, accuracy: right / heldOut.length, nll: best / heldOut.length };
}

function train(docs: SparseDoc[]): { model: Model; w: Float64Array; temperature: number } {
  const raw = centred(trainLogisticRegression(docs, { features: F, classes: D, ...TRAIN }));
  const model = quantise(raw);
  const w = dequantised(model);
  const fit = calibrate(w);
  console.log(`  held-out WordNet documents: accuracy ${fit.accuracy.toFixed(3)}, NLL ${fit.nll.toFixed(3)}, temperature ${fit.temperature}`);
  return { model, w, temperature: fit.temperature };
}

console.log("WordNet + taxonomy:");
let fitted = train(balanced(baseDocs));

// ---- Self-training on the unlabelled corpora ---------------------------------------------------------
const corpusDocs = corpusFeatures.map(sparse);
for (let round = 0; round < SELF_TRAIN_ROUNDS; round++) {
  const added: Array<{ label: number; weight: number; ids: Int32Array; values: Float64Array }> = [];
  const counts = new Int32Array(D);
  for (const doc of corpusDocs) {
    const p = posterior(fitted.w, doc, fitted.temperature);
    const best = argmax(p);
    if (best === D || p[best]! < SELF_TRAIN_CONFIDENCE) continue;
    counts[best]!++;
    added.push({ label: best, weight: SELF_TRAIN_WEIGHT, ...doc });
  }
  console.log(`self-training round ${round + 1}: ${added.length} of ${corpusDocs.length} rows added (${subjects.map((s, d) => `${s} ${counts[d]}`).join(", ")})`);
  fitted = train(balanced([...baseDocs, ...added]));
}

// ---- Output -----------------------------------------------------------------------------------------
const header = { format: 2, domains: subjects, fallback: taxonomy.fallback, temperature: fitted.temperature, scale: fitted.model.scale, ...LEXICON_PARAMETERS };
const lines = [JSON.stringify(header)];
const rows: string[][] = [];
for (let f = 0; f < F; f++) {
  const entries: string[] = [];
  for (let d = 0; d < D; d++) {
    const level = fitted.model.q[f * D + d]!;
    if (level !== 0) entries.push(`${d}:${level}`);
  }
  rows.push(entries);
}
// A collocation's two words are entries of the table even without weights of their own: the scorer finds pairs by entry.
const parts = new Set<string>(BRIDGE_FEATURES); // and the bridge words, which the scorer must tell from unknown words
for (let f = 0; f < F; f++) if (rows[f]!.length > 0 && isCollocationFeature(vocabulary[f]!)) for (const p of vocabulary[f]!.split(COLLOCATION_JOINER)) parts.add(p);
let pairs = 0;
for (let f = 0; f < F; f++) {
  if (rows[f]!.length > 0 || parts.has(vocabulary[f]!)) (lines.push([vocabulary[f]!, ...rows[f]!].join(" ")), (pairs += rows[f]!.length));
}
const bytes = gzipSync(Buffer.from(lines.join("\n") + "\n", "utf8"), { level: 9 });
writeFileSync(join(outDir, "domain-lexicon.txt.gz"), bytes);
console.log(`domain-lexicon.txt.gz: ${lines.length - 1} features, ${pairs} weights, ${bytes.length} bytes`);

// Licence notice beside the table (read and written so it does not inherit a read-only mode).
writeFileSync(join(outDir, "wordnet-LICENSE"), readFileSync("/usr/share/doc/wordnet-base/copyright"));
