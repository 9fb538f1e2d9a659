import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { seededRandom } from "../src/base/seeded-random.js";

/**
 * A deterministic synthetic SFT corpus: rows in the card's layout (`instruction`/`response`
 * pairs, and a share of `conversation.messages` rows), with text built from topic word
 * lists and sentence frames. Not meant to read well — meant to have the length spread,
 * vocabulary spread and shape of a real instruction dataset, so that benchmarks measure
 * realistic byte and row volumes. Same options ⇒ byte-identical output.
 */

/** Options of the generator. */
export interface CorpusOptions {
  /** Number of rows. */
  rows: number;
  /** PRNG seed (default 42). */
  seed?: number;
  /** Share of rows that are multi-turn conversations (default 0.15). */
  multiTurnShare?: number;
}


interface Topic {
  name: string;
  nouns: string[];
  verbs: string[];
  adjectives: string[];
}

// Word lists written for this benchmark: a few topics, each with its own nouns, verbs and
// adjectives, so the corpus has a realistic mix of shared and topic-specific vocabulary.
const TOPICS: Topic[] = [
  {
    name: "coding",
    nouns: ["function", "array", "compiler", "thread", "cache", "query", "index", "closure", "pointer", "module", "test suite", "parser", "stack trace", "API", "database", "loop", "interface", "refactor", "benchmark", "dependency"],
    verbs: ["compiles", "allocates", "returns", "iterates over", "serialises", "caches", "parses", "refactors", "locks", "indexes"],
    adjectives: ["recursive", "asynchronous", "immutable", "generic", "concurrent", "typed", "lazy", "idempotent", "stateless", "deprecated"],
  },
  {
    name: "science",
    nouns: ["molecule", "electron", "photon", "reaction", "enzyme", "gravity", "orbit", "catalyst", "wavelength", "isotope", "membrane", "hypothesis", "sample", "spectrum", "cell"],
    verbs: ["absorbs", "emits", "binds to", "accelerates", "measures", "decays into", "reflects", "oxidises", "stabilises", "observes"],
    adjectives: ["thermal", "magnetic", "organic", "quantum", "radioactive", "cellular", "dense", "volatile", "elastic", "inert"],
  },
  {
    name: "finance",
    nouns: ["portfolio", "interest rate", "bond", "dividend", "budget", "mortgage", "index fund", "inflation", "balance sheet", "cash flow", "tax return", "pension", "invoice", "loan", "margin"],
    verbs: ["yields", "compounds", "offsets", "diversifies", "hedges", "audits", "depreciates", "funds", "allocates", "reports"],
    adjectives: ["fixed", "variable", "annual", "liquid", "taxable", "quarterly", "leveraged", "diversified", "net", "gross"],
  },
  {
    name: "health",
    nouns: ["vitamin", "muscle", "sleep", "blood pressure", "diet", "vaccine", "symptom", "heart rate", "posture", "hydration", "fibre", "tendon", "immune system", "dose", "therapy"],
    verbs: ["strengthens", "reduces", "improves", "supports", "relieves", "triggers", "regulates", "prevents", "restores", "lowers"],
    adjectives: ["chronic", "mild", "balanced", "aerobic", "daily", "gentle", "acute", "healthy", "moderate", "clinical"],
  },
  {
    name: "history",
    nouns: ["empire", "treaty", "revolution", "dynasty", "parliament", "trade route", "colony", "manuscript", "battle", "reform", "monarch", "republic", "guild", "census", "archive"],
    verbs: ["founded", "abolished", "conquered", "negotiated", "documented", "inherited", "expanded", "reformed", "chronicled", "defended"],
    adjectives: ["medieval", "ancient", "colonial", "industrial", "imperial", "feudal", "maritime", "classical", "early", "postwar"],
  },
  {
    name: "cooking",
    nouns: ["sauce", "dough", "onion", "broth", "skillet", "oven", "spice", "marinade", "pastry", "garlic", "lentil", "risotto", "custard", "glaze", "stock"],
    verbs: ["simmers", "bakes", "seasons", "whisks", "roasts", "folds", "reduces", "caramelises", "chills", "braises"],
    adjectives: ["crisp", "tender", "savoury", "smoky", "creamy", "tangy", "golden", "hearty", "fresh", "spicy"],
  },
  {
    name: "travel",
    nouns: ["itinerary", "passport", "hostel", "railway", "ferry", "museum", "visa", "luggage", "coastline", "guidebook", "market", "border", "airport", "trail", "village"],
    verbs: ["visits", "crosses", "books", "explores", "packs", "reaches", "recommends", "connects", "hikes", "tours"],
    adjectives: ["scenic", "remote", "crowded", "affordable", "coastal", "historic", "quiet", "seasonal", "overnight", "rural"],
  },
  {
    name: "law",
    nouns: ["contract", "tenant", "statute", "clause", "liability", "court", "appeal", "warranty", "patent", "employer", "deposit", "plaintiff", "license", "regulation", "jurisdiction"],
    verbs: ["requires", "prohibits", "enforces", "waives", "terminates", "grants", "interprets", "binds", "amends", "disputes"],
    adjectives: ["binding", "statutory", "civil", "criminal", "contractual", "federal", "enforceable", "implied", "lawful", "void"],
  },
];

const COMMON_NOUNS = ["system", "process", "result", "example", "approach", "question", "method", "problem", "difference", "reason", "step", "effect", "rule", "choice", "pattern"];
const CONNECTORS = ["In practice,", "For example,", "As a rule,", "However,", "In most cases,", "Because of this,", "On the other hand,", "Importantly,", "Over time,", "To be precise,"];
const PREPOSITIONS = ["with", "for", "in", "under", "across", "through", "without", "between", "after", "before"];
const DETERMINERS = ["the", "a", "each", "every", "this", "that", "any", "one"];
const INSTRUCTION_FRAMES = [
  "Explain how {a} {n1} {v} {d} {n2}.",
  "What is the difference between {a} {n1} and {a2} {n2}?",
  "Write a short guide on choosing {a} {n1} for {d} {n2}.",
  "Why does {d} {n1} matter when working with {n2}?",
  "Give three tips for handling {a} {n1}.",
  "Summarise the main ideas behind {a} {n1} and {n2}.",
  "How would you describe {d} {n1} to a beginner?",
  "List the steps to set up {a} {n1} that {v} {d} {n2}.",
];

/** Draws from a log-normal distribution with the given median, clamped to [min, max]. */
function logNormal(rand: () => number, median: number, sigma: number, min: number, max: number): number {
  // Box–Muller: one standard normal from two uniforms (1 - u keeps log away from 0).
  const u = 1 - rand();
  const v = rand();
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  const x = median * Math.exp(sigma * z);
  return Math.max(min, Math.min(max, Math.round(x)));
}

/** The row generator: one closure holding the PRNG so rows come out in a fixed sequence. */
export class CorpusRows {
  private readonly rand: () => number;
  private readonly multiTurnShare: number;

  constructor(seed = 42, multiTurnShare = 0.15) {
    this.rand = seededRandom(seed);
    this.multiTurnShare = multiTurnShare;
  }

  private pick<T>(list: ReadonlyArray<T>): T {
    return list[Math.floor(this.rand() * list.length)]!;
  }

  private sentence(topic: Topic): string {
    const r = this.rand;
    const n1 = r() < 0.8 ? this.pick(topic.nouns) : this.pick(COMMON_NOUNS);
    const n2 = this.pick(topic.nouns);
    const det = this.pick(DETERMINERS);
    let s = `${det} ${this.pick(topic.adjectives)} ${n1} ${this.pick(topic.verbs)} ${this.pick(DETERMINERS)} ${n2}`;
    if (r() < 0.6) s += ` ${this.pick(PREPOSITIONS)} ${this.pick(DETERMINERS)} ${this.pick(topic.adjectives)} ${this.pick(topic.nouns)}`;
    if (r() < 0.25) s = `${this.pick(CONNECTORS)} ${s}`;
    return s[0]!.toUpperCase() + s.slice(1) + (r() < 0.05 ? "!" : ".");
  }

  /** Text of about `chars` characters: sentences, with a paragraph break now and then. */
  private text(topic: Topic, chars: number): string {
    let out = "";
    let sinceBreak = 0;
    while (out.length < chars) {
      if (out) {
        if (sinceBreak >= 4 && this.rand() < 0.3) {
          out += "\n\n";
          sinceBreak = 0;
        } else out += " ";
      }
      out += this.sentence(topic);
      sinceBreak++;
    }
    return out;
  }

  private instruction(topic: Topic, chars: number): string {
    const frame = this.pick(INSTRUCTION_FRAMES);
    let s = frame
      .replace("{a2}", this.pick(topic.adjectives))
      .replace("{a}", this.pick(topic.adjectives))
      .replace("{n1}", this.pick(topic.nouns))
      .replace("{n2}", this.pick(topic.nouns))
      .replace("{v}", this.pick(topic.verbs))
      .replace("{d}", this.pick(DETERMINERS));
    s = s[0]!.toUpperCase() + s.slice(1);
    // Longer instructions carry context before the question.
    if (s.length < chars) s = `${this.text(topic, chars - s.length)} ${s}`;
    return s;
  }

  /** The next row as a plain object in the card's layout. */
  next(): Record<string, unknown> {
    const topic = this.pick(TOPICS);
    if (this.rand() < this.multiTurnShare) {
      const exchanges = 1 + Math.floor(this.rand() * 3);
      const messages: { role: string; content: string }[] = [];
      for (let i = 0; i < exchanges; i++) {
        messages.push({ role: "user", content: this.instruction(topic, logNormal(this.rand, 90, 0.5, 30, 400)) });
        messages.push({ role: "assistant", content: this.text(topic, logNormal(this.rand, 450, 0.7, 60, 2500)) });
      }
      return { conversation: { messages } };
    }
    // Instruction ~60–300 chars (median ~120); response ~100–3000 chars (median ~600).
    const instruction = this.instruction(topic, logNormal(this.rand, 120, 0.45, 25, 600));
    const response = this.text(topic, logNormal(this.rand, 600, 0.75, 60, 6000));
    return { instruction, response };
  }
}

/** The corpus as JSON Lines text, in chunks of about `chunkRows` rows (constant memory). */
export function* corpusJsonl(options: CorpusOptions, chunkRows = 2000): Generator<string> {
  const rows = new CorpusRows(options.seed ?? 42, options.multiTurnShare ?? 0.15);
  let chunk = "";
  let inChunk = 0;
  for (let i = 0; i < options.rows; i++) {
    chunk += JSON.stringify(rows.next()) + "\n";
    if (++inChunk === chunkRows) {
      yield chunk;
      chunk = "";
      inChunk = 0;
    }
  }
  if (chunk) yield chunk;
}

/** Write the corpus to a JSONL file, honouring the file stream's back-pressure. Returns bytes written. */
export async function writeCorpus(path: string, options: CorpusOptions): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  for (const chunk of corpusJsonl(options)) {
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return bytes;
}
