import { fnvString } from "../../base/hashing.js";
import { WordClass, type ToxicityLexicon } from "./lexicon.js";
import type { TokenBuffer } from "./text-tokens.js";
import type { EvidenceScratch } from "./toxicity-evidence.js";
import { anyIn, insultAimedAt, isWord, wordHashAt, wordHashes } from "./token-scan.js";
import {
  ADJECTIVE_ONLY_GROUPS, APPROVAL_WORDS, CAUSATIVE_LINK_WORDS, CAUSATIVE_VERBS, CAUSED_FEELINGS, DEGRADING_PLACES, EXPEL_PARTICLES, EXPEL_VERBS, HARM_LINK_WORDS,
  HATE_LINK_WORDS, HATRED_ACTS, LEAVE_VERBS, NEGATED_AUXILIARIES, NEGATED_FRAMES, QUESTION_WORDS, MEETING_WORDS, RHETORICAL_MARKERS, QUALITIES, DENIALS, HARM_NOUNS, IMPUTING_VERBS, SEEING_WISH_VERBS, SUFFERING_VERBS, SUPERLATIVE_SUBJECTS, VANISH_VERBS,
  WISH_MODALS,
} from "./vocabulary.js";

/*
 * The group-statement rules of the embedded toxicity classifier: what a text says of each
 * identity group it names (see groupStatements). They run after collectEvidence has resolved
 * every token's word classes, and add to its evidence counts.
 */

/** Hash sets of the smaller group-statement vocabularies (see vocabulary.ts). */
const ADJECTIVE_ONLY_GROUP_HASHES = wordHashes(ADJECTIVE_ONLY_GROUPS);
const HATE_LINK_HASHES = wordHashes(HATE_LINK_WORDS);
const HARM_LINK_HASHES = wordHashes(HARM_LINK_WORDS);
const NEGATED_FRAME_HASHES = wordHashes(NEGATED_FRAMES);
const DENIAL_HASHES = wordHashes(DENIALS);
const THAT_HASH = fnvString("that");
const DEGRADING_PLACE_HASHES = wordHashes(DEGRADING_PLACES);
const EXPEL_VERB_HASHES = wordHashes(EXPEL_VERBS);
const EXPEL_PARTICLE_HASHES = wordHashes(EXPEL_PARTICLES);
const BELONG_HASHES = wordHashes(["belong", "belongs"]);
const APPROVAL_HASHES = wordHashes(APPROVAL_WORDS);
const HATRED_ACT_HASHES = wordHashes(HATRED_ACTS);
const TO_HASH = fnvString("to");
const VANISH_HASHES = wordHashes(VANISH_VERBS);
const SUFFERING_HASHES = wordHashes(SUFFERING_VERBS);
const SEEING_WISH_HASHES = wordHashes(SEEING_WISH_VERBS);
const SEE_HASHES = wordHashes(["see", "watch"]);
const IMPUTING_HASHES = wordHashes(IMPUTING_VERBS);
const HARM_NOUN_HASHES = wordHashes(HARM_NOUNS);
/** Words after a verb of suffering that keep it about its subject ("rot in hell", "burn alive", "starve to death"). */
const SUFFERING_TAIL_HASHES = wordHashes(["in", "alive", "forever", "to", "like", "slowly", "for", "and"]);
const WISH_MODAL_HASHES = wordHashes(WISH_MODALS);
/** A wish before a group ("I wish … would vanish"). */
const WISH_VERB_HASHES = wordHashes(["wish", "hope"]);
const SUBJUNCTIVE_HASHES = wordHashes(["if", "wish", "unless"]);
const TYPICAL_HASH = fnvString("typical");
const CAUSATIVE_LINK_HASHES = wordHashes(CAUSATIVE_LINK_WORDS);
const CAUSATIVE_VERB_HASHES = wordHashes(CAUSATIVE_VERBS);
const CAUSED_FEELING_HASHES = wordHashes(CAUSED_FEELINGS);
const LEAVE_VERB_HASHES = wordHashes(LEAVE_VERBS);
const NEGATED_AUXILIARY_HASHES = wordHashes(NEGATED_AUXILIARIES);
const QUESTION_WORD_HASHES = wordHashes(QUESTION_WORDS);
const RHETORICAL_MARKER_HASHES = wordHashes(RHETORICAL_MARKERS);
const WANT_HASHES = wordHashes(["want", "wants"]);
const FIRST_PERSON_HASHES = wordHashes(["i", "im", "ive", "id", "ill", "we", "weve", "me", "us", "my"]);
const THAN_HASH = fnvString("than");
const PERSONHOOD_HASHES = wordHashes(["people", "persons", "person", "humans", "human", "beings", "citizens"]);
const GOING_HASHES = wordHashes(["going", "gonna"]);
const RELATIVE_HASHES = wordHashes(["who", "that", "which", "where", "when", "whom", "whose", "i", "we", "you", "he", "she"]);
const ONLY_HASH = fnvString("only");
const FOR_HASH = fnvString("for");
const NON_HASH = fnvString("non");
const LESS_HASH = fnvString("less");
const MORE_HASH = fnvString("more");
const EVEN_HASH = fnvString("even");
/** Auxiliaries that open a yes/no question about what follows ("Are … even human?"). */
const YES_NO_AUXILIARY_HASHES = wordHashes(["are", "is", "do", "does", "can", "could", "will", "would"]);
const WITHOUT_HASH = fnvString("without");
const BETTER_HASH = fnvString("better");
const WORSE_HASH = fnvString("worse");
const SUPERLATIVE_SUBJECT_HASHES = wordHashes(SUPERLATIVE_SUBJECTS);
const ARTICLE_HASHES = wordHashes(["a", "an", "the"]);
const FED_HASH = fnvString("fed");
const UP_HASH = fnvString("up");
const WRONG_HASH = fnvString("wrong");
const WITH_HASH = fnvString("with");
const WHAT_HASH = fnvString("what");
const QUALITY_HASHES = wordHashes(QUALITIES);
const RELATIVE_SUBJECT_HASHES = wordHashes(["who", "that"]);
const FAR_HASH = fnvString("far");
const FROM_HASH = fnvString("from");
const ANYTHING_HASH = fnvString("anything");
const BUT_HASH = fnvString("but");
const INDEFINITE_ARTICLE_HASHES = wordHashes(["a", "an"]);
const YET_HASH = fnvString("yet");
const MEETING_HASHES = wordHashes(MEETING_WORDS);
const SENT_HASHES = wordHashes(["sent", "shipped", "packed", "bused", "bussed", "flown"]);
const WANT_OR_NEED_HASHES = wordHashes(["want", "wants", "need", "needs"]);
const GONE_HASHES = wordHashes(["gone", "out", "away", "dead", "deported"]);
const GO_HASHES = wordHashes(["go", "leave", "disappear", "vanish"]);
const GO_HASH = fnvString("go");
const PARTICLE_HASHES = wordHashes(["out", "away"]);
const FROM_OR_OF_HASHES = wordHashes(["from", "of"]);
const ABILITY_HASHES = wordHashes(["capable", "intelligent", "smart", "civilised", "civilized"]);
const WORTH_HASHES = wordHashes(["good", "use"]);
const COPULA_HASHES = wordHashes(["is", "are"]);
/** Words before "better" that make it a state ("be better off", "a better place", "is better"), not how something is done. */
const STATE_BEFORE_BETTER_HASHES = wordHashes(["be", "is", "are", "was", "were", "been", "a", "much", "far"]);

/** Classes a group phrase is made of ("black", "women", "gay men"). */
const GROUP_PART = WordClass.GROUP | WordClass.GROUP_NOUN;

/** Whether tokens [from, to) hold a negator (clamped). */
function negatorIn(classes: Int32Array, from: number, to: number, n: number): boolean {
  return anyIn(classes, from, to, n, WordClass.NEGATOR);
}

/**
 * What a text says of each identity group it names, from the words around the group
 * phrase (its last word at `t`, its first at `start`):
 *  - after it, through function words (copulas, modals, negators, "all", "a bunch of"), a
 *    polar word: a negative attribute, dehumanising noun, insult or strong profanity is
 *    hateful; a positive predicate is hateful only when negated ("… are not human"); a
 *    violent participle or dying word after a modal is a call for harm ("… should be shot");
 *  - before it, a hate verb ("I hate …"), a like verb that is negated ("I don't trust …"),
 *    or a violent verb with a first-person subject, a modal or an imperative ("I will kill
 *    all …");
 *  - when neither decided, in the rest of the clause: a threat earlier in it, a call for
 *    harm after a relative clause, a rhetorical question about liking the group; and failing
 *    those, a negative word nearby counts as weak evidence (`groupNegative`).
 * A negator in scope flips the polarity: negated hate is counted as `negated`, not hate;
 * a negated auxiliary that asks a question ("Aren't … ?") does not negate.
 * Past-tense statements (history: "… were not allowed to vote") are left alone. "they",
 * "them", "those" after a group count as the group (judged by what precedes them). In a text that reports what it condemns
 * ("saying … is racist", "hating … is never acceptable") the statements count as `counter`:
 * it needs a reporting word and a condemnation (a condemning word, or an approving one under
 * a negator) outside the statement itself, so "I say … are vile" stays the speaker's own.
 */
export function groupStatements(lex: ToxicityLexicon, tokens: TokenBuffer, s: EvidenceScratch, n: number): void {
  const classes = s.classes;
  const strengths = s.strengths;
  const tight = tokens.tightBefore;
  const ev = s.evidence;
  const wordHash = (k: number): number => wordHashAt(tokens, s.resolved, k);
  /** "old people", "young men": an adjective that names a group only before a group noun. */
  const adjectiveGroup = (k: number): boolean =>
    k + 1 < n && (classes[k + 1]! & WordClass.GROUP_NOUN) !== 0 && tight[k + 1] === 1 && ADJECTIVE_ONLY_GROUP_HASHES.has(tokens.hash[k]!);
  let groupSeen = false;
  let anyGroup = false;
  for (let t = 0; t < n && !anyGroup; t++) if (classes[t]! & WordClass.GROUP || adjectiveGroup(t)) anyGroup = true;
  // Most texts name no group: the scan for reports and condemnations is for those that do.
  if (!anyGroup) return;
  let hasReport = false;
  // First and last condemnation in the text (none: n and -1).
  let firstCondemn = n;
  let lastCondemn = -1;
  for (let t = 0; t < n; t++) {
    const c = classes[t]!;
    if (c & WordClass.COUNTER || (s.negScope[t] === 1 && APPROVAL_HASHES.has(wordHash(t)))) {
      if (firstCondemn === n) firstCondemn = t;
      lastCondemn = t;
    }
    if (c & WordClass.REPORT) hasReport = true;
    // Hatred as an act: a gerund opening its clause or right after a condemnation ("Hating …
    // is wrong", "Stop hating …"), or an infinitive after a condemnation in its clause ("It is
    // wrong to hate …").
    else if ((t === 0 || tight[t] === 0 || lastCondemn === t - 1) && HATRED_ACT_HASHES.has(wordHash(t))) hasReport = true;
    else if (t > 0 && c & (WordClass.HATE | WordClass.VIOLENT) && tokens.hash[t - 1] === TO_HASH && lastCondemn >= clauseStart(tokens, t)) hasReport = true;
  }
  /** Whether the statement over tokens [from, to] is reported and condemned by words outside it. */
  const reportedOutside = (from: number, to: number): boolean => hasReport && (firstCondemn < from || lastCondemn > to);
  const reportedText = hasReport && lastCondemn >= 0;
  for (let at = 0; at < n; at++) {
    const c = classes[at]!;
    const isGroup = ((c & WordClass.GROUP) !== 0 && (c & WordClass.SLUR) === 0) || adjectiveGroup(at);
    const isRef = (c & WordClass.GROUP_PRONOUN) !== 0 && groupSeen;
    if (!isGroup && !isRef) continue;
    groupSeen = true;
    // The phrase is judged once, from its first word `start` to its last `t` ("gay people").
    let start = at;
    // "non-binary people", "non-white people": the prefix opens the phrase, so the words
    // before it ("I hate …") are read as aimed at the group.
    if (isGroup && start > 0 && tokens.hash[start - 1] === NON_HASH && tight[start] === 1) start--;
    let t = at;
    if (isGroup) while (t + 1 < n && ((classes[t + 1]! & GROUP_PART) !== 0 || adjectiveGroup(t + 1)) && tight[t + 1] === 1) t++;
    at = t;

    // After the phrase.
    let polarity = 0;
    let harm = false;
    // "Aren't … just animals?": a negated auxiliary opening the clause asks; it does not negate.
    const askedBy = interrogativeBefore(tokens, s, start);
    const asked = askedBy >= 0;
    let negated = negatorIn(classes, start - 2, start, n) && !asked;
    // "… make me furious", "… make me want to vomit": a feeling the group is said to cause.
    let caused = false;
    let chain = 0;
    // "if … were all put down", "I wish … were dead": a wish, which a participle completes.
    // "Shouldn't … be locked up?": the question's modal governs the participle.
    let modal = isGroup && (anyHash(tokens, s, start - 2, start, n, SUBJUNCTIVE_HASHES) || (asked && (classes[askedBy]! & WordClass.MODAL) !== 0));
    let past = false;
    // "Are … even human?", "Do … even have brains?", "Are … even capable of thinking?": "even" in a
    // yes/no question about the group doubts its personhood, a quality or an ability ("Are … even
    // allowed to vote?" asks about a rule, not about them).
    let doubted = false;
    /** A positive predicate of personhood, a quality or an ability, which "even" in a question doubts. */
    let standing = false;
    /** The word that decided the statement's polarity, when one did. */
    let decidedAt = -1;
    // A pronoun is judged mostly by what comes before it ("… I hate them"): what follows
    // "they" is too often a plain description ("they get sick"). Only a dehumanising word,
    // an insult or strong profanity after its copula, or a call for harm, count.
    // "People who hate … are idiots": a group that is the object of a relative clause is not
    // the subject of what follows it; that predicate belongs to the antecedent.
    const relativeObject = isGroup && objectOfRelative(tokens, s, start);
    for (let k = t + 1; k < n && k <= t + 7 && !relativeObject; k++) {
      if (tight[k] === 0) break;
      const ck = classes[k]!;
      const hk = wordHash(k);
      if (ck & WordClass.VIOLENT_PARTICIPLE && modal) (polarity = -1), (harm = true);
      else if (caused && isGroup && (CAUSED_FEELING_HASHES.has(hk) || (ck & WordClass.HATE) !== 0)) polarity = -1;
      else if (modal && isGroup && LEAVE_VERB_HASHES.has(hk) && anyHash(tokens, s, k + 1, k + 2, n, EXPEL_PARTICLE_HASHES)) polarity = -1;
      // "… should be sent back", "They should be shipped home": expulsion called for, of the group or a pronoun for it.
      else if (modal && SENT_HASHES.has(hk) && anyHash(tokens, s, k + 1, k + 2, n, EXPEL_PARTICLE_HASHES)) polarity = -1;
      else if (ck & WordClass.DIE && modal) (polarity = -1), (harm = true);
      else if (
        isGroup &&
        (VANISH_HASHES.has(hk) || sufferedAt(tokens, s, k, n)) &&
        (asked || anyHash(tokens, s, t + 1, k, n, WISH_MODAL_HASHES) || anyHash(tokens, s, start - 3, start, n, WISH_VERB_HASHES))
      ) {
        polarity = -1;
        harm = !VANISH_HASHES.has(hk);
      }
      else if (!isGroup) {
        if (chain > 0 && (ck & (WordClass.DEHUMANISING | WordClass.INSULT | WordClass.SLUR)) !== 0) polarity = -1;
      } else if (ck & WordClass.NEGATIVE_ATTRIBUTE && (chain > 0 || lex.negativeVerbHashes.has(wordHash(k)))) polarity = -1;
      // "… bring crime", "… spread nothing but disease": a harm imputed to the group.
      else if (IMPUTING_HASHES.has(hk) && harmWithin(tokens, s, k, n)) polarity = -1;
      else if (ck & WordClass.POSITIVE && (chain > 0 || BELONG_HASHES.has(wordHash(k)))) {
        polarity = 1;
        // "… are only good for …": worth reduced to a use.
        if (k > 0 && k + 1 < n && tokens.hash[k - 1] === ONLY_HASH && tokens.hash[k + 1] === FOR_HASH) polarity = -1;
        // "… belong in a zoo": belonging, but in a degrading place.
        if (BELONG_HASHES.has(wordHash(k))) {
          for (let j = k + 1; j < n && j <= k + 4 && tight[j] === 1; j++) {
            if (DEGRADING_PLACE_HASHES.has(wordHash(j))) {
              polarity = -1;
              break;
            }
          }
        }
      } else if (chain > 0 && (ck & WordClass.CHAIN) === 0 && ((ck & (WordClass.INSULT | WordClass.SLUR)) !== 0 || strengths[k] === 2)) polarity = -1;
      // "… are not people.": personhood ending the clause is a positive predicate ("… are not people who …" is not).
      if (polarity === 0 && chain > 0 && isGroup && PERSONHOOD_HASHES.has(hk) && (k + 1 >= n || tight[k + 1] === 0)) polarity = 1;
      if (polarity > 0 && (PERSONHOOD_HASHES.has(hk) || QUALITY_HASHES.has(hk) || ABILITY_HASHES.has(hk))) standing = true;
      if (polarity !== 0) {
        decidedAt = k;
        break;
      }
      if (CAUSATIVE_VERB_HASHES.has(hk)) caused = true;
      const link = (modal && HARM_LINK_HASHES.has(hk)) || CAUSATIVE_LINK_HASHES.has(hk);
      // "… are less than human", "… are far from human", "… are anything but civilised": these
      // deny the predicate after them, as "not" would.
      const next = k + 1 < n && tight[k + 1] === 1 ? tokens.hash[k + 1] : 0;
      const denial = (hk === LESS_HASH && next === THAN_HASH) || (hk === FAR_HASH && next === FROM_HASH) || (hk === ANYTHING_HASH && next === BUT_HASH);
      if ((ck & (WordClass.NEGATOR | WordClass.CHAIN | WordClass.MODAL | WordClass.PAST)) === 0 && !link && !denial) break;
      if (ck & WordClass.NEGATOR || denial) negated = !negated;
      // "from" is no function word of the chain: step over it.
      if (hk === FAR_HASH && denial) k++;
      // "… are no better than animals", "not more than": a negated comparison asserts what follows "than".
      if (hk === THAN_HASH && k >= 2 && tokens.hash[k - 1] !== LESS_HASH && negatorIn(classes, k - 2, k - 1, n)) negated = !negated;
      if (ck & WordClass.MODAL) modal = true;
      if (ck & WordClass.PAST) past = true;
      if (hk === EVEN_HASH) doubted = true;
      chain++;
    }
    if (standing && doubted && isGroup && start > 0 && clauseStart(tokens, start) === start - 1 && YES_NO_AUXILIARY_HASHES.has(tokens.hash[start - 1]!)) negated = !negated;
    // "if … were all put down", "I wish … were dead": a wish, not history.
    if (past && anyHash(tokens, s, start - 4, start, n, SUBJUNCTIVE_HASHES)) past = false;
    // "It's not true that … are lazy", "I will never say … are inferior": the negator
    // before the statement negates the statement itself.
    if (polarity < 0 && !negated && negatedFrameBefore(tokens, s, start, n)) negated = true;
    // "I have never hated anything more than …", "there is no one I despise more than …": the
    // negator belongs to the comparison, which makes the hatred the strongest there is.
    // "I want … dead", "I want them gone", "We need … out of this country": a wish for the group's death or removal.
    const wanted = polarity === 0 && !past ? wantedAt(tokens, s, start) : -1;
    if (polarity === 0 && !past && isGroup && (hatredComparedTo(tokens, s, start) || noneWorseThan(tokens, s, start))) polarity = -1;
    else if (wanted >= 0) {
      const fate = wishedFate(tokens, s, t, n);
      if (fate !== 0) {
        polarity = -1;
        harm = fate === 2;
        decidedAt = wanted;
        negated = negatorIn(classes, wanted - 3, wanted, n);
      }
    }
    // Before the phrase, when nothing after it decided.
    if (polarity === 0 && !past) {
      negated = false;
      for (let k = start - 1; k >= 0 && start - k <= 6; k--) {
        if (tight[k + 1] === 0) break;
        const ck = classes[k]!;
        const h = wordHash(k);
        let verb = false;
        // "Why do people hate …?" asks about others' hatred; "Why do I hate …" or "I hate …" is the speaker's.
        if (ck & WordClass.HATE) {
          if (askedAboutOthers(tokens, s, k) || hatredOfOthers(tokens, s, k)) break;
          (polarity = -1), (verb = true);
        }
        else if (ck & WordClass.LIKE_VERB) (polarity = 1), (verb = true);
        else if (k === start - 1 && ck & WordClass.POSITIVE && goodOneDenied(tokens, s, k)) {
          // "There is no such thing as a smart …", "I have yet to meet an honest …": a good member denied to exist.
          polarity = -1;
          decidedAt = k;
          break;
        }
        // "fed up with …": weariness of the group, as "sick of …" is.
        else if (h === FED_HASH && tokens.hash[k + 1] === UP_HASH && k + 1 < start) (polarity = -1), (verb = true);
        else if (h === WRONG_HASH && k === start - 2 && tokens.hash[k + 1] === WITH_HASH && whatIsWrongWith(tokens, s, k, t, n)) {
          // "What is wrong with …?": a fault presumed in the group itself.
          polarity = -1;
          decidedAt = k;
          break;
        }
        else if (ck & WordClass.VIOLENT) {
          // A threat needs a speaker, a modal or an imperative: not a report ("… tried to kill …").
          if (k <= 1 || anyIn(classes, k - 5, k, n, WordClass.THREAT_SUBJECT | WordClass.MODAL | WordClass.WISH)) (polarity = -1), (harm = true), (verb = true);
          else break;
        } else if (EXPEL_VERB_HASHES.has(h) && anyHash(tokens, s, t + 1, t + 3, n, EXPEL_PARTICLE_HASHES)) {
          // "keep … away from", "send … back": expulsion.
          (polarity = -1), (verb = true);
        } else if (h === WITHOUT_HASH && k === start - 1 && betterWithout(tokens, s, k)) {
          // "… would be better off without …", "a better place without …": a wish that the group were gone.
          polarity = -1;
          // "Wouldn't the world be better without …?": a negated auxiliary opening the clause asks, and asserts.
          negated = clauseNegatorBefore(tokens, s, k, 8) && !negatedAuxiliaryOpens(tokens, s, k);
          break;
        } else if (k === start - 1 && endsNounPhrase(tokens, s, t, n) && worthQuestioned(tokens, s, k)) {
          // "What good are …?", "What use is a …?": the group's worth questioned.
          polarity = -1;
          decidedAt = k;
          break;
        } else if (h === TYPICAL_HASH && k === start - 1 && (t + 1 >= n || tight[t + 1] === 0)) {
          // "Typical …," as a remark of its own.
          (polarity = -1), (verb = true);
        } else if ((ck & WordClass.CHAIN) === 0 && !HATE_LINK_HASHES.has(h)) break;
        if (verb) {
          decidedAt = k;
          negated = negatorIn(classes, k - 3, k, n) || ((ck & WordClass.LIKE_VERB) !== 0 && (clauseNegatorBefore(tokens, s, k, 5) || rhetoricalQuestion(tokens, s, k)));
          past = anyIn(classes, k - 4, k, n, WordClass.PAST);
          break;
        }
      }
    }
    // Beyond the adjacent words: a threat anywhere earlier in the clause ("I'm going to burn
    // down every house where … live"), a call for harm later in it ("any … who shows up here
    // will get stabbed"), a rhetorical question about liking the group ("Who would want to
    // live near …?").
    if (polarity === 0 && !past && isGroup && endsNounPhrase(tokens, s, t, n)) {
      // "No … deserves to be killed": the negator before the group still negates a call for harm after it.
      if (threatEarlierInClause(tokens, s, start, n)) (polarity = -1), (harm = true), (negated = false);
      else if (harmLaterInClause(tokens, s, t, n)) (polarity = -1), (harm = true), (negated = negatorIn(classes, start - 2, start, n));
      else if (likeEarlierInClause(tokens, s, start) && rhetoricalQuestion(tokens, s, start)) (polarity = 1), (negated = true);
    }
    if (polarity === 0 && !past && isGroup && !reportedText && negativeWordInClause(tokens, s, start, t, n)) ev.groupNegative++;
    if (polarity === 0 || past) continue;
    const hateful = polarity < 0 ? !negated : negated;
    if (!hateful) {
      if (polarity < 0) ev.negated++;
      continue;
    }
    const from = decidedAt >= 0 ? Math.min(start, decidedAt) : start;
    const to = Math.max(t, decidedAt);
    if (reportedOutside(from, to) || quotedAndCondemned(tokens, s, from, to, n, firstCondemn < from || lastCondemn > to)) {
      ev.counter++;
      // The insult that made the reported statement hateful ("Saying … are stupid is wrong")
      // is the reported speaker's, not the text's: it no longer counts as an insult.
      if (decidedAt >= 0) forgetInsult(s, decidedAt, n);
      continue;
    }
    ev.groupHate++;
    if (harm) ev.threat++;
  }
}

/**
 * "… said "all … should die" at dinner. Disgusting.", "Posting "I hate …" makes you cruel.":
 * a statement wholly inside quotation marks is reported by them, as by "said"; it counts as
 * counter-speech when the text condemns it outside the quotation: a condemning word
 * (`condemnedOutside`), or a negative attribute or insult in the speaker's own words. With no
 * such word ("My dad says "… are vermin" and he's right") the quoted statement is the text's own.
 */
function quotedAndCondemned(tokens: TokenBuffer, s: EvidenceScratch, from: number, to: number, n: number, condemnedOutside: boolean): boolean {
  for (let k = from; k <= to; k++) if (tokens.quoted[k] === 0) return false;
  if (condemnedOutside) return true;
  for (let k = 0; k < n; k++) {
    if (tokens.quoted[k] === 0 && s.negScope[k] === 0 && (s.classes[k]! & (WordClass.NEGATIVE_ATTRIBUTE | WordClass.INSULT)) !== 0) return true;
  }
  return false;
}

/** Take back the insult evidence that token t added (toxicity-evidence.ts counts it the same way). */
function forgetInsult(s: EvidenceScratch, t: number, n: number): void {
  const c = s.classes[t]!;
  const ev = s.evidence;
  if ((c & WordClass.SLUR) === 0 && (c & WordClass.INSULT) !== 0) {
    if (insultAimedAt(s.classes, t, n)) ev.insultAimed--;
    else ev.insultWords--;
  }
  if (c & WordClass.INSULT_STANDALONE) ev.insultAimed--;
}

/** Classes of the words that make a clause around a group mention read as negative. */
const NEGATIVE_NEARBY =
  WordClass.NEGATIVE_ATTRIBUTE | WordClass.DEHUMANISING | WordClass.HATE | WordClass.VIOLENT | WordClass.VIOLENT_PARTICIPLE | WordClass.INSULT |
  WordClass.DIE;

/** A negative word (not under a negator) within eight words of the group phrase [start, t], in its clause. */
function negativeWordInClause(tokens: TokenBuffer, s: EvidenceScratch, start: number, t: number, n: number): boolean {
  for (let k = start - 1; k >= 0 && start - k <= 8 && tokens.tightBefore[k + 1] === 1; k--) {
    if ((s.classes[k]! & NEGATIVE_NEARBY) !== 0 && s.negScope[k] === 0) return true;
  }
  for (let k = t + 1; k < n && k - t <= 8 && tokens.tightBefore[k] === 1; k++) {
    if ((s.classes[k]! & NEGATIVE_NEARBY) !== 0 && s.negScope[k] === 0) return true;
  }
  return false;
}

/** The first token of the clause that holds token k (clauses break at punctuation other than one space or dot). */
function clauseStart(tokens: TokenBuffer, k: number): number {
  while (k > 0 && tokens.tightBefore[k] === 1) k--;
  return k;
}

/** A negator within the `span` words before token k, in its clause ("I wouldn't let my daughter marry …"). */
function clauseNegatorBefore(tokens: TokenBuffer, s: EvidenceScratch, k: number, span: number): boolean {
  return negatorIn(s.classes, Math.max(clauseStart(tokens, k), k - span), k, k);
}

/**
 * Whether the group phrase ending at token t is a noun phrase of its own, for the rules that
 * look beyond the adjacent words: at the end of its clause, or followed by a word the rules
 * know (a copula, modal, pronoun …) or a relative word — not by an unknown word it may
 * modify ("white vinegar", "the Somali mosque").
 */
function endsNounPhrase(tokens: TokenBuffer, s: EvidenceScratch, t: number, n: number): boolean {
  if (t + 1 >= n || tokens.tightBefore[t + 1] === 0 || s.classes[t + 1] !== 0) return true;
  return RELATIVE_HASHES.has(wordHashAt(tokens, s.resolved, t + 1));
}

/**
 * The token of a negated auxiliary that asks a question about the group rather than
 * negating what follows, or -1: one opening the clause just before the group ("Aren't …",
 * "Don't all …"), or right after a question word ("Why don't … go back?", "Why can't …").
 */
function interrogativeBefore(tokens: TokenBuffer, s: EvidenceScratch, start: number): number {
  const c = clauseStart(tokens, start);
  if (start - c > 3 || start === c) return -1;
  const aux = QUESTION_WORD_HASHES.has(wordHashAt(tokens, s.resolved, c)) ? c + 1 : c;
  if (aux >= start || start - aux > 2) return -1;
  return NEGATED_AUXILIARY_HASHES.has(s.resolved[aux] || tokens.hash[aux]!) ? aux : -1;
}

/** A clause opened by a question word, with no first-person word before token k: it asks about what others do. */
function askedAboutOthers(tokens: TokenBuffer, s: EvidenceScratch, k: number): boolean {
  const c = clauseStart(tokens, k);
  if (!QUESTION_WORD_HASHES.has(wordHashAt(tokens, s.resolved, c))) return false;
  for (let j = c + 1; j < k; j++) if (FIRST_PERSON_HASHES.has(wordHashAt(tokens, s.resolved, j))) return false;
  return true;
}

/**
 * A question opened by a question word with a marker that expects "nobody" ("Why would
 * anyone trust …", "How can we tolerate …", "Who would want …") before token k, in its clause.
 */
function rhetoricalQuestion(tokens: TokenBuffer, s: EvidenceScratch, k: number): boolean {
  const c = clauseStart(tokens, k);
  if (k - c > 10 || !QUESTION_WORD_HASHES.has(wordHashAt(tokens, s.resolved, c))) return false;
  for (let j = c + 1; j < k; j++) if (RHETORICAL_MARKER_HASHES.has(wordHashAt(tokens, s.resolved, j))) return true;
  return false;
}

/**
 * A like verb earlier in the clause than token k ("How can anyone stand being near …"). Not
 * "want": what it means hangs on the verb after it ("Who would want to help …").
 */
function likeEarlierInClause(tokens: TokenBuffer, s: EvidenceScratch, k: number): boolean {
  for (let j = clauseStart(tokens, k); j < k; j++) {
    if ((s.classes[j]! & WordClass.LIKE_VERB) !== 0 && !WANT_HASHES.has(wordHashAt(tokens, s.resolved, j))) return true;
  }
  return false;
}

/**
 * A violent verb up to ten words earlier in the clause, with a speaker or a modal before it
 * or opening the clause as an imperative, and not negated or in the past: a threat whose
 * object phrase holds the group ("I'm going to burn down every house where …"). A wish
 * ("to") is not enough here: "the way to get rid of limescale is white vinegar".
 */
function threatEarlierInClause(tokens: TokenBuffer, s: EvidenceScratch, start: number, n: number): boolean {
  const c = clauseStart(tokens, start);
  for (let k = start - 1; k >= c && start - k <= 10; k--) {
    if ((s.classes[k]! & WordClass.VIOLENT) === 0 || s.negScope[k] === 1) continue;
    const from = Math.max(c, k - 5);
    // "we're going to" is written "were going to": a past word before a future marker is not the past.
    if ((anyIn(s.classes, from, k, n, WordClass.PAST) && !anyHash(tokens, s, from, k, n, GOING_HASHES)) || clauseNegatorBefore(tokens, s, k, 5)) return false;
    if (k === c || anyIn(s.classes, from, k, n, WordClass.THREAT_SUBJECT | WordClass.MODAL)) return true;
  }
  return false;
}

/**
 * A modal up to eight words after the group, then within three words (through function words
 * and "get") a violent participle or a dying word ("… who shows up here will get stabbed").
 */
function harmLaterInClause(tokens: TokenBuffer, s: EvidenceScratch, t: number, n: number): boolean {
  for (let k = t + 1; k < n && k - t <= 8 && tokens.tightBefore[k] === 1; k++) {
    const ck = s.classes[k]!;
    if ((ck & (WordClass.NEGATOR | WordClass.PAST)) !== 0) return false;
    if ((ck & WordClass.MODAL) === 0) continue;
    for (let j = k + 1; j < n && j <= k + 3 && tokens.tightBefore[j] === 1; j++) {
      const cj = s.classes[j]!;
      if ((cj & (WordClass.VIOLENT_PARTICIPLE | WordClass.DIE)) !== 0) return true;
      if ((cj & WordClass.CHAIN) === 0 && !isWord(tokens, j, "get")) break;
    }
  }
  return false;
}

/** Whether a token of [from, to) (clamped) is one of `hashes`. */
function anyHash(tokens: TokenBuffer, s: EvidenceScratch, from: number, to: number, n: number, hashes: Set<number>): boolean {
  for (let k = Math.max(0, from); k < Math.min(n, to); k++) if (hashes.has(wordHashAt(tokens, s.resolved, k))) return true;
  return false;
}

/**
 * A negator and a frame word ("not true that", "never say", "don't think") within the six
 * words before a statement, in its clause: the statement is what is negated.
 */
function negatedFrameBefore(tokens: TokenBuffer, s: EvidenceScratch, start: number, n: number): boolean {
  let frame = false;
  for (let k = start - 1; k >= 0 && start - k <= 6; k--) {
    if (tokens.tightBefore[k + 1] === 0) return false;
    // "Isn't it obvious that …", "Don't you think …": a question, which asserts.
    if ((s.classes[k]! & WordClass.NEGATOR) !== 0) return frame && !(k === clauseStart(tokens, k) && NEGATED_AUXILIARY_HASHES.has(wordHashAt(tokens, s.resolved, k)));
    // "It is a myth that …", "It's false that …": denied, unless a negator denies the denial.
    if (DENIAL_HASHES.has(wordHashAt(tokens, s.resolved, k)) && tokens.hash[k + 1] === THAT_HASH && k + 1 < start) return !negatorIn(s.classes, k - 2, k, n);
    if (NEGATED_FRAME_HASHES.has(wordHashAt(tokens, s.resolved, k))) frame = true;
  }
  return false;
}

/** "better" as a state within three words before "without" at k, in its clause ("be better off without", "a better place without"). */
function betterWithout(tokens: TokenBuffer, s: EvidenceScratch, k: number): boolean {
  for (let j = k - 1; j >= 1 && k - j <= 3 && tokens.tightBefore[j + 1] === 1; j--) {
    if ((wordHashAt(tokens, s.resolved, j)) === BETTER_HASH && tokens.tightBefore[j] === 1 && STATE_BEFORE_BETTER_HASHES.has(tokens.hash[j - 1]!)) return true;
  }
  return false;
}

/** "… more than <group>" after a hate verb within five words of "more", in its clause ("I have never hated anything more than …"). */
function hatredComparedTo(tokens: TokenBuffer, s: EvidenceScratch, start: number): boolean {
  const tight = tokens.tightBefore;
  if (start < 3 || tokens.hash[start - 1] !== THAN_HASH || tokens.hash[start - 2] !== MORE_HASH || tight[start] === 0 || tight[start - 1] === 0) return false;
  for (let j = start - 3; j >= 0 && start - 2 - j <= 5 && tight[j + 1] === 1; j--) {
    if ((s.classes[j]! & WordClass.HATE) !== 0) return !askedAboutOthers(tokens, s, j);
  }
  return false;
}

/**
 * "Nothing is worse than …", "Is there anything worse than a …": "worse than" right before the
 * group phrase (an article may stand between), with a superlative subject up to five words
 * before "worse" in its clause. The negative subject belongs to the comparison: the group is
 * put below everything, which is no negation of the statement.
 */
function noneWorseThan(tokens: TokenBuffer, s: EvidenceScratch, start: number): boolean {
  let than = start - 1;
  if (than >= 0 && ARTICLE_HASHES.has(tokens.hash[than]!)) than--;
  const worse = than - 1;
  if (worse < 1 || tokens.hash[than] !== THAN_HASH || tokens.hash[worse] !== WORSE_HASH) return false;
  const c = clauseStart(tokens, start);
  if (c > worse) return false;
  for (let j = worse - 1; j >= c && worse - j <= 5; j--) if (SUPERLATIVE_SUBJECT_HASHES.has(wordHashAt(tokens, s.resolved, j))) return true;
  return false;
}

/**
 * A hate verb right after a relative "who"/"that" ("I'm fed up with people who hate …",
 * "anyone that hates …"): the hatred of someone the text describes, not the speaker's. It is
 * the speaker's when a first-person word is the antecedent or stands up to three words before
 * it ("I am someone who hates …", "those of us who hate …").
 */
function hatredOfOthers(tokens: TokenBuffer, s: EvidenceScratch, k: number): boolean {
  if (k < 2 || tokens.tightBefore[k] === 0 || !RELATIVE_SUBJECT_HASHES.has(tokens.hash[k - 1]!)) return false;
  const antecedent = k - 2;
  for (let j = antecedent; j >= 0 && antecedent - j <= 3; j--) {
    if (FIRST_PERSON_HASHES.has(wordHashAt(tokens, s.resolved, j))) return false;
    if (tokens.tightBefore[j] === 0) break;
  }
  return true;
}

/** Whether the clause holding token k opens with a negated auxiliary ("Wouldn't …", "Isn't …"): a question. */
function negatedAuxiliaryOpens(tokens: TokenBuffer, s: EvidenceScratch, k: number): boolean {
  return NEGATED_AUXILIARY_HASHES.has(wordHashAt(tokens, s.resolved, clauseStart(tokens, k)));
}

/**
 * "What is wrong with …" ("what's", "what the hell is") opening the clause, with the group
 * phrase ending it: the question presumes a fault in the group. Not when the phrase goes
 * on ("What is wrong with Kurdish cooking?") or the group is one word of a longer object
 * ("… with being …" does not reach here: the group must follow "with").
 */
function whatIsWrongWith(tokens: TokenBuffer, s: EvidenceScratch, wrong: number, t: number, n: number): boolean {
  const c = clauseStart(tokens, wrong);
  if (wrong - c > 4 || wordHashAt(tokens, s.resolved, c) !== WHAT_HASH) return false;
  return t + 1 >= n || tokens.tightBefore[t + 1] === 0;
}

/**
 * Whether the group phrase at `start` is the object of a relative clause: "who" or "that" two
 * or three words before it in its clause, followed by a word that is not a function word of
 * the rules ("people who hate …", "anyone that ever met …").
 */
function objectOfRelative(tokens: TokenBuffer, s: EvidenceScratch, start: number): boolean {
  const c = clauseStart(tokens, start);
  for (let j = start - 2; j >= c && start - j <= 3; j--) {
    // "They say that all … are lazy": "that" before a determiner opens a statement, not a relative clause.
    if (RELATIVE_SUBJECT_HASHES.has(wordHashAt(tokens, s.resolved, j))) return (s.classes[j + 1]! & WordClass.CHAIN) === 0;
  }
  return false;
}

/**
 * Whether the positive word at k, right before a group phrase, names a good member that the
 * clause denies: an indefinite article before it, and up to six words before the article a
 * negator or "yet" and a word of meeting or existence ("There is no such thing as a smart
 * …", "I have never met an honest …", "I have yet to meet a decent …"). Not "No good …
 * would do that" (no article) nor "I don't want a good … to suffer" (no meeting word).
 */
function goodOneDenied(tokens: TokenBuffer, s: EvidenceScratch, k: number): boolean {
  const article = k - 1;
  if (article < 1 || tokens.tightBefore[k] === 0 || !INDEFINITE_ARTICLE_HASHES.has(tokens.hash[article]!)) return false;
  const c = clauseStart(tokens, k);
  let denied = false;
  let meeting = false;
  for (let j = article - 1; j >= c && article - j <= 6; j--) {
    const h = wordHashAt(tokens, s.resolved, j);
    if ((s.classes[j]! & WordClass.NEGATOR) !== 0 || h === YET_HASH) denied = true;
    if (MEETING_HASHES.has(h)) meeting = true;
  }
  return denied && meeting;
}

/**
 * The token of "want"/"need" that governs the group phrase at `start` ("I want … gone", "we
 * need all … out"): right before it, or with at most two function words of the rules between
 * ("want all the …"); -1 when there is none.
 */
function wantedAt(tokens: TokenBuffer, s: EvidenceScratch, start: number): number {
  const seeing = seeingWishBefore(tokens, s, start);
  if (seeing >= 0) return seeing;
  for (let k = start - 1; k >= 0 && start - k <= 3; k--) {
    if (tokens.tightBefore[k + 1] === 0) return -1;
    if (WANT_OR_NEED_HASHES.has(wordHashAt(tokens, s.resolved, k))) return k;
    if ((s.classes[k]! & WordClass.CHAIN) === 0) return -1;
  }
  return -1;
}

/** A harm noun (or negative attribute) within three words after the imputing verb at k, in its clause. */
function harmWithin(tokens: TokenBuffer, s: EvidenceScratch, k: number, n: number): boolean {
  for (let j = k + 1; j < n && j <= k + 3 && tokens.tightBefore[j] === 1; j++) {
    if (HARM_NOUN_HASHES.has(wordHashAt(tokens, s.resolved, j)) || (s.classes[j]! & WordClass.NEGATIVE_ATTRIBUTE) !== 0) return true;
  }
  return false;
}

/**
 * A verb of suffering at k used of its subject, not with an object ("… burn", "… rot in
 * hell", "… starve to death"; not "… burn fat", "… burn off energy"): it ends its clause or a
 * word of manner or place follows it.
 */
function sufferedAt(tokens: TokenBuffer, s: EvidenceScratch, k: number, n: number): boolean {
  if (!SUFFERING_HASHES.has(wordHashAt(tokens, s.resolved, k))) return false;
  return k + 1 >= n || tokens.tightBefore[k + 1] === 0 || SUFFERING_TAIL_HASHES.has(wordHashAt(tokens, s.resolved, k + 1));
}

/**
 * "I want to see …", "I'd love to watch …": a verb of wanting, "to" and a verb of seeing right
 * before the group phrase starting at `start` (one clause); the wanting verb's index, or -1.
 */
function seeingWishBefore(tokens: TokenBuffer, s: EvidenceScratch, start: number): number {
  const k = start - 3;
  if (k < 0 || tokens.tightBefore[k + 1] === 0 || tokens.tightBefore[k + 2] === 0 || tokens.tightBefore[start] === 0) return -1;
  if (!SEE_HASHES.has(wordHashAt(tokens, s.resolved, k + 2)) || tokens.hash[k + 1] !== TO_HASH) return -1;
  return SEEING_WISH_HASHES.has(wordHashAt(tokens, s.resolved, k)) ? k : -1;
}

/**
 * What a wish wants for the group phrase ending at t, from the words right after it: 2 for
 * death or harm ("… dead", "… shot", "… to die", "… suffer"), 1 for removal ("… gone", "… out of this
 * country", "… to leave", "… to go back"), 0 for anything else ("… in my team", "… out on
 * the field", "… to go to the party").
 */
function wishedFate(tokens: TokenBuffer, s: EvidenceScratch, t: number, n: number): number {
  const k = t + 1;
  if (k >= n || tokens.tightBefore[k] === 0) return 0;
  const h = wordHashAt(tokens, s.resolved, k);
  const c = s.classes[k]!;
  if ((c & (WordClass.DIE | WordClass.VIOLENT_PARTICIPLE)) !== 0 || sufferedAt(tokens, s, k, n)) return 2;
  // "I want to see … disappear".
  if (VANISH_HASHES.has(h)) return 1;
  if (GONE_HASHES.has(h)) {
    // "… out", "… out of this country", not "… out on the field": a particle ends its clause or leads to where from.
    if (!PARTICLE_HASHES.has(h) || k + 1 >= n || tokens.tightBefore[k + 1] === 0) return 1;
    return FROM_OR_OF_HASHES.has(wordHashAt(tokens, s.resolved, k + 1)) ? 1 : 0;
  }
  if (h !== TO_HASH || k + 1 >= n || tokens.tightBefore[k + 1] === 0) return 0;
  if ((s.classes[k + 1]! & WordClass.DIE) !== 0 || sufferedAt(tokens, s, k + 1, n)) return 2;
  const verb = wordHashAt(tokens, s.resolved, k + 1);
  if (!GO_HASHES.has(verb)) return 0;
  // "to go" only with a particle of expulsion ("to go back", "to go home"); "to leave", "to disappear" on their own.
  if (verb === GO_HASH) return k + 2 < n && tokens.tightBefore[k + 2] === 1 && EXPEL_PARTICLE_HASHES.has(wordHashAt(tokens, s.resolved, k + 2)) ? 1 : 0;
  return 1;
}

/**
 * "What good are …", "What use is a …": the copula at k right before the group phrase (an
 * article may stand between), "good" or "use" before it and "what" opening the clause.
 */
function worthQuestioned(tokens: TokenBuffer, s: EvidenceScratch, k: number): boolean {
  let copula = k;
  if (INDEFINITE_ARTICLE_HASHES.has(tokens.hash[copula]!) && copula > 0 && tokens.tightBefore[copula] === 1) copula--;
  if (copula < 2 || !COPULA_HASHES.has(tokens.hash[copula]!) || tokens.tightBefore[copula] === 0 || tokens.tightBefore[copula - 1] === 0) return false;
  if (!WORTH_HASHES.has(wordHashAt(tokens, s.resolved, copula - 1))) return false;
  return clauseStart(tokens, copula - 1) === copula - 2 && wordHashAt(tokens, s.resolved, copula - 2) === WHAT_HASH;
}
