/**
 * A reader for the WordNet 3.0 database files (Debian `wordnet-base`: data.noun, data.verb,
 * data.adj, data.adv, index.*, verb.exc, noun.exc), enough for compile scripts that derive
 * word lists and labels from synsets and their relations. Nothing of WordNet ships unless a script writes it, with
 * the WordNet licence beside it.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export type WordNetPos = "n" | "v" | "a" | "r";

export interface Synset {
  /** "n:01234567": part of speech and byte offset in its data file. */
  id: string;
  pos: WordNetPos;
  /** Lexicographer file number (05 noun.animal, 18 noun.person, 35 verb.contact, …). */
  lexFile: number;
  /** Satellite adjective (ss_type "s"). */
  satellite: boolean;
  /** Lemmas, lower case, spaces for underscores, adjective markers such as "(p)" dropped. */
  words: string[];
  /** [pointer symbol, target id] ("@" hypernym, "~" hyponym, "&" similar to, ";u" usage domain, …). */
  pointers: Array<[string, string]>;
  gloss: string;
  /** Tagged-corpus count of each lemma in this sense (cntlist.rev; 0 when untagged), parallel to `words`. */
  counts: number[];
}

/** The database file of each part of speech, in the order they are read (synsets keep that order). */
const POS_FILE: Record<WordNetPos, string> = { n: "noun", v: "verb", a: "adj", r: "adv" };

export class WordNetDatabase {
  readonly synsets = new Map<string, Synset>();
  /** lemma → synset ids in WordNet's sense order (most frequent sense first), per part of speech. */
  private readonly senses = { n: new Map<string, string[]>(), v: new Map<string, string[]>(), a: new Map<string, string[]>(), r: new Map<string, string[]>() };
  /** Irregular inflections: base → inflected forms (verb.exc, noun.exc). */
  readonly irregular = { n: new Map<string, string[]>(), v: new Map<string, string[]>() };

  /** Sum of `counts` of each lemma over every sense of the parts of speech read. */
  private readonly lemmaCounts = new Map<string, number>();

  /**
   * @param dir the folder of the database files.
   * @param parts the parts of speech to read (default nouns, verbs and adjectives); the
   *   lemma counts that dominantSenseIn weighs are summed over these.
   */
  constructor(
    readonly dir: string,
    readonly parts: readonly WordNetPos[] = ["n", "v", "a"],
  ) {
    if (!existsSync(join(dir, "data.noun"))) throw new Error(`no WordNet database in ${dir} (install the Debian package wordnet-base, or name the folder)`);
    // Sense keys "lemma%ss_type:lex_filenum:lex_id:head:head_id", counted without the head part.
    const senseCounts = new Map<string, number>();
    const cntlist = join(dir, "cntlist.rev");
    if (existsSync(cntlist)) {
      for (const line of readFileSync(cntlist, "latin1").split("\n")) {
        const [key, , count] = line.split(" ");
        if (key === undefined || count === undefined) continue;
        const short = key.split(":").slice(0, 3).join(":");
        senseCounts.set(short, (senseCounts.get(short) ?? 0) + Number(count));
      }
    }
    for (const pos of (Object.keys(POS_FILE) as WordNetPos[]).filter((p) => parts.includes(p))) {
      const file = POS_FILE[pos];
      for (const line of readFileSync(join(dir, `data.${file}`), "latin1").split("\n")) {
        if (line === "" || line.startsWith(" ")) continue;
        const bar = line.indexOf(" | ");
        const f = (bar < 0 ? line : line.slice(0, bar)).trim().split(" ");
        const wordCount = parseInt(f[3]!, 16);
        const words: string[] = [];
        const counts: number[] = [];
        const ssType = { n: 1, v: 2, a: f[2] === "s" ? 5 : 3, r: 4 }[pos];
        for (let i = 0; i < wordCount; i++) {
          const raw = f[4 + 2 * i]!.replace(/\(.*\)$/, "");
          const lexId = parseInt(f[5 + 2 * i]!, 16);
          const count = senseCounts.get(`${raw.toLowerCase()}%${ssType}:${f[1]}:${String(lexId).padStart(2, "0")}`) ?? 0;
          const word = raw.replaceAll("_", " ").toLowerCase();
          words.push(word);
          counts.push(count);
          this.lemmaCounts.set(word, (this.lemmaCounts.get(word) ?? 0) + count);
        }
        let at = 4 + 2 * wordCount;
        const pointerCount = Number(f[at++]);
        const pointers: Array<[string, string]> = [];
        for (let i = 0; i < pointerCount; i++, at += 4) {
          const targetPos = f[at + 2] === "s" ? "a" : (f[at + 2] as WordNetPos);
          pointers.push([f[at]!, `${targetPos}:${f[at + 1]}`]);
        }
        const id = `${pos}:${f[0]}`;
        this.synsets.set(id, { id, pos, lexFile: Number(f[1]), satellite: f[2] === "s", words, pointers, gloss: bar < 0 ? "" : line.slice(bar + 3), counts });
      }
      for (const line of readFileSync(join(dir, `index.${file}`), "latin1").split("\n")) {
        if (line === "" || line.startsWith(" ")) continue;
        const f = line.trim().split(" ");
        const synsetCount = Number(f[2]);
        this.senses[pos].set(f[0]!.replaceAll("_", " "), f.slice(f.length - synsetCount).map((o) => `${pos}:${o}`));
      }
    }
    for (const pos of ["n", "v"] as const) {
      const file = join(dir, `${pos === "n" ? "noun" : "verb"}.exc`);
      if (!existsSync(file)) continue;
      for (const line of readFileSync(file, "latin1").split("\n")) {
        const [inflected, base] = line.split(" ");
        if (inflected === undefined || base === undefined) continue;
        const list = this.irregular[pos].get(base) ?? [];
        list.push(inflected);
        this.irregular[pos].set(base, list);
      }
    }
  }

  /** Synset ids of `lemma` as `pos`, most frequent sense first. */
  sensesOf(lemma: string, pos: WordNetPos): string[] {
    return this.senses[pos].get(lemma) ?? [];
  }

  /**
   * Whether `lemma` mostly means one of `synsets`: its most frequent sense as `pos` is one of
   * them, and in the tagged corpus (cntlist) those senses carry at least half of the lemma's
   * uses over every part of speech read ("beat" as defeat, "charge" as a fee, "fire" as dismiss
   * fail). Untagged lemmas (rare words) pass on the first condition alone.
   */
  dominantSenseIn(lemma: string, pos: WordNetPos, synsets: ReadonlySet<string>): boolean {
    const first = this.sensesOf(lemma, pos)[0];
    if (first === undefined || !synsets.has(first)) return false;
    const total = this.lemmaCounts.get(lemma) ?? 0;
    if (total === 0) return true;
    let inside = 0;
    for (const id of synsets) {
      const syn = this.synsets.get(id)!;
      const i = syn.words.indexOf(lemma);
      if (i >= 0) inside += syn.counts[i]!;
    }
    return 2 * inside >= total;
  }

  /** `roots` and every synset reached from them through pointers with one of `symbols`, breadth first. */
  closure(roots: Iterable<string>, symbols: readonly string[], maxDepth = Infinity): Set<string> {
    const seen = new Set<string>();
    let frontier = [...roots].filter((r) => this.synsets.has(r));
    for (const r of frontier) seen.add(r);
    for (let depth = 0; depth < maxDepth && frontier.length > 0; depth++) {
      const next: string[] = [];
      for (const id of frontier) {
        for (const [symbol, target] of this.synsets.get(id)!.pointers) {
          if (!symbols.includes(symbol) || seen.has(target)) continue;
          seen.add(target);
          next.push(target);
        }
      }
      frontier = next;
    }
    return seen;
  }

  /** The first-sense synset of each seed lemma that WordNet lists as `pos`. */
  firstSenses(seeds: readonly string[], pos: WordNetPos): string[] {
    const out: string[] = [];
    for (const s of seeds) {
      const first = this.sensesOf(s, pos)[0];
      if (first !== undefined) out.push(first);
    }
    return out;
  }
}
