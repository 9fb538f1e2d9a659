import { sentenceSpans } from "../../base/sentence-spans.js";
import { ANY_CUE, REFUSAL_KINDS, REFUSAL_PATTERNS, type RefusalKind } from "./refusal-patterns.js";

/**
 * Finds canned refusals, AI self-reference, knowledge-cutoff disclaimers and moralising
 * preambles in an assistant turn, and tells them from a turn that only talks about refusing
 * or quotes such a sentence. Rules over the phrase vocabulary of refusal-patterns.ts:
 *
 * - Quotation: text inside "double", “curly” or 'single' quotes (a quoted line, a string in
 *   code) is blanked before matching; so is a line spoken by a named character ("Romeo: …"),
 *   and a sentence's tail after a speech verb and a colon or comma ("you could say: I'm
 *   sorry, but I can't help") or after "something like" / "such as" / "for example".
 * - Position: refusals and moralising preambles lead a response or are the whole of it. A
 *   construction marked `leads` counts fully in the first LEAD_SENTENCES sentences, or anywhere
 *   in a turn of at most SHORT_TURN_SENTENCES sentences; later it counts LATE_FACTOR of its
 *   weight (below the flag line), so an answer that ends with "I cannot tell you how many
 *   children to have" is not a refusal. Knowledge-cutoff and AI self-reference count anywhere.
 * - Speaker: "as an AI …" counts only in a sentence with a first-person word (I, my, me), so
 *   "As an AI language model is a phrase that …" does not.
 * - Instruction: when the instruction asks for a refusal, an apology or a rejection ("write a
 *   polite way to decline …"), refusal wording in the answer is what was asked for and counts
 *   INSTRUCTED_FACTOR of its weight; when it casts the assistant as an AI, a robot or a
 *   language model ("You are an AI advisor …", "Roleplay as a robot"), or asks what the
 *   assistant is ("Who are you?", "Who trained you?", "Are you a robot?"), so does AI
 *   self-reference: there it is the answer, not boilerplate.
 *
 * A finding's score is its construction's weight (0..1) times those factors; a turn's score is
 * its strongest finding's, and the kind is that finding's kind when the score reaches
 * FLAG_SCORE ("" otherwise). Ties go to the kind listed first in REFUSAL_KINDS.
 */
export interface RefusalFinding {
  /** 0..1: the strongest finding's weight after position and context; 0 when none. */
  score: number;
  /** The kind of the strongest finding when score ≥ FLAG_SCORE, else "". */
  kind: RefusalKind | "";
}

export const FLAG_SCORE = 0.5;
export const LEAD_SENTENCES = 3;
export const SHORT_TURN_SENTENCES = 4;
export const LATE_FACTOR = 0.4;
export const INSTRUCTED_FACTOR = 0.3;

const REFUSAL = REFUSAL_KINDS.indexOf("refusal");
const AI = REFUSAL_KINDS.indexOf("ai_self_reference");

const NONE: RefusalFinding = Object.freeze({ score: 0, kind: "" }) as RefusalFinding;

/** A quoted span longer than this is taken for a stray quote mark, not a quotation. */
const MAX_QUOTE = 600;

/** Instructions that ask for refusal wording: declining, apologising, rejecting, saying no. */
const ASKS_FOR_REFUSAL = /\b(?:refus\w*|declin\w*|reject\w*|say(?:ing)? no\b|turn(?:ing)? (?:\w+ )?down|apolog\w*|say(?:ing)? sorry|regret(?:s|fully)?|unable to attend)/;
/** Instructions that cast the assistant as an AI, a robot or a model. */
const CASTS_AS_AI =
  /\b(?:you are|you're|you have become|role-?play(?:ing)? as|pretend(?:ing)? (?:to be|you are|you're|that you are)|imagine (?:you are|you're|yourself as|being)|take (?:on )?the role of|assume the role of|act(?:ing)? as|play(?:ing)? the role of|as an?)\s+(?:\w+[\s-]+){0,6}?(?:ai|a\.i\.|artificial (?:intelligence|mind)|robot\w*|android|language model|machine|computer|bot|chatbot|cyborg)\b/;
/** Questions about the assistant itself, which an AI self-reference answers. */
const ASKS_ABOUT_ASSISTANT = new RegExp(
  [
    String.raw`\byourself\b`,
    String.raw`\byour (?:name|creators?|developers?|makers?|origins?|architecture)\b`,
    String.raw`\b(?:who|what) (?:are|r) (?:you|u)\b`,
    String.raw`\bwhat are you called\b`,
    String.raw`\btell me (?:about|who) (?:you|u)\b`,
    String.raw`\bwho (?:made|created|built|trained|developed|programmed|designed|owns) (?:you|u)\b`,
    String.raw`\bare (?:you|u) (?:an? )?(?:human|person|real|robot|bot|ai|a\.i\.|machine|computer|chatbot|language model|sentient|alive|conscious)\b`,
    String.raw`\bare (?:you|u) (?:based on|trained by|made by|created by|developed by|built by|powered by|a version of|related to)\b`,
    String.raw`^\W*are (?:you|u) [\w.-]+\W*$`, // "Are you ChatGPT?": a name, nothing else
    String.raw`\bdo (?:you|u) (?:call|use) (?:[\w.-]+ ){0,3}apis?\b`,
  ].join("|"),
);
/** A first-person word: the speaker talks of itself. */
const FIRST_PERSON = /\b(?:i|i'm|i'd|i've|i'll|my|me|myself)\b/;
/** Speech verbs: what follows them with a colon or a comma is what someone says or writes. */
const SPEECH_VERB = String.raw`\b(?:say|says|said|saying|write|writes|wrote|reply|replies|replied|respond|responds|responded|answer|tell (?:him|her|them|people|others|someone|the \w+)|ask|asks|asked|text|message)\b(?:\s+\w+){0,3}`;
/** A sentence's head that makes the rest reported speech: "you could say: …" anywhere before the match. */
const REPORTED_AFTER_COLON = new RegExp(`${SPEECH_VERB}\\s*:`);
/** …or that ends right before it: "reply with, …", "something like …", "for example, …". */
const REPORTED_TAIL = new RegExp(`(?:${SPEECH_VERB}\\s*,|\\b(?:something like|such as|e\\.g\\.|for example|for instance|like this)\\s*[:,]?)\\s*$`);
/** A line spoken by a named character ("Romeo: …", "Glen: …"); labels that are not speakers are left alone. */
const SPEAKER_LINE = /^\s*([A-Z][\w'.-]*(?: [A-Z][\w'.-]*){0,2}):\s/;
const NOT_SPEAKERS = new Set(["note", "answer", "response", "disclaimer", "warning", "important", "edit", "update", "summary", "caution", "tip", "ps", "p.s", "output", "result", "example", "reason", "explanation"]);

/** Lower-case with straight apostrophes and quotes, keeping every position. */
function normalise(text: string): string {
  return text.toLowerCase().replace(/[\u2018\u2019\u02bc]/g, "'").replace(/[\u201c\u201d]/g, '"');
}

function isLetter(c: string | undefined): boolean {
  return c !== undefined && /\p{L}/u.test(c);
}

/**
 * The text with quotations and character lines blanked (replaced by spaces, so positions and
 * sentence ends stay): "double" and 'single' quotes (an apostrophe inside a word is no quote),
 * curly quotes (already straightened), and lines that open with a speaker's name.
 */
export function maskQuotations(original: string, lower: string): string {
  const out = lower.split("");
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== "\n") out[k] = " ";
  };
  let open = -1;
  let mark = "";
  for (let i = 0; i < lower.length; i++) {
    const c = lower[i]!;
    if (c === "\n" && open >= 0 && mark === "'") open = -1; // single quotes do not span lines
    if (c === '"') {
      if (open >= 0 && mark === '"') {
        if (i - open <= MAX_QUOTE) blank(open, i + 1);
        open = -1;
      } else if (open < 0) {
        open = i;
        mark = '"';
      }
    } else if (c === "'") {
      const before = lower[i - 1];
      const after = lower[i + 1];
      if (open < 0 && !isLetter(before) && isLetter(after)) {
        open = i;
        mark = "'";
      } else if (open >= 0 && mark === "'" && !isLetter(after) && before !== " ") {
        if (i - open <= MAX_QUOTE) blank(open, i + 1);
        open = -1;
      }
    }
  }
  let start = 0;
  while (start < original.length) {
    let end = original.indexOf("\n", start);
    if (end < 0) end = original.length;
    const speaker = SPEAKER_LINE.exec(original.slice(start, end));
    if (speaker && !NOT_SPEAKERS.has(speaker[1]!.toLowerCase())) blank(start, end);
    start = end + 1;
  }
  return out.join("");
}

/**
 * The sentences of a masked (lower-case) text that hold a letter (sentenceSpans): a list
 * marker or a number alone ("1.", "42!") is no sentence, so it does not use up a lead place.
 */
function sentences(text: string): string[] {
  const out: string[] = [];
  const spans = sentenceSpans(text, []);
  for (let k = 0; k < spans.length; k += 2) {
    const s = text.slice(spans[k], spans[k + 1]);
    if (/[a-z]/.test(s)) out.push(s);
  }
  return out;
}

/** What the instruction (the user turn before, and any system turn) says about the answer. */
export interface TurnContext {
  asksForRefusal: boolean;
  /** The instruction casts the assistant as an AI, or asks what the assistant is. */
  castsAsAi: boolean;
}

export function turnContext(instruction: string): TurnContext {
  const lower = normalise(instruction);
  return { asksForRefusal: ASKS_FOR_REFUSAL.test(lower), castsAsAi: CASTS_AS_AI.test(lower) || ASKS_ABOUT_ASSISTANT.test(lower) };
}

const NO_CONTEXT: TurnContext = { asksForRefusal: false, castsAsAi: false };

/** The strongest finding of one assistant turn. */
export function detectRefusal(response: string, context: TurnContext = NO_CONTEXT): RefusalFinding {
  const lower = normalise(response);
  if (!ANY_CUE.test(lower)) return NONE;
  const parts = sentences(maskQuotations(response, lower));
  const short = parts.length <= SHORT_TURN_SENTENCES;
  let best = 0;
  let bestKind = -1;
  const perKind = new Float64Array(REFUSAL_KINDS.length);
  for (let s = 0; s < parts.length; s++) {
    const sentence = parts[s]!;
    const lead = short || s < LEAD_SENTENCES;
    perKind.fill(0);
    for (const p of REFUSAL_PATTERNS) {
      const m = p.pattern.exec(sentence);
      if (!m) continue;
      const before = sentence.slice(0, m.index);
      if (REPORTED_AFTER_COLON.test(before) || REPORTED_TAIL.test(before)) continue;
      if (p.kind === "ai_self_reference" && !FIRST_PERSON.test(sentence)) continue;
      let score = p.weight;
      if (p.leads && !lead) score *= LATE_FACTOR;
      if (p.kind === "refusal" && context.asksForRefusal) score *= INSTRUCTED_FACTOR;
      if (p.kind === "ai_self_reference" && context.castsAsAi) score *= INSTRUCTED_FACTOR;
      const k = REFUSAL_KINDS.indexOf(p.kind);
      if (score > perKind[k]!) perKind[k] = score;
    }
    // "As an AI language model, I cannot …", "I'm a robot and I can't help": a decline that
    // gives being an AI as its reason is the AI boilerplate, so the sentence counts as that.
    if (perKind[AI]! >= FLAG_SCORE && perKind[REFUSAL]! > 0) {
      perKind[AI] = Math.max(perKind[AI]!, perKind[REFUSAL]!);
      perKind[REFUSAL] = 0;
    }
    for (let k = 0; k < perKind.length; k++) {
      if (perKind[k]! > best) {
        best = perKind[k]!;
        bestKind = k;
      }
    }
  }
  if (best === 0) return NONE;
  return { score: best, kind: best >= FLAG_SCORE ? REFUSAL_KINDS[bestKind]! : "" };
}

/** Keep the stronger of two findings (ties to the kind listed first). */
export function strongerFinding(a: RefusalFinding, b: RefusalFinding): RefusalFinding {
  if (b.score > a.score) return b;
  if (b.score < a.score || b.kind === "" || a.kind === "") return a.kind === "" && b.score === a.score ? b : a;
  return REFUSAL_KINDS.indexOf(b.kind) < REFUSAL_KINDS.indexOf(a.kind) ? b : a;
}
