import { readFileSync } from "node:fs";
import { assetPath } from "../../base/assets.js";
import { WordTable } from "../../base/word-table.js";
import { fmix32, fnvRange, fnvString } from "../../base/hashing.js";
import { TokenBuffer, tokenize } from "./text-tokens.js";
import {
  CHAIN_WORDS, COUNTER_WORDS, DEHUMANISING, DIE_WORDS, GROUP_NOUNS, GROUP_PRONOUNS, HATE_WORDS, IDENTITY_GROUPS, INNOCENT_PHRASES,
  INNOCENT_WORDS, INSULT_PHRASES, INSULT_STANDALONE, INSULT_WORDS, LIKE_VERBS, MILD_ONLY, MODALS, MORE_HATE_WORDS,
  MORE_IDENTITY_GROUPS, MORE_VIOLENT_VERBS, NEGATIVE_ATTRIBUTES, NEGATIVE_VERBS, NEGATORS, PAST_WORDS, POSITIVE_PREDICATES, PROFANE_STEMS, QUALITIES,
  REPORT_WORDS, SECOND_PERSON, SEXUAL_ONLY_WHEN_NOT_SWEARING, SEXUAL_WORDS, SLURS, THREAT_OBJECT, THREAT_SUBJECT,
  VIOLENT_PARTICIPLES, VIOLENT_VERBS, WISH_WORDS, WIDER_IDENTITY_GROUPS, HATE_NOUNS,
} from "./vocabulary.js";


/** What a word is, as bits: one table lookup per token answers every rule's question. */
export const WordClass = {
  /** In the `cuss` list (sureness ≥ 1) or the `@2toad/profanity` list. */
  PROFANE: 1 << 0,
  /** In the `@2toad/profanity` list (a curated list of clearly profane words). */
  PROFANITY_LIST: 1 << 1,
  INSULT: 1 << 2,
  SEXUAL: 1 << 3,
  SLUR: 1 << 4,
  SECOND_PERSON: 1 << 5,
  THREAT_SUBJECT: 1 << 6,
  VIOLENT: 1 << 7,
  THREAT_OBJECT: 1 << 8,
  DIE: 1 << 9,
  WISH: 1 << 10,
  HATE: 1 << 11,
  GROUP: 1 << 12,
  DEHUMANISING: 1 << 13,
  INNOCENT: 1 << 14,
  INSULT_STANDALONE: 1 << 15,
  SEXUAL_ONLY_WHEN_NOT_SWEARING: 1 << 16,
  /** First / second word of some pair entry: only such neighbours are looked up as a pair. */
  PAIR_FIRST: 1 << 17,
  PAIR_SECOND: 1 << 18,
  /** In the `cuss` list. */
  CUSS_LIST: 1 << 19,
  /** Group-statement rules (see vocabulary.ts). */
  NEGATOR: 1 << 20,
  CHAIN: 1 << 21,
  MODAL: 1 << 22,
  NEGATIVE_ATTRIBUTE: 1 << 23,
  POSITIVE: 1 << 24,
  VIOLENT_PARTICIPLE: 1 << 25,
  GROUP_NOUN: 1 << 26,
  COUNTER: 1 << 27,
  REPORT: 1 << 28,
  GROUP_PRONOUN: 1 << 29,
  LIKE_VERB: 1 << 30,
  PAST: 1 << 31,
} as const;

/**
 * Classes whose words are worth recovering from a misspelling ("mulsims", "muslms", "h4te"):
 * the words the rules and the insult/slur evidence turn on. Strong profanity counts too.
 */
export const OBFUSCATION_TARGET =
  WordClass.GROUP | WordClass.HATE | WordClass.SLUR | WordClass.VIOLENT | WordClass.NEGATIVE_ATTRIBUTE | WordClass.DEHUMANISING |
  WordClass.DIE | WordClass.INSULT | WordClass.LIKE_VERB;

/** Classes an innocent word keeps (it is never a hit, but may still name a group or start a pair). */
export const INNOCENT_KEEPS = WordClass.PAIR_FIRST | WordClass.PAIR_SECOND | WordClass.GROUP;

/**
 * Classes of the words a run-together token may be split into ("ihate", "killall",
 * "somalisshould", "arevermin"): the words the rules turn on, and the function words their
 * constructions pass through.
 */
const SPLIT_PART =
  OBFUSCATION_TARGET | WordClass.THREAT_SUBJECT | WordClass.SECOND_PERSON | WordClass.NEGATOR | WordClass.CHAIN | WordClass.MODAL |
  WordClass.GROUP_NOUN | WordClass.GROUP_PRONOUN | WordClass.VIOLENT_PARTICIPLE | WordClass.POSITIVE | WordClass.WISH;

/** Classes whose words carry harm by themselves when recovered from an obfuscation. */
export const HARMFUL_TARGET =
  WordClass.HATE | WordClass.SLUR | WordClass.VIOLENT | WordClass.NEGATIVE_ATTRIBUTE | WordClass.DEHUMANISING | WordClass.INSULT;

/** Pair classes (two consecutive tokens). */
export const PairClass = { PROFANE: 1, INSULT: 2, INNOCENT: 4, SLUR: 8 } as const;

export interface WordEntry {
  readonly word: string;
  readonly codes: Uint16Array;
  readonly hash: number;
  flags: number;
  /** Lexicon strength: 0 none, 1 mild (cuss sureness 1), 2 strong (cuss 2 or the profanity list). */
  strength: number;
  /** Listed only by the WordNet-derived lists: never a misspelling or run-together target. */
  derived?: boolean;
}

interface PairEntry {
  readonly first: number;
  readonly second: number;
  flags: number;
}

/** The compiled lexicon file data/toxicity/lexicon.json (see scripts/train-toxicity.ts). */
export interface LexiconFile {
  notice: string;
  /** [word as listed upstream, strength 1|2, source bits: 1 cuss, 2 @2toad/profanity]. */
  entries: Array<[string, number, number]>;
  /**
   * Real English words (CMUdict) that a de-obfuscation rule would otherwise read as a
   * listed word ("weevil" = "we" + "evil", "itch" = "bitch" less a letter): left as they are.
   */
  realWords?: string[];
  /** Rule words derived from WordNet 3.0 by the compile step (scripts/toxicity-wordnet-words.ts). */
  wordnet?: WordNetWordLists;
}

/**
 * Rule words derived from WordNet (see scripts/toxicity-wordnet-words.ts): the senses our own
 * lists name, widened to the other words of those senses. They join the rule classes but are
 * never read through a misspelling or a run-together split (only our own lists are), so a
 * long tail of rare words cannot turn typos into hits.
 */
export interface WordNetWordLists {
  /** Adjectives that degrade whoever they are said of ("… are lazy", "… are deceitful"). */
  negativeTraits: string[];
  /** Plural nouns for bad, stupid or vile people and for vermin ("… are crooks", "… are rodents"). */
  derogatoryNouns: string[];
  /** Violent verbs: base form, third person and -ing ("I will strangle …"). */
  violentVerbs: string[];
  /** Their past participles ("… should be strangled"). */
  violentParticiples: string[];
  /** Verbs and nouns of hatred and contempt ("I detest …", "my contempt for …"). */
  hateWords: string[];
  /** Verbs of disgust that may follow a group directly ("… sicken me"). */
  disgustVerbs: string[];
  /** Adjectives of worth, ability and decency: negated, said of a group, they degrade it ("… are not trustworthy"). */
  positiveTraits: string[];
}

export const LEXICON_ASSET = "toxicity/lexicon.json";

/** Hash of two consecutive token hashes, for the pair table. */
export function pairKey(first: number, second: number): number {
  return fmix32(Math.imul(first, 0x9e3779b1) ^ second);
}

/**
 * The lookup tables of the embedded toxicity classifier: the upstream lexicons (compiled
 * into data/toxicity/lexicon.json) merged with our rule vocabularies, keyed by FNV hash of
 * the canonical token and verified char by char on a hit (no string is built per token).
 */
export class ToxicityLexicon {
  private readonly words = new Map<number, WordEntry[]>();
  /**
   * Every entry by its chars, for the per-token lookup: a WordTable probe on the int32
   * hash, where a Map keyed by the unsigned hash would box most keys as heap numbers.
   */
  private readonly index = new WordTable(4096);
  private readonly indexed: WordEntry[] = [];
  private readonly pairs = new Map<number, PairEntry[]>();
  /** Strong entries by length, for matching masked tokens ("f*ck"). */
  readonly strongByLength: WordEntry[][] = [];
  /** Stems for compounds, as char codes, by their first char (ASCII). */
  readonly stemsByFirst: Array<Uint16Array[] | undefined> = new Array(128);

  constructor(file: LexiconFile) {
    const tokens = new TokenBuffer();
    for (const [raw, strength, source] of file.entries) {
      tokenize(raw, tokens);
      if (tokens.count === 0) continue;
      const parts: string[] = [];
      for (let t = 0; t < tokens.count; t++) parts.push(tokens.tokenText(t));
      const flags = WordClass.PROFANE | (source & 2 ? WordClass.PROFANITY_LIST : 0) | (source & 1 ? WordClass.CUSS_LIST : 0);
      if (parts.length === 2 && parts.every((p) => p.length > 1)) this.addPair(parts[0]!, parts[1]!, PairClass.PROFANE);
      // Spaced or hyphenated entries ("f u c k", "ass-fucker") also match written as one word.
      this.addWord(parts.join(""), flags, strength);
    }
    const mark = (list: readonly string[], flag: number): void => {
      for (const w of list) {
        if (w.includes(" ")) {
          const [a, b] = w.split(" ");
          this.addPair(a!, b!, flag === WordClass.SLUR ? PairClass.SLUR : PairClass.PROFANE);
          this.addWord(w.replace(" ", ""), flag, 0);
        } else this.addWord(w, flag, 0);
      }
    };
    mark(SECOND_PERSON, WordClass.SECOND_PERSON);
    mark(INSULT_WORDS, WordClass.INSULT);
    mark(INSULT_STANDALONE, WordClass.INSULT_STANDALONE);
    mark(THREAT_SUBJECT, WordClass.THREAT_SUBJECT);
    mark(VIOLENT_VERBS, WordClass.VIOLENT);
    mark(THREAT_OBJECT, WordClass.THREAT_OBJECT);
    mark(DIE_WORDS, WordClass.DIE);
    mark(WISH_WORDS, WordClass.WISH);
    mark(HATE_WORDS, WordClass.HATE);
    mark(IDENTITY_GROUPS, WordClass.GROUP);
    mark(DEHUMANISING, WordClass.DEHUMANISING);
    mark(SLURS, WordClass.SLUR);
    mark(SEXUAL_WORDS, WordClass.SEXUAL);
    mark(MORE_IDENTITY_GROUPS, WordClass.GROUP);
    mark(WIDER_IDENTITY_GROUPS, WordClass.GROUP);
    mark(HATE_NOUNS, WordClass.HATE);
    mark(MORE_HATE_WORDS, WordClass.HATE);
    mark(MORE_VIOLENT_VERBS, WordClass.VIOLENT);
    mark(GROUP_NOUNS, WordClass.GROUP_NOUN);
    mark(GROUP_PRONOUNS, WordClass.GROUP_PRONOUN);
    mark(NEGATORS, WordClass.NEGATOR);
    mark(MODALS, WordClass.MODAL);
    mark(CHAIN_WORDS, WordClass.CHAIN);
    mark(NEGATIVE_ATTRIBUTES, WordClass.NEGATIVE_ATTRIBUTE);
    mark(DEHUMANISING, WordClass.NEGATIVE_ATTRIBUTE);
    mark(NEGATIVE_VERBS, WordClass.NEGATIVE_ATTRIBUTE);
    mark(POSITIVE_PREDICATES, WordClass.POSITIVE);
    mark(QUALITIES, WordClass.POSITIVE);
    mark(LIKE_VERBS, WordClass.LIKE_VERB);
    mark(VIOLENT_PARTICIPLES, WordClass.VIOLENT_PARTICIPLE);
    mark(COUNTER_WORDS, WordClass.COUNTER);
    mark(REPORT_WORDS, WordClass.REPORT);
    mark(PAST_WORDS, WordClass.PAST);
    mark(SEXUAL_ONLY_WHEN_NOT_SWEARING, WordClass.SEXUAL_ONLY_WHEN_NOT_SWEARING);
    const wordnet = file.wordnet;
    if (wordnet !== undefined) {
      const derive = (list: readonly string[], flag: number): void => {
        for (const w of list) {
          const known = this.entry(w) !== undefined;
          const e = this.addWord(w, flag, 0);
          if (!known) e.derived = true;
        }
      };
      derive(wordnet.negativeTraits, WordClass.NEGATIVE_ATTRIBUTE);
      derive(wordnet.derogatoryNouns, WordClass.NEGATIVE_ATTRIBUTE | WordClass.DEHUMANISING);
      derive(wordnet.violentVerbs, WordClass.VIOLENT);
      derive(wordnet.violentParticiples, WordClass.VIOLENT_PARTICIPLE);
      derive(wordnet.hateWords, WordClass.HATE);
      derive(wordnet.disgustVerbs, WordClass.NEGATIVE_ATTRIBUTE);
      derive(wordnet.positiveTraits, WordClass.POSITIVE);
    }
    /** Verbs that may follow a group directly (see groupStatements): ours and WordNet's verbs of disgust. */
    for (const w of [...NEGATIVE_VERBS, ...(wordnet?.disgustVerbs ?? [])]) this.negativeVerbHashes.add(fnvString(w));
    for (const w of MILD_ONLY) {
      const e = this.entry(w);
      if (e !== undefined) e.strength = Math.min(e.strength, 1);
    }
    // Innocent words win over everything: they are exactly the false hits to avoid. An
    // innocent identity term ("nigerian") stays a group name for the group rules.
    for (const w of INNOCENT_WORDS) {
      const e = this.addWord(w, WordClass.INNOCENT, 0);
      e.flags = WordClass.INNOCENT | (e.flags & INNOCENT_KEEPS);
      e.strength = 0;
    }
    // Identity terms are neutral on their own, whatever a profanity list says of "gay" or "jew".
    for (const e of this.indexed) if ((e.flags & WordClass.GROUP) !== 0 && (e.flags & WordClass.SLUR) === 0) e.strength = 0;
    for (const [a, b] of INSULT_PHRASES) this.addPair(a, b, PairClass.INSULT);
    for (const [a, b] of INNOCENT_PHRASES) this.addPair(a, b, PairClass.INNOCENT);

    for (const list of this.words.values()) {
      for (const e of list) {
        if (e.strength < 2 || (e.flags & WordClass.PROFANE) === 0 || e.codes.length < 3) continue;
        (this.strongByLength[e.codes.length] ??= []).push(e);
      }
    }
    // Deterministic preference when a mask fits several words ("f*ck": fuck, feck): words both
    // lists carry first (the common ones), then alphabetical.
    const lists = (e: WordEntry): number => ((e.flags & WordClass.PROFANITY_LIST) !== 0 ? 1 : 0) + ((e.flags & WordClass.CUSS_LIST) !== 0 ? 1 : 0);
    for (const bucket of this.strongByLength) {
      bucket?.sort((x, y) => lists(y) - lists(x) || (x.word < y.word ? -1 : x.word > y.word ? 1 : 0));
    }
    for (const stem of PROFANE_STEMS) (this.stemsByFirst[stem.charCodeAt(0)] ??= []).push(Uint16Array.from(stem, (ch) => ch.charCodeAt(0)));
    this.realWords = new Set(file.realWords ?? []);
    for (const [variant, target] of misspellingVariants(this.indexed)) {
      if (this.realWords.has(variant) || this.index.getString(variant) >= 0 || this.variantIndex.getString(variant) >= 0) continue;
      this.variantIndex.setString(variant, this.variantTargets.length);
      this.variantTargets.push(target);
    }
  }

  /** Hashes of the negative verbs, which may follow a group directly ("… ruin everything", "… sicken me"). */
  readonly negativeVerbHashes = new Set<number>();

  /** Words never read as a misspelling or a run-together pair (see LexiconFile.realWords). */
  readonly realWords: Set<string>;
  /** Misspellings of obfuscation targets (one swap of adjacent letters, one letter left out) → target. */
  private readonly variantIndex = new WordTable(4096);
  private readonly variantTargets: WordEntry[] = [];

  /** The word chars[start, end) misspells (see misspellingVariants), if any. */
  lookupMisspelling(chars: Uint16Array, start: number, end: number, hash: number): WordEntry | undefined {
    const i = this.variantIndex.get(chars, start, end - start, hash | 0);
    return i < 0 ? undefined : this.variantTargets[i];
  }

  /**
   * The two listed words chars[start, end) runs together ("ihate", "killall",
   * "somalisshould", "arevermin"; see isRunTogetherPair), if any: the split with the longest
   * first part.
   */
  lookupRunTogether(chars: Uint16Array, start: number, end: number): [WordEntry, WordEntry] | undefined {
    for (let cut = end - 2; cut > start; cut--) {
      const first = this.lookup(chars, start, cut, fnvRange(chars, start, cut));
      if (first === undefined || !isSplitPart(first)) continue;
      const second = this.lookup(chars, cut, end, fnvRange(chars, cut, end));
      if (second !== undefined && isSplitPart(second) && isRunTogetherPair(first, second)) return [first, second];
    }
    return undefined;
  }

  private addWord(word: string, flags: number, strength: number): WordEntry {
    const hash = fnvString(word);
    let list = this.words.get(hash);
    if (!list) this.words.set(hash, (list = []));
    let e = list.find((x) => x.word === word);
    if (!e) {
      e = { word, codes: Uint16Array.from(word, (ch) => ch.charCodeAt(0)), hash, flags: 0, strength: 0 };
      list.push(e);
      this.index.setString(word, this.indexed.length);
      this.indexed.push(e);
    }
    e.flags |= flags;
    e.strength = Math.max(e.strength, strength);
    return e;
  }

  private addPair(a: string, b: string, flags: number): void {
    this.addWord(a, WordClass.PAIR_FIRST, 0);
    this.addWord(b, WordClass.PAIR_SECOND, 0);
    const first = fnvString(a);
    const second = fnvString(b);
    const key = pairKey(first, second);
    let list = this.pairs.get(key);
    if (!list) this.pairs.set(key, (list = []));
    const e = list.find((x) => x.first === first && x.second === second);
    if (e) e.flags |= flags;
    else list.push({ first, second, flags });
  }

  /** The entry for chars[start, end) whose FNV hash is `hash`, if any. */
  lookup(chars: Uint16Array, start: number, end: number, hash: number): WordEntry | undefined {
    const i = this.index.get(chars, start, end - start, hash | 0);
    return i < 0 ? undefined : this.indexed[i];
  }

  /** Whether chars[a, b) contains a strong profane stem ("fuckface", "bitchass"). */
  containsStem(chars: Uint16Array, a: number, b: number): boolean {
    for (let p = a; p < b; p++) {
      const c = chars[p]!;
      const stems = c < 128 ? this.stemsByFirst[c] : undefined;
      if (stems === undefined) continue;
      for (const stem of stems) {
        if (p + stem.length > b) continue;
        let k = 1;
        while (k < stem.length && chars[p + k] === stem[k]) k++;
        if (k === stem.length) return true;
      }
    }
    return false;
  }

  /** Pair classes of two consecutive tokens given their hashes (0 when none). */
  pairFlags(first: number, second: number): number {
    const list = this.pairs.get(pairKey(first, second));
    if (list === undefined) return 0;
    for (const e of list) if (e.first === first && e.second === second) return e.flags;
    return 0;
  }

  /** Every entry (tools). */
  entries(): readonly WordEntry[] {
    return this.indexed;
  }

  /** Entry by plain word (tests and tools). */
  entry(word: string): WordEntry | undefined {
    const codes = Uint16Array.from(word, (ch) => ch.charCodeAt(0));
    return this.lookup(codes, 0, codes.length, fnvString(word));
  }
}

function isSplitPart(e: WordEntry): boolean {
  if ((e.flags & WordClass.INNOCENT) !== 0 || e.derived === true) return false;
  return (e.flags & SPLIT_PART) !== 0 || e.strength === 2;
}

/** Rule words a run-together pair must hold one of: what the constructions turn on. */
const SPLIT_CONTENT = OBFUSCATION_TARGET | WordClass.VIOLENT_PARTICIPLE | WordClass.POSITIVE;

/**
 * Whether two listed words may be read run together: one of them a rule word (a group,
 * hate, violent, negative or positive word) or strong profanity, both of three letters or
 * more; a two-letter function word ("be", "to", "am") only beside a rule word, not beside
 * profanity alone ("assam" is a place); a leading "i" only before a hate, violent or like verb
 * ("ihate").
 */
function isRunTogetherPair(a: WordEntry, b: WordEntry): boolean {
  const ruleA = (a.flags & SPLIT_CONTENT) !== 0;
  const ruleB = (b.flags & SPLIT_CONTENT) !== 0;
  if (!ruleA && !ruleB && a.strength < 2 && b.strength < 2) return false;
  if (a.word === "i") return (b.flags & (WordClass.HATE | WordClass.VIOLENT | WordClass.LIKE_VERB | WordClass.DIE)) !== 0;
  const shortA = a.word.length < 3;
  const shortB = b.word.length < 3;
  if (shortA && shortB) return false;
  if (shortA) return ruleB;
  if (shortB) return ruleA;
  return true;
}

/**
 * Classes whose words are read through a misspelling: the obfuscation targets, and the
 * words a hateful construction turns on besides them ("… should be kiled", "… are not humna").
 */
const MISSPELLING_TARGET = OBFUSCATION_TARGET | WordClass.VIOLENT_PARTICIPLE | WordClass.POSITIVE;

function isObfuscationTarget(e: WordEntry): boolean {
  return (e.flags & WordClass.INNOCENT) === 0 && e.derived !== true && ((e.flags & MISSPELLING_TARGET) !== 0 || (e.strength === 2 && (e.flags & WordClass.PROFANITY_LIST) !== 0));
}

/**
 * Misspellings of every obfuscation target of four letters or more: each swap of two
 * adjacent letters ("mulsims"), and for five letters or more each single letter left out
 * ("muslms"; for four-letter hate and violence verbs an inner letter). The first target
 * listed wins a variant two targets share.
 */
export function misspellingVariants(entries: readonly WordEntry[]): Array<[string, WordEntry]> {
  const out: Array<[string, WordEntry]> = [];
  const targets = entries.filter((e) => e.word.length >= 4 && /^[a-z]+$/.test(e.word) && isObfuscationTarget(e));
  for (const e of targets) {
    const w = e.word;
    for (let i = 0; i + 1 < w.length; i++) {
      if (w[i] === w[i + 1]) continue;
      out.push([w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2), e]);
    }
    if (w.length >= 5) for (let i = 0; i < w.length; i++) if (i === 0 || w[i] !== w[i - 1]) out.push([w.slice(0, i) + w.slice(i + 1), e]);
    // Four-letter hate and violence verbs ("hte", "kil"): an inner letter left out only, and
    // never for profanity, whose three-letter remnants are abbreviations ("cnt").
    if (w.length === 4 && (e.flags & (WordClass.HATE | WordClass.VIOLENT)) !== 0 && e.strength === 0) {
      for (const i of [1, 2]) if (w[i] !== w[i - 1]) out.push([w.slice(0, i) + w.slice(i + 1), e]);
    }
  }
  return out;
}

/**
 * The strings a de-obfuscation rule could read as listed words — misspelling variants and
 * run-together pairs — that `isRealWord` accepts (for the compile script, which keeps the
 * real words among them out of de-obfuscation).
 */
export function deobfuscationCandidates(lexicon: ToxicityLexicon, isRealWord: (word: string) => boolean): Set<string> {
  const out = new Set<string>();
  const entries = lexicon.entries();
  for (const [v] of misspellingVariants(entries)) if (isRealWord(v)) out.add(v);
  const parts = entries.filter((e) => /^[a-z]+$/.test(e.word) && isSplitPart(e));
  for (const a of parts) {
    for (const b of parts) {
      const w = a.word + b.word;
      if (w.length >= 5 && isRunTogetherPair(a, b) && isRealWord(w)) out.add(w);
    }
  }
  return out;
}

let shared: ToxicityLexicon | undefined;

/** The shipped lexicon, loaded once per process. */
export function loadToxicityLexicon(): ToxicityLexicon {
  shared ??= new ToxicityLexicon(JSON.parse(readFileSync(assetPath(LEXICON_ASSET), "utf8")) as LexiconFile);
  return shared;
}
