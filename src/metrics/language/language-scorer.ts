import type { ScoreColumn } from "../../core/score-column.js";
import type { Scorer } from "../../core/scorer.js";
import { defineScorer, switchIsOn } from "../../core/scorer-entry.js";
import type { TextView } from "../../core/text-view.js";
import { DECIDE_AT, FAST_PATH_SCORE, loadLanguageDetector, MIN_LETTERS, UNDECIDED, type LanguageDetector, type LanguageGuess, type ProseWindow } from "./detect-language.js";

/** Turns read per row: the first ones with the roles below (a long conversation's opening says its language; the cost stays bounded). */
export const MAX_TURNS_READ = 4;

/** Roles whose text votes: the user's and the assistant's (system prompts and tool output are often in another language than the conversation). */
const VOTING_ROLES = new Set(["user", "assistant"]);

/** One row's language and its confidence. */
export interface RowLanguage {
  language: string;
  score: number;
}

/**
 * The language of a row from its turns (for an instruction/response row, the instruction and
 * the response): each of the first MAX_TURNS_READ user or assistant turns with at least
 * MIN_LETTERS letters of prose is identified on its own; a turn's vote for its language is
 * its letters read × its confidence; a turn left "und" still adds its letters to the total.
 * The row's language is the one with the most votes, and language_score its votes over the
 * total: the confidence of the turns that agree, diluted by the turns that do not. Below
 * DECIDE_AT (turns in different languages, or weak guesses), the row is "und", with that
 * share as its score. When no turn is decided on its own, the turns' prose is read together
 * once (a short question and a short answer often decide together). English turns decided by
 * the fast path (english-fast-path.ts) can make the detector's reading of the other turns
 * unnecessary: see the comment in the body. `seen` holds the detector's guesses of prose windows
 * already read (the caller's batch), by text.
 */
export function rowLanguage(detector: LanguageDetector, view: TextView, row: number, seen?: Map<string, LanguageGuess>): RowLanguage {
  const texts: string[] = [];
  for (let t = view.turnOffsets[row]!; t < view.turnOffsets[row + 1]! && texts.length < MAX_TURNS_READ; t++) {
    if (VOTING_ROLES.has(view.turnRole[t]!)) texts.push(view.turnText[t]!);
  }
  // The fast path on every turn first; the detector reads the other turns only when they can
  // still change the answer. Each votes against English at most with the letters of its prose
  // window (`unread` in all; a window under MIN_LETTERS does not vote): while English's votes
  // over all letters, FAST_PATH_SCORE × english / (english + unread), stay at or above
  // DECIDE_AT, the row is English whatever they say, and its score is the English turns' (as
  // if the others agree). The windows are cut first (cheap); the detector runs only when needed.
  const guesses: LanguageGuess[] = [];
  const rest: ProseWindow[] = [];
  let english = 0;
  let unread = 0;
  for (const text of texts) {
    const g = detector.fastGuess(text);
    if (g) {
      guesses.push(g);
      english += g.letters;
    } else {
      const w = detector.proseWindowOf(text);
      rest.push(w);
      if (w.letters >= MIN_LETTERS) unread += w.letters;
    }
  }
  if (english === 0 || unread > english * (FAST_PATH_SCORE / DECIDE_AT - 1)) {
    for (const w of rest) {
      // A window repeated in the batch (a list answer, a duplicated question) is read once.
      let g = seen?.get(w.window);
      if (!g) {
        g = detector.windowGuess(w);
        seen?.set(w.window, g);
      }
      if (g.letters >= MIN_LETTERS) guesses.push(g);
    }
  }
  let best = vote(guesses);
  // Undecided because turns were too short or undecided alone (a question and a list of names):
  // read together. Turns that decided different languages stay und (a mixed row), as the vote says.
  if (best.language === UNDECIDED && guesses.length > 1 && new Set(guesses.filter((g) => g.language !== UNDECIDED).map((g) => g.language)).size <= 1) {
    const together = detector.guess(texts.join("\n\n"));
    if (together.score > best.score) best = { language: together.language, score: together.score };
  }
  return best;
}

/** The language with the most letter-weighted confidence, and its share of all letters read. */
function vote(guesses: readonly LanguageGuess[]): RowLanguage {
  let total = 0;
  const votes = new Map<string, number>();
  for (const g of guesses) {
    total += g.letters;
    if (g.language !== UNDECIDED) votes.set(g.language, (votes.get(g.language) ?? 0) + g.letters * g.score);
  }
  if (total === 0) return { language: UNDECIDED, score: 0 };
  let language = UNDECIDED;
  let most = 0;
  for (const [l, v] of votes) {
    if (v > most) {
      most = v;
      language = l;
    }
  }
  if (votes.size === 0) {
    // No turn decided: the score is the best undecided guess's, so it stays below DECIDE_AT.
    return { language: UNDECIDED, score: Math.max(...guesses.map((g) => g.score)) };
  }
  const score = most / total;
  return { language: score >= DECIDE_AT ? language : UNDECIDED, score };
}

/** The columns the scorer writes when on, described (the dataset card's Data Fields). */
export const LANGUAGE_COLUMNS = [
  {
    name: "language",
    description: "Language of the row's user and assistant turns: ISO 639-1 code (60 languages), or und when too short, mixed or undecided.",
    label: true,
  },
  {
    name: "language_score",
    description: "Confidence in language (0..1), calibrated as the probability the code is right; below 0.5 the language is und.",
  },
] as const;

/** Adds `language` (utf8: ISO 639-1 code or "und") and `language_score` (float64, 0..1): see rowLanguage. */
export class LanguageScorer implements Scorer {
  readonly name = "language";
  readonly columns = ["language", "language_score"] as const;

  constructor(private readonly detector: LanguageDetector) {}

  score(view: TextView): ScoreColumn[] {
    const language = new Array<string>(view.length);
    const score = new Float64Array(view.length);
    const seen = new Map<string, LanguageGuess>();
    for (let r = 0; r < view.length; r++) {
      const l = rowLanguage(this.detector, view, r, seen);
      language[r] = l.language;
      score[r] = l.score;
    }
    return [
      { name: "language", kind: "utf8", values: language },
      { name: "language_score", kind: "float64", values: score },
    ];
  }
}

/**
 * Registry entry: `--language-id on|off` (`--language` is the dataset card's language list).
 * Default off: even with the English fast path, identifying a row costs about twice the
 * readability suite's CPU on Dolly (see docs/scorers.md "Language"), and the default policy does not filter on language. The
 * detector's tables load when the scorer is built, not when sieve starts.
 */
export const languageEntry = defineScorer({
  name: "language",
  options: [
    {
      key: "languageId",
      flags: "--language-id <on|off>",
      help: "language of each row (ISO 639-1, embedded Nito-ELD detector, 60 languages) with a confidence; off by default (CPU)",
      kind: "switch",
      choices: ["on", "off"],
      default: "off",
    },
  ],
  columns: LANGUAGE_COLUMNS,
  loadsModels: () => false,
  create: async (settings) => (switchIsOn(settings.languageId) ? new LanguageScorer(await loadLanguageDetector()) : undefined),
});
