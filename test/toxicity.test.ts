import { describe, expect, it } from "vitest";
import { LexiconToxicityScorer } from "../src/metrics/toxicity/lexicon-toxicity-scorer.js";
import { EmbeddedToxicityClassifier } from "../src/metrics/toxicity/embedded-toxicity-classifier.js";
import { sentenceSpans } from "../src/base/sentence-spans.js";
import type { ToxicityLabel } from "../src/metrics/toxicity/toxicity-evidence.js";
import { loadToxicityLexicon } from "../src/metrics/toxicity/lexicon.js";
import { TokenBuffer, tokenize, TOKEN_LEET, TOKEN_MASKED, TOKEN_REPEATED } from "../src/metrics/toxicity/text-tokens.js";
import { loadShippedToxicityModel } from "../src/metrics/toxicity/toxicity-model-file.js";
import { readToxicityCorpus, splitOf } from "../src/metrics/toxicity/toxicity-corpus.js";
import { atThreshold, reliabilityBins, rocAuc } from "../src/metrics/toxicity/ranking-metrics.js";
import { cussLookupScore } from "../bench/toxicity-baselines.js";
import { fnvString } from "../src/base/hashing.js";
import { haveShared, sharedPath } from "./shared-data.js";
import { HATEFUL, TEMPLATE_GROUPS, flaggedRates, functionalCases, type Phenomenon } from "../bench/toxicity-functional-suite.js";
import { viewOfConversations, viewOfPairs } from "./toxicity-view.js";
import { HOLDOUT_GROUPS, holdoutCases, holdoutRates, holdoutSummary } from "../bench/toxicity-functional-holdout.js";

const scorer = new LexiconToxicityScorer();
const score = (text: string) => scorer.scoreText(text);
const THRESHOLD = 0.3; // the card's filter threshold

describe("canonical tokens", () => {
  it("maps leetspeak symbols, keeps masks as wildcards, shortens stretched letters, drops edge punctuation", () => {
    const buf = new TokenBuffer();
    tokenize("B!tch f**k Fuuuuck idiot!!! c++ you're", buf);
    const words = Array.from({ length: buf.count }, (_, i) => buf.tokenText(i));
    expect(words).toEqual(["bitch", "f**k", "fuuck", "idiot", "c", "youre"]);
    expect(buf.flags[0]! & TOKEN_LEET).toBeTruthy();
    expect(buf.flags[1]! & TOKEN_MASKED).toBeTruthy();
    expect(buf.flags[2]! & TOKEN_REPEATED).toBeTruthy();
    expect(buf.flags[3]).toBe(0);
  });

  it("marks the words inside a closed pair of double quotation marks, straight or curly, on their line", () => {
    const buf = new TokenBuffer();
    const quoted = (text: string): string[] => {
      tokenize(text, buf);
      return Array.from({ length: buf.count }, (_, i) => buf.tokenText(i)).filter((_, i) => buf.quoted[i] === 1);
    };
    expect(quoted('He said "go home now" and left.')).toEqual(["go", "home", "now"]);
    expect(quoted("A \u201cfirst\u201d and a \u201csecond one\u201d.")).toEqual(["first", "second", "one"]);
    // A quotation never closed, or closed only on a later line, is no quotation.
    expect(quoted('He said "go home now and left.')).toEqual([]);
    expect(quoted('He said "go home\nnow" and left.')).toEqual([]);
    // Apostrophes are not quotation marks; the buffer is reused without stale marks.
    expect(quoted("It's 'fine', she said.")).toEqual([]);
  });
});

describe("embedded toxicity: categories", () => {
  const cases: Array<[string, string]> = [
    ["This is fucking bullshit.", "profanity"],
    ["You are such an idiot.", "insult"],
    ["you pathetic moron", "insult"],
    ["Shut up, nobody asked you.", "insult"],
    ["I will kill you.", "threat"],
    ["I'm going to find you and hurt you.", "threat"],
    ["hope you die", "threat"],
    ["kill yourself", "threat"],
    ["Jews are vermin and should be gassed.", "identity_attack"],
    ["kill all muslims", "identity_attack"],
    ["get out of here you faggot", "identity_attack"],
    ["send nudes, I want to see your pussy", "sexual"],
  ];
  for (const [text, label] of cases) {
    it(`"${text}" → ${label}, above the threshold`, () => {
      const r = score(text);
      expect(r.labels).toContain(label);
      expect(r.score).toBeGreaterThan(THRESHOLD);
    });
  }

  it("ordinary instructions stay below the threshold and name nothing", () => {
    // Short neutral texts sit around 0.1-0.2, not near 0: in the training comments short
    // texts are more often toxic (see docs/scorers.md, Toxicity).
    for (const text of [
      "How do I kill a process in Linux?",
      "Write a Python function that sorts a list of numbers.",
      "Explain how photosynthesis works in simple terms.",
      "What is the capital of France?",
      "The master and slave databases replicate every hour.",
      "Give me a recipe for chocolate chip cookies.",
    ]) {
      const r = score(text);
      expect(r.score, text).toBeLessThan(0.2);
      expect(r.labels, text).toEqual([]);
    }
  });
});

describe("embedded toxicity: obfuscations", () => {
  const cases: Array<[string, string]> = [
    ["what the f*ck", "what the fuck"],
    ["what the f**k is this", "what the fuck is this"],
    ["sh1t happens", "shit happens"],
    ["b!tch please", "bitch please"],
    ["you a$$hole", "you asshole"],
    ["f u c k this", "fuck this"],
    ["s.h.i.t", "shit"],
    ["fuuuuuck this", "fuck this"],
    ["sh!t", "shit"],
  ];
  for (const [hidden, plain] of cases) {
    it(`"${hidden}" is read as "${plain}"`, () => {
      const r = score(hidden);
      expect(r.labels).toContain("obfuscated");
      expect(r.labels).toContain("profanity");
      // As toxic as the plain spelling (give or take the different n-grams), far above a neutral text.
      expect(r.score).toBeGreaterThan(score(plain).score - 0.1);
      expect(r.score).toBeGreaterThan(0.15);
    });
  }
  it("a masked word needs two visible letters and a known word of its length", () => {
    expect(score("rated f** for violence").labels).not.toContain("obfuscated");
    expect(score("use c# or f# for this").labels).toEqual([]);
  });
});

describe("embedded toxicity: Scunthorpe whitelist", () => {
  const innocent = [
    "The pilot checked the cockpit instruments.",
    "Ty Coon won the regional election.",
    "She grew up in Essex and moved to Sussex.",
    "Scunthorpe United won on Saturday.",
    "The assassin escaped through the window.",
    "Our class starts at nine.",
    "Add the shitake mushrooms to the pan.",
    "Moby Dick is a novel by Herman Melville.",
    "Dick Cheney was vice president.",
    "The therapist suggested a cocktail of approaches.",
  ];
  for (const text of innocent) {
    it(`"${text}" is not toxic`, () => {
      const r = score(text);
      expect(r.labels).toEqual([]);
      expect(r.score).toBeLessThan(THRESHOLD);
    });
  }
  it("the same words in a toxic frame still count", () => {
    expect(score("you dick").score).toBeGreaterThan(THRESHOLD);
    expect(score("fucking coon").labels).toContain("identity_attack");
  });
});

describe("embedded toxicity: group statements on generated templates (the project's own, bench/toxicity-functional-suite.ts)", () => {
  const cases = functionalCases();
  const rates = flaggedRates(cases, (t) => score(t).score, THRESHOLD);
  // Floors and ceilings measured on the shipped model, with a margin; see bench/RESULTS.md.
  const expected: Record<Phenomenon, [number, number]> = {
    "hate verb": [0.9, 1],
    generalisation: [0.7, 1],
    dehumanising: [0.9, 1],
    threat: [0.9, 1],
    "negated positive": [0.9, 1],
    obfuscated: [0.9, 1],
    "neutral identity": [0, 0.03],
    "positive identity": [0, 0.03],
    "negated hate": [0, 0.1],
    "counter-speech": [0, 0.6],
  };
  for (const [phenomenon, [lo, hi]] of Object.entries(expected) as Array<[Phenomenon, [number, number]]>) {
    it(`${phenomenon}: ${HATEFUL[phenomenon] ? "hateful" : "not hateful"}, ${lo * 100}–${hi * 100}% flagged`, () => {
      const r = rates.get(phenomenon)!;
      expect(r.total).toBeGreaterThanOrEqual(TEMPLATE_GROUPS.length * 3);
      const rate = r.flagged / r.total;
      expect(rate).toBeGreaterThanOrEqual(lo);
      expect(rate).toBeLessThanOrEqual(hi);
    });
  }

  it("identity terms carry no weight of their own: one template scores the same for every group", () => {
    const scores = TEMPLATE_GROUPS.map((g) => score(`My neighbour is ${g.adjective}.`).score);
    for (const s of scores) expect(s).toBe(scores[0]);
    expect(scores[0]).toBeLessThan(0.15);
    for (const g of TEMPLATE_GROUPS) expect(score(`My neighbour is ${g.adjective}.`).labels).toEqual([]);
  });

  it("a negator flips a hateful statement: 'I don't hate …' is far below 'I hate …' for every group", () => {
    for (const g of TEMPLATE_GROUPS) {
      const hate = score(`I hate ${g.plural}.`);
      const negated = score(`I don't hate ${g.plural}.`);
      expect(hate.labels).toContain("identity_attack");
      expect(negated.labels).not.toContain("identity_attack");
      expect(negated.score).toBeLessThan(hate.score - 0.3);
    }
  });

  it("a negated positive predicate is hateful, a negated negative one is not", () => {
    for (const g of TEMPLATE_GROUPS) {
      expect(score(`${g.plural} are not human.`).labels).toContain("identity_attack");
      expect(score(`${g.plural} are not terrorists.`).labels).not.toContain("identity_attack");
    }
  });

  it("a call for violence against a group is a threat and an identity attack", () => {
    for (const g of TEMPLATE_GROUPS) {
      expect(score(`${g.plural} should be shot.`).labels).toEqual(expect.arrayContaining(["threat", "identity_attack"]));
      expect(score(`I will never hurt ${g.plural}.`).labels).not.toContain("threat");
    }
  });

  it("past-tense statements (history) and group words in other senses are not group attacks", () => {
    for (const text of ["Women were not allowed to vote until 1920.", "Many Jews were killed in the war.", "The black cat sat on the mat."]) {
      expect(score(text).labels, text).not.toContain("identity_attack");
      expect(score(text).score, text).toBeLessThan(THRESHOLD);
    }
  });

  it("reads misspelled and run-together rule words, but leaves real words alone", () => {
    const plain = score("I hate Muslims.").score;
    for (const text of ["I hate Mulsims.", "I hate Muslms.", "Ihate Muslims.", "I h4te Muslims.", "I hate M u s l i m s."]) {
      const r = score(text);
      expect(r.labels, text).toContain("identity_attack");
      expect(r.score, text).toBeGreaterThan(plain - 0.15);
    }
    expect(score("you are an idoit").labels).toContain("obfuscated");
    // "weevil" is a real word, not "we" + "evil".
    expect(score("The weevil ate the grain.").labels).toEqual([]);
  });
});

describe("embedded toxicity: the independent functional check set (bench/toxicity-functional-holdout.ts)", () => {
  const cases = holdoutCases();
  const summary = holdoutSummary(holdoutRates(cases, (t) => score(t).score, THRESHOLD));

  it("covers many groups and every functionality with enough cases", () => {
    expect(HOLDOUT_GROUPS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(HOLDOUT_GROUPS.map((g) => g.kind)).size).toBe(8);
    expect(summary.flag.total).toBeGreaterThan(5000);
    expect(summary.identity.total).toBeGreaterThan(1000);
  });

  // Floors and ceilings measured on the shipped model, with a margin; see bench/RESULTS.md.
  it("flags most hateful cases, almost no neutral or positive identity statements and little negated hate", () => {
    expect(summary.flag.flagged / summary.flag.total).toBeGreaterThan(0.83);
    // The sealed frames were never read while writing the rules: the honest figure for new wording.
    expect(summary.flag.sealedFlagged / summary.flag.sealedTotal).toBeGreaterThan(0.75);
    expect(summary.identity.flagged / summary.identity.total).toBeLessThanOrEqual(0.03);
    expect(summary.negated.flagged / summary.negated.total).toBeLessThanOrEqual(0.1);
  });

  it("judges groups beyond the frequent ones, including names that contain a slur's letters", () => {
    for (const group of ["Romanians", "Haitians", "Nigerians", "Kurds", "pensioners", "asexual people"]) {
      expect(score(`I hate ${group}.`).labels, group).toContain("identity_attack");
      expect(score(`${group} are vermin.`).score, group).toBeGreaterThan(THRESHOLD);
      expect(score(`My neighbours are ${group}.`).score, group).toBeLessThan(0.15);
    }
    expect(score("The Nigerian team won the match.").labels).toEqual([]);
  });

  it("an adjective names a group only before a group noun", () => {
    expect(score("Old people are useless.").labels).toContain("identity_attack");
    expect(score("Old code is useless.").labels).not.toContain("identity_attack");
  });

  it("a negated frame negates the statement it introduces", () => {
    for (const text of ["It's not true that Kurds are lazy.", "I don't think Muslims are dangerous.", "I will never say that women are inferior."]) {
      const r = score(text);
      expect(r.labels, text).not.toContain("identity_attack");
      expect(r.score, text).toBeLessThan(THRESHOLD);
    }
    expect(score("I don't know why Kurds are so lazy.").labels).toContain("identity_attack");
  });

  it("reads wishes, causatives, pronouns after a copula, degrading places and expulsion as statements about the group", () => {
    for (const text of [
      "It would be best if Haitians were all put down.",
      "Immigrants make me sick.",
      "I met some refugees. They are vermin.",
      "Women belong in the kitchen.",
      "Keep Muslims away from our schools.",
      "Typical Romanian, always late.",
      "Refugeesare filthy animals.",
    ]) {
      expect(score(text).labels, text).toContain("identity_attack");
    }
    for (const text of ["If women were allowed to vote, things would change.", "I met some refugees. They are tired.", "Get more women out to vote."]) {
      expect(score(text).labels, text).not.toContain("identity_attack");
    }
  });
});

describe("embedded toxicity: constructions and word senses beyond the listed phrases", () => {
  const classifier = new EmbeddedToxicityClassifier();
  const evidence = (text: string) => {
    classifier.score(text);
    return { ...classifier.scratch.evidence };
  };
  const attacks = (text: string): boolean => score(text).labels.includes("identity_attack");
  /** Each of `hateful` is a hateful group statement and is flagged; none of `neutral` is either. */
  const expectGroupStatements = (hateful: string[], neutral: string[]): void => {
    for (const text of hateful) {
      expect(evidence(text).groupHate, text).toBeGreaterThan(0);
      expect(attacks(text), text).toBe(true);
    }
    for (const text of neutral) {
      expect(evidence(text).groupHate, text).toBe(0);
      expect(attacks(text), text).toBe(false);
    }
  };

  /** Each text reports a group statement to condemn it: counter-speech, no hate, under the threshold. */
  const expectCounterSpeech = (texts: string[]): void => {
    for (const text of texts) {
      expect(evidence(text).counter, text).toBeGreaterThan(0);
      expect(evidence(text).groupHate, text).toBe(0);
      expect(score(text).score, text).toBeLessThan(THRESHOLD);
    }
  };
  /** Each text's group statement is the speaker's own: hate, no counter-speech, over the threshold. */
  const expectOwnHate = (texts: string[]): void => {
    for (const text of texts) {
      expect(evidence(text).counter, text).toBe(0);
      expect(evidence(text).groupHate, text).toBeGreaterThan(0);
      expect(score(text).score, text).toBeGreaterThan(THRESHOLD);
    }
  };

  it("reads words of the listed senses that no list of ours names (WordNet), but never through a misspelling", () => {
    const lexicon = loadToxicityLexicon();
    for (const word of ["deceitful", "crooks", "strangle", "strangled", "detest", "trustworthy"]) {
      expect(lexicon.entry(word), word).toBeDefined();
    }
    expect(lexicon.entry("deceitful")!.derived).toBe(true);
    const misspelling = (w: string) => lexicon.lookupMisspelling(Uint16Array.from(w, (ch) => ch.charCodeAt(0)), 0, w.length, fnvString(w))?.word;
    expect(misspelling("verimn")).toBe("vermin"); // our own list: read through a swap
    expect(misspelling("deceitfl")).toBeUndefined(); // derived: never
    for (const text of ["Haitians are deceitful.", "Kurds are crooks.", "I detest Romanians.", "Catholics are not trustworthy."]) {
      expect(attacks(text), text).toBe(true);
      expect(score(text).score, text).toBeGreaterThan(THRESHOLD);
    }
    for (const text of ["I will strangle a Haitian.", "Pensioners should be strangled."]) expect(score(text).labels, text).toContain("threat");
    // Plain facts and plights are not degrading attributes.
    for (const text of ["Refugees are poor and need help.", "Pensioners are slow to adopt new phones."]) expect(attacks(text), text).toBe(false);
  });

  it("a threat may hold the group anywhere in its clause, and a call for harm may follow a relative clause", () => {
    for (const text of ["We're going to burn down every house where Kurds live.", "Any Haitian who shows up here will get stabbed."]) {
      expect(score(text).labels, text).toContain("threat");
      expect(score(text).score, text).toBeGreaterThan(THRESHOLD);
    }
    for (const text of [
      "The mob burned down a house where Kurds lived.",
      "I will write about Kurds killed in the war.",
      "No Haitian deserves to be killed.",
      "One natural way to get rid of limescale is to use white vinegar.",
    ]) {
      expect(score(text).labels, text).not.toContain("threat");
      expect(score(text).score, text).toBeLessThan(THRESHOLD);
    }
  });

  it("feelings a group is said to cause, and hatred of a stand-in for the group, are about the group", () => {
    for (const text of ["Just seeing Romanians makes me furious.", "I can't stand the sight of Kurds.", "I'm so tired of Kurds."]) {
      expect(attacks(text), text).toBe(true);
    }
    expect(attacks("Romanians are angry about the ruling.")).toBe(false);
  });

  it("questions: a negated auxiliary asks rather than negates, and a rhetorical question about liking a group rejects it", () => {
    for (const text of [
      "Aren't Kurds just animals?",
      "Isn't it obvious that Kurds are inferior?",
      "Shouldn't Kurds be locked up?",
      "Why don't Kurds go back where they came from?",
      "Who would want Kurds as neighbours?",
    ]) {
      expect(attacks(text), text).toBe(true);
    }
    for (const text of ["It's not true that Kurds are inferior.", "Who would want to help Romanians?", "Why do people hate Kurds?", "Kurds go back to work on Monday."]) {
      expect(attacks(text), text).toBe(false);
    }
  });

  it("a negated comparison asserts, personhood and membership are positive predicates", () => {
    for (const text of ["Kurds are no better than animals.", "Kurds aren't people.", "Kurds have no right to live here."]) expect(attacks(text), text).toBe(true);
    for (const text of ["Kurds are not people who complain.", "Kurds have the right to live here.", "Kurds are people too."]) expect(attacks(text), text).toBe(false);
  });

  it("a group named with the prefix non- is aimed at by the words before the prefix", () => {
    for (const text of ["I hate non-binary people.", "I despise non-white people.", "I hate non binary people."]) expect(attacks(text), text).toBe(true);
    for (const text of ["I don't hate non-binary people.", "I love non-binary people.", "The non-profit hired non-binary people."]) expect(attacks(text), text).toBe(false);
  });

  it("'less than' denies what follows it, and a wish that a group were gone is hateful", () => {
    for (const text of [
      "Kurds are less than human.",
      "This country would be better off without Kurds.",
      "The world would be a better place without Kurds.",
      "Life is better without Kurds.",
    ]) {
      expect(attacks(text), text).toBe(true);
    }
    for (const text of [
      "Kurds are no less than human.",
      "Kurds are less than happy about the ruling.",
      "The world would not be a better place without Kurds.",
      "Our team played better without Germans.",
      "Kurds are better off without the government.",
    ]) {
      expect(attacks(text), text).toBe(false);
    }
  });

  it("a yes/no question with 'even' doubts a group's personhood; breeding like vermin dehumanises", () => {
    for (const text of ["Are Kurds even human?", "Are Kurds even people?", "Why do Kurds breed like rats?"]) expect(attacks(text), text).toBe(true);
    for (const text of ["Are Kurds even allowed to vote?", "Kurds breed horses in the mountains.", "Kurds are human beings."]) expect(attacks(text), text).toBe(false);
  });

  it("a negated comparison of hatred ('never hated anything more than …') is hatred, not its negation", () => {
    for (const text of ["I have never hated anything more than Kurds.", "There is no one I despise more than Kurds."]) expect(attacks(text), text).toBe(true);
    for (const text of ["I have never loved anyone more than Kurds.", "I love nothing more than Kurdish food."]) expect(attacks(text), text).toBe(false);
  });

  it("splits two rule or function words run together, and reads digits as letters in any rule word", () => {
    for (const text of ["Kurdsshould be deported.", "Kill allKurds.", "Kurds should be k1lled.", "Kurds are not hum4n.", "Kurds should be kiled."]) {
      expect(attacks(text), text).toBe(true);
      expect(score(text).score, text).toBeGreaterThan(THRESHOLD);
    }
    // A two-letter word is never split off beside profanity alone: Assam is a place.
    expect(score("Assam tea is grown in India.").labels).toEqual([]);
  });

  it("a wish that a group ceased to exist is hateful; a description of one ceasing to appear is not", () => {
    for (const text of ["Why can't Kurds just disappear?", "Kurds should just disappear.", "I wish Kurds would vanish.", "Kurds must perish."]) {
      expect(attacks(text), text).toBe(true);
    }
    for (const text of [
      "Kurds will disappear from the statistics.",
      "Why do Kurds disappear from the records?",
      "I hope Kurds never disappear.",
      "Many Kurds perished in the war.",
      "If Kurds disappear from the workforce, wages rise.",
    ]) {
      expect(attacks(text), text).toBe(false);
    }
  });

  it("counter-speech: hatred named as an act and condemned, or reported and condemned outside the statement, is not the speaker's", () => {
    expectCounterSpeech([
      "Hating Kurds is never acceptable.",
      "It is wrong to hate Kurds.",
      "Stop hating Kurds.",
      "Saying that Kurds should die is vile.",
      'Statements like "Kurds deserve to die" have no place here.',
    ]);
    // The condemning word is the statement's own predicate, the gerund does not open its
    // clause, or nothing condemns the act: the speaker's own hatred.
    expectOwnHate(["I say Kurds are vile.", "I keep hating Kurds, they are vile.", "Hating Kurds is fun.", "Kurds have no place in this country."]);
  });

  it("counter-speech: a statement in quotation marks, condemned outside them, is reported; one endorsed or left alone is the speaker's", () => {
    expectCounterSpeech([
      'My uncle said "all Kurds should die" at dinner. Disgusting.',
      'Posting "I hate Kurds" online does not make you brave, it makes you cruel.',
      '"Kurds are animals" is the kind of thing only a bigot would say.',
    ]);
    // The insult that made the reported statement hateful is the reported speaker's: it no
    // longer counts as the text's insult (the same words unreported still do).
    for (const [reported, own] of [
      ['If you tweet "Kurds are scum", expect to be banned.', "Kurds are scum."],
      ["It is wrong to say that Kurds are stupid.", "Kurds are stupid."],
    ] as const) {
      const r = evidence(reported);
      expect(r.counter, reported).toBe(1);
      expect(r.insultAimed + r.insultWords, reported).toBe(0);
      expect(evidence(own).insultAimed + evidence(own).insultWords, own).toBeGreaterThan(0);
    }
    expect(score('If you tweet "Kurds are scum", expect to be banned.').score).toBeLessThan(THRESHOLD);
    // Nothing outside the quotation condemns it, or the condemning word is inside it: the speaker's own.
    expectOwnHate(['My dad always says "Kurds are vermin" and he is right.', 'Put it on a shirt: "I hate Kurds".', 'As my grandpa said, "Kurds are disgusting parasites."']);
  });

  it("suffering or removal wished on a group — after a wish, or wanted to be seen — is a threat; negated or sympathetic, it is not", () => {
    expectGroupStatements(
      ["I want to see Kurds suffer.", "I want Kurds to rot.", "I hope Kurds starve.", "I'd like to see Kurds gone.", "I want to watch Kurds burn.", "I want to see Kurds burn in hell."],
      [
        "I don't want to see Kurds suffer.",
        "I hope Kurds don't suffer.",
        "I want to see Kurds thrive.",
        "Many Kurds starve during the winter.",
        "Kurds should not have to suffer.",
        // With an object the verb is no suffering.
        "I want women to burn fat and build muscle.",
        "I want to watch Christians burn candles at Easter.",
      ],
    );
    for (const text of ["I want to see Kurds suffer.", "I hope Kurds starve."]) {
      expect(evidence(text).threat, text).toBeGreaterThan(0);
      expect(score(text).score, text).toBeGreaterThan(THRESHOLD);
    }
    expect(evidence("I don't want to see Kurds suffer.").negated).toBeGreaterThan(0);
  });

  it("a harm imputed to a group is hateful; a statement a denial introduces is negated", () => {
    expectGroupStatements(
      ["Kurds bring nothing but crime and disease.", "Kurds spread disease.", "Kurds always bring trouble.", "It's no myth that Kurds are lazy."],
      [
        "Kurds bring new ideas to the company.",
        "Kurds spread joy wherever they go.",
        "Kurds don't bring crime, poverty does.",
        "It is a myth that Kurds are lazy.",
        "It's false that Kurds bring crime.",
        "The myth that Kurds are weak persists.",
      ],
    );
    expect(evidence("It is a myth that Kurds are lazy.").negated).toBeGreaterThan(0);
  });

  it("weariness of a group, a bodily revulsion it causes, lying said of it, a contribution denied and a comparison that puts it below everything are statements about the group", () => {
    expectGroupStatements([
      "I'm fed up with Kurds.",
      "Why do Kurds always lie?",
      "Kurds are always lying.",
      "Nothing is worse than Kurds.",
      "Is there anything worse than a Kurd?",
      "Kurds are worse than rats.",
      "Kurds make my skin crawl.",
      "Kurds have never contributed anything.",
      "I resent Kurds.",
      "Kurds enrage me.",
      "I'm furious with Kurds.",
      "I abhor everything about Kurds.",
    ], [
      "I'm not fed up with Kurds.",
      "We fed the Kurds.",
      "Kurds lie buried in this valley.",
      "Nothing is worse than racism against Kurds.",
      "Nothing is worse than a cold shower.",
      "Kurds make my day.",
      "Kurds have contributed a lot to music.",
      "Kurds are angry at the government.",
      "I'm angry about the way Kurds are treated.",
      "I love everything about Kurds.",
    ]);
  });

  it("a hate verb after 'who' or 'that' is the hatred of someone the text describes, unless the speaker is that someone", () => {
    for (const text of ["I'm fed up with people who hate Kurds.", "Anyone that hates Kurds should read more history."]) {
      expect(evidence(text).groupHate, text).toBe(0);
    }
    for (const text of ["I am someone who hates Kurds.", "Those of us who hate Kurds know why."]) {
      expect(evidence(text).groupHate, text).toBeGreaterThan(0);
    }
    // The predicate after a relative clause belongs to its antecedent, not to the group inside it.
    expect(evidence("People who hate Kurds are idiots.").groupHate).toBe(0);
    expect(evidence("They say that all Kurds are lazy.").groupHate).toBeGreaterThan(0);
  });

  it("denials other than 'not' negate a positive predicate, and a good member denied to exist degrades the group", () => {
    expectGroupStatements([
      "Kurds are far from human.",
      "Kurds are anything but civilised.",
      "Kurds are never going to be civilised.",
      "There is no such thing as a smart Kurd.",
      "I have yet to meet an honest Kurd.",
    ], [
      "Kurds are far from home.",
      "No good Kurd would do that.",
      "I don't want a good Kurd to suffer.",
      "I have yet to meet a Kurd.",
      "There is no such thing as a Kurdish cuisine.",
    ]);
  });

  it("wanting a group dead or gone, and calling for it to be sent back, are hateful; other wants are not", () => {
    expectGroupStatements([
      "I want Kurds dead.",
      "We want all Kurds gone from here.",
      "I want Kurds out of this country.",
      "I want Kurds to go back.",
      "Kurds moved in next door. I want them gone.",
      "Kurds keep coming. They should all be sent back.",
    ], [
      "I don't want Kurds gone.",
      "I want Kurds in my team.",
      "They need Kurds out on the field by noon.",
      "I want Kurds to go to the party.",
      "The kids were sick. They should be sent home.",
    ]);
    expect(evidence("I want Kurds dead.").threat).toBeGreaterThan(0);
  });

  it("questions that presume a fault, doubt a quality or wish a group gone assert what they ask", () => {
    expectGroupStatements([
      "What is wrong with Kurds?",
      "Do Kurds even have brains?",
      "Wouldn't the world be better without Kurds?",
      "What good are Kurds?",
      "What use is a Kurd?",
      "Who even likes Kurds?",
    ], [
      "What is wrong with Kurdish cooking?",
      "What's wrong with being Kurdish?",
      "Do Kurds even have rights there?",
      "The world wouldn't be better without Kurds.",
      "What good is a Kurdish dictionary?",
      "What is good about Kurds?",
      "Who even are the Kurds?",
    ]);
    // An ability doubted with "even" is a statement about the group, weaker on its own.
    expect(evidence("Are Kurds even capable of thinking?").groupHate).toBeGreaterThan(0);
    expect(evidence("Are Kurds capable of winning the league?").groupHate).toBe(0);
  });

  it("counts a group mention that shares its clause with a negative word as weak evidence for the combiner", () => {
    expect(evidence("Hiring Kurds is the fastest way to ruin a company.").groupNegative).toBe(1);
    expect(evidence("Hiring Kurds is the fastest way to grow a company.").groupNegative).toBe(0);
    expect(evidence("Kurds are vermin.").groupNegative).toBe(0); // decided by a construction instead
    const model = loadShippedToxicityModel();
    const k = model.file.combiner.inputs.indexOf("group_negative_nearby");
    expect(k).toBeGreaterThan(0);
    expect(model.file.combiner.weights[k]).toBeGreaterThan(0);
  });
});

describe("embedded toxicity: one sentence in a longer text", () => {
  const classifier = new EmbeddedToxicityClassifier();
  const labelsOf = (): string[] => {
    const fired = new Set<ToxicityLabel>();
    classifier.labels(fired);
    return [...fired].sort();
  };

  it("splits sentences at . ! ? before white space (with closing quotes) and at line breaks", () => {
    const text = 'First one. "Second!" Third?!  Fourth\nfifth line\n\n 3.5 stays whole. e.g. ends';
    const spans = sentenceSpans(text, []);
    const pieces: string[] = [];
    for (let k = 0; k < spans.length; k += 2) pieces.push(text.slice(spans[k], spans[k + 1]));
    expect(pieces).toEqual(["First one.", '"Second!"', "Third?!", "Fourth", "fifth line", "3.5 stays whole.", "e.g.", "ends"]);
    expect(sentenceSpans("   \n\n ", [])).toEqual([]);
  });

  it("an aimed insult, a threat or strong profanity is not diluted by the sentences around it", () => {
    const cases = [
      "I went through your edits to the article about the river, the old mill and the railway station last night, and I compared every date with the two books in the reference list and the census tables from 1901 and 1911. You are a complete moron.",
      "Thanks for the reply about the bridge article. I checked the sources again this morning, and the dates look right to me now that the census tables are cited. Go die in a fire.",
      "Thanks for the reply about the bridge article, I checked the sources again this morning and the dates look right to me. I will find you and kill you.",
      "The table in the second section still lists the wrong population figures for the town and the county, and the map in the infobox shows the old border from before the boundary changes of 1974 and the merger with the neighbouring parish. Fuck you and your reverts.",
    ];
    for (const text of cases) {
      const whole = classifier.scoreWhole(text);
      const wholeLabels = labelsOf();
      expect(whole, text).toBeLessThan(THRESHOLD); // read as one bag of words, the rest dilutes it
      expect(classifier.score(text), text).toBeGreaterThanOrEqual(THRESHOLD);
      expect(labelsOf(), text).toEqual(wholeLabels); // labels stay the whole text's
    }
  });

  it("evidence that needs its context (mild words, insult words with no target) opens no sentence pass", () => {
    const text = "We spent the afternoon at the park with the kids and their cousins. Dogs like to chase balls, so we brought two of them along.";
    expect(classifier.score(text)).toBe(classifier.scoreWhole(text));
    expect(classifier.score(text)).toBeLessThan(THRESHOLD);
    // strong evidence opens it, and a harmless sentence alone stays harmless
    expect(classifier.score("Preheat the oven to 200 degrees and wash the potatoes well. Prick them with a fork a few times so the steam can escape.")).toBeLessThan(THRESHOLD);
    // one sentence: nothing to split
    const one = "You are a complete moron.";
    expect(classifier.score(one)).toBe(classifier.scoreWhole(one));
  });
});

describe("LexiconToxicityScorer on a batch", () => {
  it("takes the maximum over every turn and collects labels from every turn", () => {
    const view = viewOfConversations([
      [
        { role: "user", content: "Can you help me with my essay?" },
        { role: "assistant", content: "Of course, send it over." },
        { role: "user", content: "You are a worthless idiot and I will kill you." },
        { role: "assistant", content: "I'm sorry you feel that way." },
      ],
      [
        { role: "user", content: "Can you help me with my essay?" },
        { role: "assistant", content: "Of course, send it over." },
      ],
    ]);
    const cols = scorer.score(view);
    expect(cols.map((c) => c.name)).toEqual(["toxicity_score", "toxicity_labels"]);
    const scores = cols[0]!.values as Float64Array;
    const labels = cols[1]!.values as string[][];
    expect(scores[0]).toBeCloseTo(score("You are a worthless idiot and I will kill you.").score, 12);
    expect(scores[0]).toBeGreaterThan(0.9);
    expect(labels[0]).toEqual(["insult", "threat"]);
    expect(scores[1]).toBeLessThan(0.15);
    expect(labels[1]).toEqual([]);
  });

  it("gives rows without text a score of 0 and is deterministic", () => {
    const view = viewOfPairs([["", ""], ["What is 2 + 2?", "4"], ["fuck off", "no"]]);
    const a = scorer.score(view);
    const b = new LexiconToxicityScorer().score(view);
    expect((a[0]!.values as Float64Array)[0]).toBe(0);
    expect(Array.from(a[0]!.values as Float64Array)).toEqual(Array.from(b[0]!.values as Float64Array));
    for (const v of a[0]!.values as Float64Array) expect(Number.isFinite(v) && v >= 0 && v <= 1).toBe(true);
  });
});

describe("shipped weights", () => {
  it("are small and say how they were trained", () => {
    const m = loadShippedToxicityModel();
    expect(m.quantised.length).toBe(1 << m.file.hashing.bits);
    expect(m.quantised.byteLength).toBeLessThanOrEqual(4 << 20); // a few MB at most
    expect(m.file.combiner.weights.every(Number.isFinite)).toBe(true);
  });
});

describe("per-word cache of the linear model", () => {
  const texts = [
    "You are such an idiot, an idiot and a fool. Idiot!",
    "f*ck this sh1t, fuuuuck you b!tch, f u c k off",
    "The cockpit of the plane; Moby Dick; Scunthorpe and Essex. The cockpit again.",
    "Write a Python function that sorts a list of numbers, then explain how the sort works.",
    "Ich möchte café crème — naïve résumé 東京 emoji 🙂 and numbers 12345 mp3 covid19",
    "",
  ];

  it("gives the same logit as the explicit feature vector times the weights", () => {
    const model = loadShippedToxicityModel();
    const scoring = new EmbeddedToxicityClassifier(loadToxicityLexicon(), model);
    const training = new EmbeddedToxicityClassifier(loadToxicityLexicon(), null, model.file.hashing);
    for (const text of texts) {
      training.analyse(text);
      let dot = 0;
      for (const [bucket, value] of training.features.sparseVector(training.words)) dot += value * model.quantised[bucket]!;
      scoring.analyse(text);
      expect(scoring.linearLogit()).toBeCloseTo(model.file.linear.bias + dot * model.file.linear.scale, 10);
    }
  });

  it("scores do not depend on the cache: a cache that keeps starting over gives the same bytes", () => {
    const full = new EmbeddedToxicityClassifier();
    const tiny = new EmbeddedToxicityClassifier(undefined, undefined, undefined, 8);
    const both = [...texts, ...texts.slice().reverse(), ...texts];
    for (const text of both) expect(tiny.score(text)).toBe(full.score(text));
    expect(tiny.words.size).toBeLessThanOrEqual(40);
    expect(full.words.size).toBeGreaterThan(tiny.words.size);
  });
});

describe.runIf(haveShared("data", "jigsaw-toxic-20k", "train.jsonl") && haveShared("data", "davidson-hate-offensive", "train.jsonl"))(
  "held-out quality of the shipped classifier (shared data)",
  () => {
    const corpus = readToxicityCorpus(sharedPath("data"));
    const jigsawTest = corpus.filter((r) => r.source === "jigsaw" && splitOf(r.text) === "test");
    const y: number[] = jigsawTest.map((r) => r.toxic);
    const ours = jigsawTest.map((r) => score(r.text).score);

    it("ranks toxic Jigsaw comments far better than a plain cuss lookup", () => {
      expect(jigsawTest.length).toBeGreaterThan(3000);
      const auc = rocAuc(ours, y);
      const cussAuc = rocAuc(jigsawTest.map((r) => cussLookupScore(r.text)), y);
      expect(auc).toBeGreaterThan(0.94);
      expect(auc).toBeGreaterThan(cussAuc + 0.05);
    });

    it("is calibrated: 0.3 flags about as many comments as are toxic, with useful precision and recall", () => {
      const at = atThreshold(ours, y, THRESHOLD);
      expect(at.precision).toBeGreaterThan(0.7);
      expect(at.recall).toBeGreaterThan(0.65);
      const mean = ours.reduce((a, b) => a + b, 0) / ours.length;
      const rate = y.reduce((a, b) => a + b, 0) / y.length;
      expect(Math.abs(mean - rate)).toBeLessThan(0.02);
      // The large low bin and the high bin agree with what raters said.
      const bins = reliabilityBins(ours, y, 10);
      expect(Math.abs(bins[0]!.meanPredicted - bins[0]!.observedRate)).toBeLessThan(0.02);
      const top = bins[bins.length - 1]!;
      expect(Math.abs(top.meanPredicted - top.observedRate)).toBeLessThan(0.08);
    });

    it("keeps the held-out split out of training (split by text hash)", () => {
      const split = corpus.map((r) => splitOf(r.text));
      const share = split.filter((s) => s === "test").length / split.length;
      expect(share).toBeGreaterThan(0.18);
      expect(share).toBeLessThan(0.22);
    });
  },
);
