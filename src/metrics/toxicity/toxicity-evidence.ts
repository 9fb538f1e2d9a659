import { fnvRange } from "../../base/hashing.js";
import { HARMFUL_TARGET, INNOCENT_KEEPS, OBFUSCATION_TARGET, PairClass, ToxicityLexicon, WordClass, type WordEntry } from "./lexicon.js";
import { MASK_CHAR, TOKEN_HAS_DIGIT, TOKEN_LEET, TOKEN_MASKED, TOKEN_REPEATED, TOKEN_SPACED, TokenBuffer } from "./text-tokens.js";
import type { ToxicityWordCache } from "./word-cache.js";
import { groupStatements } from "./group-statements.js";
import { anyIn, insultAimedAt, isWord, wordHashAt } from "./token-scan.js";

/** The categories `toxicity_labels` can hold (see docs/scorers.md, Toxicity). */
export const TOXICITY_LABELS = ["profanity", "insult", "threat", "identity_attack", "sexual", "obfuscated"] as const;
export type ToxicityLabel = (typeof TOXICITY_LABELS)[number];

/** Evidence counts of one text; the combiner turns them (and the model logit) into a probability. */
export interface EvidenceCounts {
  /** Profane words (either lexicon) that are not insults or slurs, strength 2. */
  strong: number;
  /** Profane words of strength 1 (cuss "maybe"). */
  mild: number;
  /** Insults aimed at a person ("you idiot", "you are a …", "shut up"). */
  insultAimed: number;
  /** Insult words with no target in sight. */
  insultWords: number;
  threat: number;
  identity: number;
  sexual: number;
  /** Lexicon hits found only through de-obfuscation (leetspeak, masks, spacing, repeats, misspellings). */
  obfuscated: number;
  /**
   * Hateful statements about an identity group: "<group> are <negative attribute>", "<group>
   * are not <positive predicate>", "I hate <group>", "I don't trust <group>", "<group> should
   * be <violent participle>" (see groupStatements).
   */
  groupHate: number;
  /** Hateful constructions under a negator ("I don't hate …", "… are not vermin", "I will never hurt you"). */
  negated: number;
  /** Group constructions in a text that reports them to condemn them (counter-speech). */
  counter: number;
  /**
   * Group mentions that no construction decided but that share their clause with a
   * negative, hateful or violent word ("Hiring … is the fastest way to ruin a company"):
   * weaker evidence, whose weight the combiner learns from the labelled sources.
   */
  groupNegative: number;
}

export function emptyEvidence(): EvidenceCounts {
  return { strong: 0, mild: 0, insultAimed: 0, insultWords: 0, threat: 0, identity: 0, sexual: 0, obfuscated: 0, groupHate: 0, negated: 0, counter: 0, groupNegative: 0 };
}

export const INNOCENT_PAIR = 2;

/** Digits read as letters ("sh1t", "a55", "n1gg3r"); 0 = not a leet digit. */
function leetDigit(c: number): number {
  switch (c) {
    case 48: return 111; // 0 → o
    case 49: return 105; // 1 → i
    case 51: return 101; // 3 → e
    case 52: return 97; // 4 → a
    case 53: return 115; // 5 → s
    case 55: return 116; // 7 → t
    case 56: return 98; // 8 → b
    case 57: return 103; // 9 → g
    default: return 0;
  }
}

/**
 * Per-text analysis state: which lexicon entry each token resolved to (possibly through
 * de-obfuscation), its word classes, and the evidence counts. Reused across texts.
 */
export class EvidenceScratch {
  /** Word classes of each token (0 when unknown or innocent). */
  classes = new Int32Array(128);
  /** Hash of the word a token resolved to when it differs from the token (0 = none). */
  resolved = new Uint32Array(128);
  /**
   * 1 when the token is an innocent word (the features skip its character n-grams),
   * INNOCENT_PAIR when it is part of an innocent name ("Moby Dick": only the pair is hashed).
   */
  innocent = new Uint8Array(128);
  /** Lexicon strength each token resolved to (0 none, 1 mild, 2 strong). */
  strengths = new Uint8Array(128);
  /** The entry a token resolved to when it differs from the token (for its character n-grams). */
  resolvedEntry: Array<WordEntry | undefined> = [];
  /** Each token's ToxicityWordCache entry when it is a plain word, else -1. */
  wordId = new Int32Array(128);
  /** Extra resolved words that span several tokens (kept empty: spaced-out words are joined into one token). */
  spanWords: WordEntry[] = [];
  /** 1 when a token is in a negator's scope (the next three words of the same clause). */
  negScope = new Uint8Array(128);
  evidence: EvidenceCounts = emptyEvidence();
  private variant = new Uint16Array(64);

  ensure(n: number): void {
    if (n <= this.classes.length) return;
    const size = Math.max(n, this.classes.length * 2);
    this.classes = new Int32Array(size);
    this.resolved = new Uint32Array(size);
    this.innocent = new Uint8Array(size);
    this.strengths = new Uint8Array(size);
    this.wordId = new Int32Array(size);
    this.negScope = new Uint8Array(size);
  }

  variantBuffer(n: number): Uint16Array {
    if (n > this.variant.length) this.variant = new Uint16Array(Math.max(n, this.variant.length * 2));
    return this.variant;
  }
}

/** Lexicon entry for a token written with digits for letters. */
function lookupLeetDigits(lex: ToxicityLexicon, tokens: TokenBuffer, t: number, s: EvidenceScratch): WordEntry | undefined {
  const a = tokens.start[t]!;
  const b = tokens.end[t]!;
  const v = s.variantBuffer(b - a);
  for (let k = a; k < b; k++) {
    const c = tokens.chars[k]!;
    const l = leetDigit(c);
    v[k - a] = l === 0 ? c : l;
  }
  return lex.lookup(v, 0, b - a, fnvRange(v, 0, b - a));
}

/** Lexicon entry for a token with stretched letters, every double letter cut to one ("fuuck"). */
function lookupCollapsed(lex: ToxicityLexicon, tokens: TokenBuffer, t: number, s: EvidenceScratch): WordEntry | undefined {
  const a = tokens.start[t]!;
  const b = tokens.end[t]!;
  const v = s.variantBuffer(b - a);
  let n = 0;
  for (let k = a; k < b; k++) {
    const c = tokens.chars[k]!;
    if (n > 0 && v[n - 1] === c) continue;
    v[n++] = c;
  }
  return lex.lookup(v, 0, n, fnvRange(v, 0, n));
}

/** A strong entry a masked token ("f*ck", "sh**") fits: same length, visible letters agree. */
function lookupMasked(lex: ToxicityLexicon, tokens: TokenBuffer, t: number): WordEntry | undefined {
  const a = tokens.start[t]!;
  const len = tokens.end[t]! - a;
  const bucket = lex.strongByLength[len];
  if (bucket === undefined) return undefined;
  let visible = 0;
  for (let k = 0; k < len; k++) if (tokens.chars[a + k] !== MASK_CHAR) visible++;
  // "f**" or "***k" is too little to go on.
  if (visible < 2 || tokens.chars[a] === MASK_CHAR) return undefined;
  outer: for (const e of bucket) {
    for (let k = 0; k < len; k++) {
      const c = tokens.chars[a + k]!;
      if (c !== MASK_CHAR && c !== e.codes[k]) continue outer;
    }
    return e;
  }
  return undefined;
}

/**
 * Resolve every token against the lexicon (with de-obfuscation and the innocent-word
 * whitelist), then run the rules, filling `s.evidence`. Plain words take their word-level
 * facts from `words` (ids in `s.wordId`, see ToxicityWordCache.resolve).
 */
export function collectEvidence(lex: ToxicityLexicon, tokens: TokenBuffer, s: EvidenceScratch, words: ToxicityWordCache): void {
  joinSpacedLetters(lex, tokens, s);
  s.ensure(tokens.count);
  words.resolve(tokens, s.wordId);
  const runTogether = splitRunTogether(tokens, s, words);
  const n = tokens.count;
  s.spanWords.length = 0;
  const ev = s.evidence;
  ev.strong = ev.mild = ev.insultAimed = ev.insultWords = ev.threat = ev.identity = ev.sexual = ev.obfuscated = 0;
  ev.obfuscated = runTogether;
  ev.groupHate = ev.negated = ev.counter = ev.groupNegative = 0;
  const classes = s.classes;
  const strengths = s.strengths;

  const ids = s.wordId;
  for (let t = 0; t < n; t++) {
    const id = ids[t]!;
    if (id >= 0) {
      classes[t] = words.classes[id]!;
      strengths[t] = words.strengths[id]!;
      s.innocent[t] = words.innocent[id]!;
      s.resolved[t] = words.resolvedHash[id]!;
      s.resolvedEntry[t] = undefined;
      if (words.obfuscated[id] === 1) ev.obfuscated++;
      continue;
    }
    // An obfuscated token: its reading depends on its flags, so it is resolved here.
    const a = tokens.start[t]!;
    const b = tokens.end[t]!;
    const f = tokens.flags[t]!;
    let e = lex.lookup(tokens.chars, a, b, tokens.hash[t]!);
    let obfuscated = e !== undefined && isHarmful(e) && (f & (TOKEN_LEET | TOKEN_MASKED | TOKEN_REPEATED | TOKEN_SPACED)) !== 0;
    let resolved = 0;
    if ((f & TOKEN_HAS_DIGIT) !== 0) {
      // "sh1t" resolves to "shit" even though the lists also carry some digit spellings:
      // the linear model then sees the plain word. "h4te" and "musl1ms" resolve to rule words.
      const alt = lookupLeetDigits(lex, tokens, t, s);
      // Digits inside a word are read as letters whatever the word ("k1lled", "hum4n"): the reading is unambiguous.
      if (alt !== undefined && (alt.strength > 0 || (alt.flags !== 0 && (e === undefined || (e.strength === 0 && (e.flags & OBFUSCATION_TARGET) === 0))))) {
        e = alt;
        obfuscated = isHarmful(alt);
      } else if (e !== undefined && e.strength > 0) obfuscated = true;
    }
    if ((f & TOKEN_REPEATED) !== 0) {
      // "fuuuuck" → "fuck", even though the lists carry some stretched spellings ("fuuck").
      const alt = lookupCollapsed(lex, tokens, t, s);
      if (alt !== undefined && (alt.strength > 0 || (alt.flags !== 0 && (e === undefined || e.strength === 0)))) {
        e = alt;
        obfuscated ||= alt.strength > 0;
      }
    }
    if ((e === undefined || e.strength === 0) && (f & TOKEN_MASKED) !== 0) {
      const alt = lookupMasked(lex, tokens, t);
      if (alt !== undefined) {
        e = alt;
        obfuscated = true;
      }
    }
    if (e !== undefined && e.hash !== tokens.hash[t]) resolved = e.hash;
    s.resolvedEntry[t] = resolved === 0 ? undefined : e;
    let cls = e === undefined ? 0 : e.flags;
    let str = e === undefined ? 0 : e.strength;
    s.innocent[t] = (cls & WordClass.INNOCENT) !== 0 ? 1 : 0;
    if (s.innocent[t] === 1) {
      cls &= INNOCENT_KEEPS;
      str = 0;
    } else if (str === 0 && b - a >= 5 && (cls & (WordClass.PROFANE | WordClass.INSULT | WordClass.SLUR)) === 0 && lex.containsStem(tokens.chars, tokens.start[t]!, tokens.end[t]!)) {
      cls |= WordClass.PROFANE;
      str = 2;
    }
    if (obfuscated && str > 0) ev.obfuscated++;
    classes[t] = cls;
    strengths[t] = str;
    s.resolved[t] = resolved;
  }

  // Pairs: innocent names ("Ty Coon", "Moby Dick") cancel hits; listed phrases add them.
  for (let t = 1; t < n; t++) {
    if ((classes[t - 1]! & WordClass.PAIR_FIRST) === 0 || (classes[t]! & WordClass.PAIR_SECOND) === 0) continue;
    const pf = lex.pairFlags(wordHashAt(tokens, s.resolved, t - 1), wordHashAt(tokens, s.resolved, t));
    if (pf === 0) continue;
    if (pf & PairClass.INNOCENT) {
      classes[t - 1] = classes[t] = 0;
      strengths[t - 1] = strengths[t] = 0;
      s.innocent[t - 1] = s.innocent[t] = INNOCENT_PAIR;
      continue;
    }
    if (pf & PairClass.INSULT) ev.insultAimed++;
    if (pf & PairClass.SLUR) ev.identity++;
    if (pf & PairClass.PROFANE && strengths[t - 1] === 0 && strengths[t] === 0) ev.strong++;
  }

  // Negation scope: the next three words after a negator, up to a clause break.
  const negScope = s.negScope;
  let scope = 0;
  for (let t = 0; t < n; t++) {
    if (tokens.tightBefore[t] === 0) scope = 0;
    negScope[t] = scope > 0 ? 1 : 0;
    if ((classes[t]! & WordClass.NEGATOR) !== 0) scope = 3;
    else if (scope > 0) scope--;
  }

  for (let t = 0; t < n; t++) {
    const c = classes[t]!;
    const str = strengths[t]!;
    if (c === 0) continue;
    if (c & WordClass.SLUR) ev.identity++;
    else if (c & WordClass.INSULT) {
      if (insultAimedAt(classes, t, n)) ev.insultAimed++;
      else ev.insultWords++;
      // "asshole", "fuckface": an insult and swearing.
      if (str === 2 && ((c & WordClass.PROFANITY_LIST) !== 0 || lex.containsStem(tokens.chars, tokens.start[t]!, tokens.end[t]!))) ev.strong++;
    } else if (str === 2) ev.strong++;
    else if (str === 1) ev.mild++;
    if (c & WordClass.INSULT_STANDALONE) ev.insultAimed++;
    if (c & WordClass.SEXUAL) {
      // "fucking" as an intensifier is swearing, not sexual content; as a verb with an object it is.
      if ((c & WordClass.SEXUAL_ONLY_WHEN_NOT_SWEARING) === 0 || anyIn(classes, t + 1, t + 2, n, WordClass.THREAT_OBJECT)) ev.sexual++;
    }
    if (c & WordClass.VIOLENT) {
      // "I will kill you", "we're gonna hunt him down": a first-person/future marker before,
      // a person after. "kill yourself" needs no subject.
      // "I will never hurt you" is no threat: a negator in the verb's scope.
      const target = anyIn(classes, t + 1, t + 4, n, WordClass.THREAT_OBJECT);
      if (target && (anyIn(classes, t - 6, t, n, WordClass.THREAT_SUBJECT) || isYourself(tokens, t + 1, n))) {
        if (negScope[t] === 1) ev.negated++;
        else ev.threat++;
      }
    }
    if (c & WordClass.DIE) {
      // "hope you die", "you should die", "go die".
      const wish = anyIn(classes, t - 2, t, n, WordClass.WISH);
      if (wish && (anyIn(classes, t - 4, t, n, WordClass.SECOND_PERSON) || (t > 0 && isWord(tokens, t - 1, "go")))) {
        if (negScope[t] === 1) ev.negated++;
        else ev.threat++;
      }
    }
  }
  groupStatements(lex, tokens, s, n);
}

function isHarmful(e: WordEntry): boolean {
  return e.strength > 0 || (e.flags & HARMFUL_TARGET) !== 0;
}

/**
 * Split every plain token that runs two rule words together ("ihate", "somalisshould",
 * "arevermin"; see ToxicityLexicon.lookupRunTogether) into its two words, so the rules see
 * the construction it hides; re-resolves the tokens when any was split. Returns how many of
 * the split tokens hid a harmful word (obfuscation evidence).
 */
function splitRunTogether(tokens: TokenBuffer, s: EvidenceScratch, words: ToxicityWordCache): number {
  const n = tokens.count;
  const ids = s.wordId;
  let any = false;
  for (let t = 0; t < n && !any; t++) any = ids[t]! >= 0 && words.splitAt[ids[t]!]! > 0;
  if (!any) return 0;
  const start = tokens.start.slice(0, n);
  const end = tokens.end.slice(0, n);
  const flags = tokens.flags.slice(0, n);
  const hash = tokens.hash.slice(0, n);
  const tight = tokens.tightBefore.slice(0, n);
  const split = Int32Array.from({ length: n }, (_, t) => (ids[t]! >= 0 ? words.splitAt[ids[t]!]! : 0));
  const harmful = Uint8Array.from({ length: n }, (_, t) => (ids[t]! >= 0 ? words.obfuscated[ids[t]!]! : 0));
  let obfuscated = 0;
  tokens.count = 0;
  for (let t = 0; t < n; t++) {
    const cut = split[t]!;
    if (cut === 0) {
      tokens.pushToken(start[t]!, end[t]!, flags[t]!, hash[t]!, tight[t]!);
      continue;
    }
    const mid = start[t]! + cut;
    tokens.pushToken(start[t]!, mid, 0, fnvRange(tokens.chars, start[t]!, mid), tight[t]!);
    tokens.pushToken(mid, end[t]!, 0, fnvRange(tokens.chars, mid, end[t]!), 1);
    obfuscated += harmful[t]!;
  }
  s.ensure(tokens.count);
  words.resolve(tokens, s.wordId);
  return obfuscated;
}

/**
 * Join runs of single letters that spell a listed word ("f u c k", "s.h.i.t", "m u s l i m s")
 * into one token flagged TOKEN_SPACED, so the rules see the word. The longest listed word
 * inside a run wins; the other letters stay single tokens.
 */
function joinSpacedLetters(lex: ToxicityLexicon, tokens: TokenBuffer, s: EvidenceScratch): void {
  const n = tokens.count;
  let runStart = -1;
  let any = false;
  for (let t = 0; t <= n && !any; t++) {
    const single = t < n && tokens.end[t]! - tokens.start[t]! === 1 && (runStart < 0 || tokens.tightBefore[t] === 1);
    if (single) {
      if (runStart < 0) runStart = t;
      continue;
    }
    if (runStart >= 0 && t - runStart >= 3) any = true;
    runStart = t < n && tokens.end[t]! - tokens.start[t]! === 1 ? t : -1;
  }
  if (!any) return;
  // Rebuild the token list: copy tokens, replacing matched spans by joined tokens.
  const count = n;
  const start = tokens.start.slice(0, count);
  const end = tokens.end.slice(0, count);
  const flags = tokens.flags.slice(0, count);
  const hash = tokens.hash.slice(0, count);
  const tightB = tokens.tightBefore.slice(0, count);
  let charsEnd = count === 0 ? 0 : end[count - 1]!;
  tokens.count = 0;
  let t = 0;
  while (t < count) {
    let runEnd = t;
    if (end[t]! - start[t]! === 1) {
      runEnd = t + 1;
      while (runEnd < count && end[runEnd]! - start[runEnd]! === 1 && tightB[runEnd] === 1) runEnd++;
    }
    if (runEnd - t < 3) {
      tokens.pushToken(start[t]!, end[t]!, flags[t]!, hash[t]!, tightB[t]!);
      t++;
      continue;
    }
    const v = s.variantBuffer(runEnd - t);
    for (let k = t; k < runEnd; k++) v[k - t] = tokens.chars[start[k]!]!;
    let a = 0;
    const len = runEnd - t;
    while (a < len) {
      let matched = 0;
      for (let b = len; b - a >= 3; b--) {
        const e = lex.lookup(v, a, b, fnvRange(v, a, b));
        if (e !== undefined && (e.strength > 0 || (e.flags & OBFUSCATION_TARGET) !== 0)) {
          tokens.reserveChars(charsEnd + (b - a) + 1);
          const at = charsEnd;
          for (let k = a; k < b; k++) tokens.chars[charsEnd++] = v[k]!;
          tokens.pushToken(at, charsEnd, TOKEN_SPACED, e.hash, tightB[t + a]!);
          matched = b - a;
          break;
        }
      }
      if (matched > 0) a += matched;
      else {
        tokens.pushToken(start[t + a]!, end[t + a]!, flags[t + a]!, hash[t + a]!, tightB[t + a]!);
        a++;
      }
    }
    t = runEnd;
  }
}


function isYourself(tokens: TokenBuffer, t: number, n: number): boolean {
  return t < n && (isWord(tokens, t, "yourself") || isWord(tokens, t, "urself") || isWord(tokens, t, "yourselves"));
}

/** Labels the evidence supports, in TOXICITY_LABELS order. */
export function evidenceLabels(ev: EvidenceCounts, out: Set<ToxicityLabel>): void {
  // Mild hits (cuss "maybe": "abortion", "addict", "sex") move the score a little but name nothing.
  if (ev.strong > 0) out.add("profanity");
  if (ev.insultAimed > 0) out.add("insult");
  if (ev.threat > 0) out.add("threat");
  if (ev.identity > 0 || ev.groupHate > 0) out.add("identity_attack");
  if (ev.sexual > 0) out.add("sexual");
  if (ev.obfuscated > 0) out.add("obfuscated");
}
