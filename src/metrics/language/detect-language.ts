import { countFunctionWords, isClearlyEnglish } from "./english-fast-path.js";
import { letterCount, proseText } from "./prose-text.js";

/** The part of the `eld` package's detector this module uses (its `detect`). */
export interface EldDetector {
  detect(text: string): { language: string; getScores(): Record<string, number> };
}

/** One text's language: an ISO 639-1 code or "und", and the confidence that it is right (0..1). */
export interface LanguageGuess {
  language: string;
  score: number;
  /** Letters of the prose the detector read (the weight of this text when texts vote). */
  letters: number;
}

/** The prose a text's language is read from: its first WINDOW_CHARS characters of prose, and their letters. */
export interface ProseWindow {
  window: string;
  letters: number;
}

/** Label of a text whose language is not decided. */
export const UNDECIDED = "und";

/** Below this confidence a text's language is "und". */
export const DECIDE_AT = 0.5;

/** Characters of prose the detector reads per text (cut back to a word end): see docs/scorers.md "Language" for the accuracy and cost behind it. */
export const WINDOW_CHARS = 100;

/** Characters of a text searched for prose: bounds the cost on long texts (code before the prose past this is no prose found). */
const SEARCH_CHARS = 2000;

/** Fewer letters of prose than this is no evidence ("Yes", "42", "Paris", an emoji: a word or two is shared by many languages, or a name): "und" with confidence 0. */
export const MIN_LETTERS = 8;

/**
 * Confidence of an English decision by the fast path (english-fast-path.ts): on seeded UDHR
 * snippets of 60 to 300 characters in 50 other Latin-script languages (10,000 per length, a
 * quarter of them all-ASCII) it never answered English; on Dolly its English turns are English (eld names
 * 98% of them English and leaves the rest und, on names and titles it does not know). See
 * docs/scorers.md "Language".
 */
export const FAST_PATH_SCORE = 0.99;

/**
 * Coefficients of the confidence: a logistic function of the letters read, the detector's
 * score of its best language and the gap to the runner-up, fitted on seeded UDHR snippets of
 * 5 to 250 characters in the detector's languages plus texts in languages it does not know
 * and non-language strings (always "wrong"), so that the value estimates the probability
 * that the language is right (see docs/scorers.md "Language").
 */
const CONFIDENCE = { bias: -20.83, logLetters: 0.485, best: 25.26, gap: 3.61 } as const;

/**
 * Identifies the language of one text with Nito-ELD (the `eld` package, medium tables: 60
 * languages, ISO 639-1 codes) on its prose (see proseText), and rates the answer.
 *
 * English prose with an English-like share of function words is decided before the detector
 * runs (see english-fast-path.ts): most rows of English datasets never reach it.
 *
 * Only the first WINDOW_CHARS characters of prose (of the first SEARCH_CHARS of the text) are
 * read: ELD reads at most about 350 bytes anyway, its accuracy at 100 characters is within a
 * fraction of a percent of its accuracy on whole paragraphs, and its cost grows with the text.
 */
export class LanguageDetector {
  constructor(private readonly eld: EldDetector) {}

  guess(text: string): LanguageGuess {
    // The common case first: English prose, decided by its function words without the detector.
    return this.fastGuess(text) ?? this.detectorGuess(text);
  }

  /** The fast path's answer: English when the text's function words say so clearly, else undefined (see english-fast-path.ts). */
  fastGuess(text: string): LanguageGuess | undefined {
    const count = countFunctionWords(text, WINDOW_CHARS);
    if (count && isClearlyEnglish(count) && count.letters >= MIN_LETTERS) return { language: "en", score: FAST_PATH_SCORE, letters: count.letters };
    return undefined;
  }

  /** The detector's answer on the text's prose window, without the fast path. */
  detectorGuess(text: string): LanguageGuess {
    return this.windowGuess(this.proseWindowOf(text));
  }

  /** The prose window the detector reads of a text, and its letters (the weight of its vote). */
  proseWindowOf(text: string): ProseWindow {
    const window = proseWindow(searchedProse(text));
    return { window, letters: letterCount(window) };
  }

  /** The detector's answer on a prose window (see proseWindowOf). */
  windowGuess({ window, letters }: ProseWindow): LanguageGuess {
    if (letters < MIN_LETTERS) return { language: UNDECIDED, score: 0, letters };
    // The window the detector would read can pass the fast path when the whole text did not
    // (an English sentence before a list of names): the fast path was measured on snippets of that size.
    const count = countFunctionWords(window, WINDOW_CHARS);
    if (count && isClearlyEnglish(count)) return { language: "en", score: FAST_PATH_SCORE, letters };
    const result = this.eld.detect(window);
    if (!result.language) return { language: UNDECIDED, score: 0, letters };
    const [best, second] = topTwo(result.getScores());
    const score = confidence(letters, best, second);
    return { language: score >= DECIDE_AT ? result.language : UNDECIDED, score, letters };
  }

  /** The raw inputs of the confidence (calibration scripts and tests). */
  features(text: string): { language: string; letters: number; best: number; second: number } {
    const window = proseWindow(searchedProse(text));
    const letters = letterCount(window);
    const result = this.eld.detect(window);
    const [best, second] = topTwo(result.getScores());
    return { language: result.language || UNDECIDED, letters, best, second };
  }
}

/**
 * The prose of the first SEARCH_CHARS characters, as far as the window needs it: the first
 * FIRST_SEARCH_CHARS are tried first, and when they hold SURE_PROSE characters of prose the
 * window taken from them is the one the full search would give (prose removal is local: only
 * the end of the cut can differ, a fence left open there or a cut token, and that end lies
 * past the window; the exception, an inline code span of over 250 characters crossing the
 * cut, is negligible), so most texts are searched at a fraction of the cost.
 */
function searchedProse(text: string): string {
  if (text.length > FIRST_SEARCH_CHARS) {
    const prose = proseText(text.slice(0, FIRST_SEARCH_CHARS));
    if (prose.length >= SURE_PROSE) return prose;
  }
  return proseText(text.slice(0, SEARCH_CHARS));
}

const FIRST_SEARCH_CHARS = 400;
const SURE_PROSE = WINDOW_CHARS + 50;

/** The first WINDOW_CHARS characters of prose, cut back to the last space when there is one. */
function proseWindow(prose: string): string {
  if (prose.length <= WINDOW_CHARS) return prose;
  const space = prose.lastIndexOf(" ", WINDOW_CHARS);
  return prose.slice(0, space > WINDOW_CHARS / 2 ? space : WINDOW_CHARS);
}

/** The two highest scores (0 when absent). */
function topTwo(scores: Record<string, number>): [number, number] {
  let best = 0;
  let second = 0;
  for (const k in scores) {
    const v = scores[k]!;
    if (v > best) {
      second = best;
      best = v;
    } else if (v > second) second = v;
  }
  return [best, second];
}

/** The calibrated probability that the best language is right. */
export function confidence(letters: number, best: number, second: number): number {
  const z = CONFIDENCE.bias + CONFIDENCE.logLetters * Math.log(letters) + CONFIDENCE.best * best + CONFIDENCE.gap * (best - second);
  return 1 / (1 + Math.exp(-z));
}

/** Load the detector: ELD's medium tables (about 2 MB of JavaScript, 60 MB of heap), once per process. */
export async function loadLanguageDetector(): Promise<LanguageDetector> {
  loading ??= import("eld/medium").then((m) => new LanguageDetector(m.eld));
  return loading;
}

let loading: Promise<LanguageDetector> | undefined;
