import type { TextCounts } from "./text-counts.js";

/** textstat 0.7.11's scores of one text (no rounding, as `set_rounding(False)`). */
export interface ReadabilityScores {
  flesch_reading_ease: number;
  flesch_kincaid_grade: number;
  gunning_fog: number;
  smog_index: number;
  coleman_liau_index: number;
  automated_readability_index: number;
  dale_chall_readability_score: number;
  linsear_write_formula: number;
  /** `text_standard(text, float_output=True)`: the consensus grade. */
  text_standard: number;
  syllable_count: number;
  lexicon_count: number;
  sentence_count: number;
  difficult_words: number;
  polysyllabcount: number;
  letter_count: number;
  char_count: number;
}

/** Python's `a / b` where textstat catches ZeroDivisionError and returns 0. */
function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

/**
 * textstat's formulas over the counts. Each expression keeps textstat's order of
 * operations so that floating-point results (and so text_standard's floor/ceil at
 * integer boundaries) come out bit-identical.
 */
export function scoresFromCounts(c: TextCounts): ReadabilityScores {
  const wordsPerSentence = ratio(c.words, c.sentences);
  const syllablesPerWord = ratio(c.syllables, c.words);

  const fleschReadingEase = 206.835 - 1.015 * wordsPerSentence - 84.6 * syllablesPerWord;
  const fleschKincaidGrade = 0.39 * wordsPerSentence + 11.8 * syllablesPerWord - 15.59;
  const gunningFog = c.words === 0 ? 0 : 0.4 * (wordsPerSentence + (100 * c.hardWords) / c.words);
  const smogIndex = c.sentences === 0 ? 0 : 1.043 * Math.sqrt(30 * (c.polysyllables / c.sentences)) + 3.1291;
  const colemanLiauIndex = colemanLiau(c);
  const automatedReadabilityIndex = ari(c, wordsPerSentence);
  const daleChall = daleChallScore(c, wordsPerSentence);
  const linsear = linsearWrite(c);

  const scores: ReadabilityScores = {
    flesch_reading_ease: fleschReadingEase,
    flesch_kincaid_grade: fleschKincaidGrade,
    gunning_fog: gunningFog,
    smog_index: smogIndex,
    coleman_liau_index: colemanLiauIndex,
    automated_readability_index: automatedReadabilityIndex,
    dale_chall_readability_score: daleChall,
    linsear_write_formula: linsear,
    text_standard: 0,
    syllable_count: c.syllables,
    lexicon_count: c.words,
    sentence_count: c.sentences,
    difficult_words: c.difficultWords,
    polysyllabcount: c.polysyllables,
    letter_count: c.letters,
    char_count: c.chars,
  };
  scores.text_standard = textStandard(scores);
  return scores;
}

function colemanLiau(c: TextCounts): number {
  const lettersPer100 = ratio(c.letters, c.words) * 100;
  const sentencesPer100 = ratio(c.sentences, c.words) * 100;
  return 0.058 * lettersPer100 - 0.296 * sentencesPer100 - 15.8;
}

function ari(c: TextCounts, wordsPerSentence: number): number {
  // textstat divides by all whitespace tokens here, punctuation-only ones included.
  const charsPerWord = ratio(c.chars, c.tokens);
  if (charsPerWord === 0 || wordsPerSentence === 0) return 0;
  return 4.71 * charsPerWord + 0.5 * wordsPerSentence - 21.43;
}

function daleChallScore(c: TextCounts, wordsPerSentence: number): number {
  if (c.words === 0) return 0;
  const percentDifficult = (100 * c.unfamiliarWords) / c.words;
  let score = 0.1579 * percentDifficult + 0.0496 * wordsPerSentence;
  if (percentDifficult > 5) score += 3.6365;
  return score;
}

function linsearWrite(c: TextCounts): number {
  if (c.linsearSentences === 0) return 0;
  let value = (c.linsearEasy * 1 + c.linsearHard * 3) / c.linsearSentences;
  if (value <= 20) value -= 2;
  return value / 2;
}

/**
 * Append the grade(s) of a Flesch Reading Ease band at grades[at]: 60–70 gives 8 and 9,
 * >= 100 and < 30 give 13. Returns the new end.
 */
function pushFleschBandGrades(fre: number, grades: Float64Array, at: number): number {
  if (fre < 100 && fre >= 90) grades[at++] = 5;
  else if (fre < 90 && fre >= 80) grades[at++] = 6;
  else if (fre < 80 && fre >= 70) grades[at++] = 7;
  else if (fre < 70 && fre >= 60) {
    grades[at++] = 8;
    grades[at++] = 9;
  } else if (fre < 60 && fre >= 50) grades[at++] = 10;
  else if (fre < 50 && fre >= 40) grades[at++] = 11;
  else if (fre < 40 && fre >= 30) grades[at++] = 12;
  else grades[at++] = 13;
  return at;
}

/** Append floor, ceil and round-half-even of x at grades[at]. Returns the new end. */
function pushThreeGrades(x: number, grades: Float64Array, at: number): number {
  grades[at] = Math.floor(x);
  grades[at + 1] = Math.ceil(x);
  grades[at + 2] = roundHalfEven(x);
  return at + 3;
}

/** Scratch for textStandard's candidate grades (at most 7 × 3 + 2), reused: it runs per text. */
const candidateGrades = new Float64Array(23);

/** Python's round(): half to even (exact on doubles: x - floor(x) is exact here). */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * textstat's consensus grade: floor, ceil and round-half-even of FK grade, then the
 * Flesch band grade(s), then the same three of SMOG, Coleman-Liau, ARI, Dale-Chall,
 * Linsear Write and Gunning Fog; the most frequent grade wins, ties going to the one
 * seen first (Counter.most_common). The fixture confirms this order and these rules.
 */
export function textStandard(s: ReadabilityScores): number {
  const grades = candidateGrades;
  let n = pushThreeGrades(s.flesch_kincaid_grade, grades, 0);
  n = pushFleschBandGrades(s.flesch_reading_ease, grades, n);
  n = pushThreeGrades(s.smog_index, grades, n);
  n = pushThreeGrades(s.coleman_liau_index, grades, n);
  n = pushThreeGrades(s.automated_readability_index, grades, n);
  n = pushThreeGrades(s.dale_chall_readability_score, grades, n);
  n = pushThreeGrades(s.linsear_write_formula, grades, n);
  n = pushThreeGrades(s.gunning_fog, grades, n);
  let best = grades[0]!;
  let bestCount = 0;
  for (let i = 0; i < n; i++) {
    const g = grades[i]!;
    let count = 0;
    for (let j = 0; j < n; j++) if (grades[j] === g) count++;
    if (count > bestCount) {
      best = g;
      bestCount = count;
    }
  }
  return best + 0; // normalise -0 to 0
}
