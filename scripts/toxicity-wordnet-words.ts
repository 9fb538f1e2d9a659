/**
 * Word lists for the toxicity rules derived from WordNet 3.0 (Debian `wordnet-base`), so that
 * the rules turn on the meaning of a word rather than on the few words we happened to list:
 * a seed word of ours names a sense, and WordNet supplies the other words of that sense and
 * of the senses close to it (adjective clusters, hyponyms). Each derived word must mostly
 * mean that sense (WordNetDatabase.dominantSenseIn, from the tagged-corpus counts), so that
 * "beat" as "defeat" or "charge" as "a fee" stay out; a short list of our own removes words
 * that pass that test but describe a plight or a plain fact rather than degrade
 * ("poor", "slow", "deaf", "risky").
 *
 * Used by scripts/train-toxicity.ts, which writes the lists into data/toxicity/lexicon.json
 * (WordNet licence beside it, data/toxicity/wordnet-LICENSE).
 */
import type { WordNetWordLists } from "../src/metrics/toxicity/lexicon.js";
import type { WordNetDatabase, WordNetPos } from "./wordnet-database.js";

/** Trait adjectives whose WordNet cluster (the sense and its similar adjectives) degrades a person. */
const NEGATIVE_TRAIT_SEEDS = [
  "lazy", "stupid", "dumb", "dirty", "disgusting", "evil", "greedy", "degenerate", "perverted", "barbaric", "uncivilized",
  "vile", "repulsive", "untrustworthy", "dishonest", "smelly", "hideous", "nasty", "despicable", "wicked", "immoral",
  "unclean", "incompetent", "brainless", "irrational", "insane", "cruel", "treacherous", "deceitful", "filthy", "foolish",
  "idiotic", "sneaky", "selfish", "arrogant", "rude", "ugly", "worthless", "subhuman", "corrupt", "crazy", "vicious",
];

/** Hyponym roots (noun senses of these lemmas, first sense) of people seen as bad, stupid or vile, and of vermin. */
const DEROGATORY_NOUN_ROOTS: ReadonlyArray<readonly [string, number]> = [
  ["bad person", 3], ["wrongdoer", 3], ["simpleton", 3], ["degenerate", 2], ["unpleasant person", 2], ["savage", 1],
  ["vermin", 1], ["pest", 1], ["parasite", 1], ["rodent", 2], ["ape", 1], ["swine", 1], ["insect", 1], ["leech", 1],
];

/** Violent verbs (first verb sense) and how deep their hyponyms are followed. */
const VIOLENT_VERB_ROOTS: ReadonlyArray<readonly [string, number]> = [
  ["kill", 2], ["murder", 1], ["torture", 1], ["injure", 1], ["rape", 1], ["assault", 0], ["stab", 1], ["shoot", 0],
  ["strangle", 1], ["slaughter", 1], ["massacre", 0], ["lynch", 0], ["maim", 0], ["behead", 0], ["punch", 0], ["slap", 0],
  ["butcher", 0], ["exterminate", 0], ["annihilate", 0], ["execute", 0], ["mutilate", 0], ["bomb", 1], ["burn", 0],
];

const HATE_VERB_ROOTS = ["hate", "despise", "dislike"];
const HATE_NOUN_ROOTS = ["hatred", "disgust", "contempt", "loathing"];
const DISGUST_VERB_ROOTS = ["disgust", "sicken", "repel", "nauseate"];

const POSITIVE_TRAIT_SEEDS = [
  "intelligent", "honest", "capable", "trustworthy", "equal", "welcome", "worthy", "civilized", "decent", "normal",
  "smart", "human", "competent", "kind", "loyal", "peaceful", "useful", "valuable", "moral", "sane", "rational",
  "responsible", "reliable", "hardworking", "productive", "qualified",
];

/**
 * Words the expansion finds that describe a plight, an illness, a plain physical fact or a
 * technical sense rather than degrade a person, or that are everyday words in another use.
 */
const NOT_DEGRADING = new Set([
  "abnormal", "backswept", "cacuminal", "receding", "retracted", "retral", "retroflex", "retroflexed", "reversive", "inverse",
  "transposed", "regardant", "opposing", "head-on", "breakneck", "lashing", "middle-level", "slam-bang", "proud", "slow",
  "hapless", "misfortunate", "unfortunate", "piteous", "schizophrenic", "hebephrenic", "paranoid", "suicidal", "psychotic",
  "psychopathologic", "psychopathological", "uneducated", "hazardous", "risky", "chancy", "chanceful", "dicey", "parlous",
  "perilous", "touch-and-go", "raging", "superstitious", "imperfect", "faulty", "futile", "unavailing", "otiose",
  "superfluous", "inutile", "unusable", "unuseable", "meaningless", "nonmeaningful", "kinky", "funky", "fey", "soiled",
  "travel-soiled", "travel-stained", "disfigured", "self-referent", "sold-out", "picaresque", "purchasable", "lumpen",
  "knock-down-and-drag-out", "knockdown-dragout", "unequal", "unpicturesque", "amok", "amuck", "outclassed", "ferocious", "fly-by-night",
  "grimy", "begrimed", "smudgy", "draggled", "bedraggled", "dirty-faced", "fouled", "nuts", "crackers", "bats", "loco",
  "balmy", "certifiable", "augean", "peccable", "self-destructive", "tricky", "lame",
  // Nouns.
  "runner", "charmer", "decoy", "figurehead", "mimic", "mimicker", "imitator", "avenger", "hunter-gatherer", "junior",
  "goth", "hotdog", "stickler", "moralist", "disciplinarian", "authoritarian", "cynic", "gadfly", "upstart", "switcher",
  "spook", "roaster", "puke", "bum", "nag", "queen", "drone", "pupa", "chrysalis", "pollinator", "ephemeral", "peacock",
  "goldeneye", "underwing", "sandbagger", "strawman", "shedder", "spiller", "lion-hunter", "whipper", "scourger",
  "craniologist", "phrenologist", "iconoclast", "obscurantist", "reversionist", "nonattender", "supplanter", "monopolist",
  "monopoliser", "monopolizer", "parolee", "defector", "collaborator", "raider", "pirate", "torpedo", "boob", "booby",
  "changeling", "lame", "wally", "muggins", "nebbech", "nebbish", "schlep", "shlep", "junior", "cuss", "skunk", "hog",
  "predator", "hunter", "fairy", "mole",
  // Verbs.
  "erase", "neutralise", "pip", "chine", "loll", "dangle", "sprain", "wrick", "subluxate", "bruise", "contuse", "infest",
  "invade", "jockey", "chicane", "chouse", "circumvent", "checkmate", "desecrate", "overmaster", "overpower", "overrun",
  "overstretch", "surmount", "vanquish", "punt", "place-kick", "drop-kick", "dropkick", "sic", "bulldog", "lick", "drub",
  "cremate", "martyrise", "martyrize", "martyr", "sacrifice", "off", "dispatch", "despatch", "get", "hit", "take", "finish",
  "zap", "waste", "smoke", "ice", "do", "grass", "flight", "shell", "spreadeagle", "excruciate", "traumatise",
  "traumatize", "disdain", "scorn", "grudge", "resent", "bitterness", "envy", "enviousness", "grievance", "heartburning",
  "huffishness", "warpath", "misoneism", "misology", "misogamy", "misocainea", "misopedia", "belligerence", "belligerency",
  "drop", "eliminate", "despite", "slew", "ravish", "ravishes", "ravishing", "hood", "stoner", "shocker", "ropers", "roper",
  "burke", "scrag", "poniard", "lapidate", "decollate", "strangulate",
  // Positive adjectives that are also plain facts or technical senses.
  "arable", "cultivable", "cultivatable", "tillable", "nut-bearing", "oil-bearing", "fur-bearing", "amentaceous",
  "amentiferous", "equidistant", "equilateral", "isochronal", "isochronous", "isoclinal", "isoclinic", "isometrical",
  "isothermal", "coordinate", "coequal", "tantamount", "fifty-fifty", "half-and-half", "quits", "median", "mean", "modal",
  "alpha", "beta", "key", "main", "chief", "central", "cardinal", "principal", "primal", "fundamental", "in-chief",
  "master", "liege", "copernican", "recyclable", "reusable", "usable", "utilizable", "washed", "dry-cleaned", "scrubbed",
  "unused", "reclaimable", "cleanable", "burning", "downright", "hardcore", "dovish", "doglike", "model", "solid",
  "bully", "corking", "cracking", "dandy", "groovy", "nifty", "peachy", "swell", "smashing", "slap-up", "bang-up",
  "spic", "spick", "speckless", "unsoiled", "unspotted", "unsullied", "demythologised", "demythologized", "absolved",
  "acquitted", "exculpated", "exonerated", "vindicated", "blue-chip", "creditworthy", "risk-free", "riskless", "unhazardous",
  "suited", "suitable", "fit", "average", "scenic", "picturesque", "sightly", "pretty-pretty", "semiprecious",
  "well-favored", "well-favoured", "time-tested", "streetwise", "thinking", "reasoning", "equivalent", "allegiant",
]);

/** Members of `ids` (single words) that mostly mean one of `ids`, less NOT_DEGRADING. */
function dominantWords(wn: WordNetDatabase, ids: ReadonlySet<string>, pos: WordNetPos): Set<string> {
  const out = new Set<string>();
  for (const id of ids) {
    for (const w of wn.synsets.get(id)!.words) {
      if (!/^[a-z][a-z-]*[a-z]$/.test(w) || w.length < 4 || NOT_DEGRADING.has(w)) continue;
      if (wn.dominantSenseIn(w, pos, ids)) out.add(w.replaceAll("-", ""));
    }
  }
  return out;
}

/** The first adjective sense of each seed and the satellites similar to it. */
function adjectiveClusters(wn: WordNetDatabase, seeds: readonly string[]): Set<string> {
  const ids = new Set<string>();
  for (const id of wn.firstSenses(seeds, "a")) {
    ids.add(id);
    for (const [symbol, target] of wn.synsets.get(id)!.pointers) if (symbol === "&") ids.add(target);
  }
  return ids;
}

/** The antonyms (WordNet's "!" pointers) of the first adjective sense of each seed: "capable" → "incapable". */
function adjectiveAntonyms(wn: WordNetDatabase, seeds: readonly string[]): Set<string> {
  const ids = new Set<string>();
  for (const id of wn.firstSenses(seeds, "a")) for (const [symbol, target] of wn.synsets.get(id)!.pointers) if (symbol === "!") ids.add(target);
  return ids;
}

function hyponyms(wn: WordNetDatabase, roots: ReadonlyArray<readonly [string, number]>, pos: WordNetPos): Set<string> {
  const ids = new Set<string>();
  for (const [root, depth] of roots) for (const id of wn.closure(wn.firstSenses([root], pos), ["~"], depth)) ids.add(id);
  return ids;
}

/** English plural of a noun (WordNet's irregular plurals first). */
export function pluralOf(wn: WordNetDatabase, noun: string): string {
  const irregular = wn.irregular.n.get(noun);
  if (irregular !== undefined) return irregular[0]!;
  if (/(s|x|z|ch|sh)$/.test(noun)) return noun + "es";
  if (/[^aeiou]y$/.test(noun)) return noun.slice(0, -1) + "ies";
  return noun + "s";
}

/** Base, third person, -ing and past participle forms of a verb (irregular forms from verb.exc). */
export function verbForms(wn: WordNetDatabase, verb: string): { active: string[]; participles: string[] } {
  const stem = /e$/.test(verb) && !/ee$/.test(verb) ? verb.slice(0, -1) : verb;
  const doubled = /^[^aeiou]*[aeiou][bdgmnprt]$/.test(verb) || /[^aeiou][aeiou]r$/.test(verb) ? verb + verb.at(-1) : stem;
  const third = /(s|x|z|ch|sh)$/.test(verb) ? verb + "es" : /[^aeiou]y$/.test(verb) ? verb.slice(0, -1) + "ies" : verb + "s";
  const irregular = (wn.irregular.v.get(verb) ?? []).filter((f) => !f.endsWith("ing") && f !== third);
  const regular = /[^aeiou]y$/.test(verb) ? verb.slice(0, -1) + "ied" : /e$/.test(verb) ? verb + "d" : doubled + "ed";
  return { active: [verb, third, doubled + "ing"], participles: irregular.length > 0 ? irregular : [regular] };
}

export function toxicityWordNetWords(wn: WordNetDatabase): WordNetWordLists {
  const sorted = (s: Iterable<string>): string[] => [...new Set(s)].sort();
  // Degrading traits: the clusters of our seeds, and the opposites of the traits whose denial
  // degrades ("… are incapable", "… are useless" say what "… are not capable" says).
  const negativeTraits = new Set([
    ...dominantWords(wn, adjectiveClusters(wn, NEGATIVE_TRAIT_SEEDS), "a"),
    ...dominantWords(wn, adjectiveAntonyms(wn, POSITIVE_TRAIT_SEEDS), "a"),
  ]);
  const derogatoryNouns = [...dominantWords(wn, hyponyms(wn, DEROGATORY_NOUN_ROOTS, "n"), "n")].map((w) => pluralOf(wn, w));
  const violent = dominantWords(wn, hyponyms(wn, VIOLENT_VERB_ROOTS, "v"), "v");
  const violentVerbs: string[] = [];
  const violentParticiples: string[] = [];
  for (const v of violent) {
    const forms = verbForms(wn, v);
    violentVerbs.push(...forms.active);
    violentParticiples.push(...forms.participles);
  }
  const hateWords: string[] = [];
  for (const v of dominantWords(wn, hyponyms(wn, HATE_VERB_ROOTS.map((r) => [r, 1] as const), "v"), "v")) hateWords.push(...verbForms(wn, v).active);
  hateWords.push(...dominantWords(wn, hyponyms(wn, HATE_NOUN_ROOTS.map((r) => [r, 1] as const), "n"), "n"));
  const disgustVerbs: string[] = [];
  for (const v of dominantWords(wn, hyponyms(wn, DISGUST_VERB_ROOTS.map((r) => [r, 0] as const), "v"), "v")) disgustVerbs.push(verbForms(wn, v).active[0]!, verbForms(wn, v).active[1]!);
  const positiveTraits = dominantWords(wn, adjectiveClusters(wn, POSITIVE_TRAIT_SEEDS), "a");
  return {
    negativeTraits: sorted(negativeTraits),
    derogatoryNouns: sorted(derogatoryNouns),
    violentVerbs: sorted(violentVerbs),
    violentParticiples: sorted(violentParticiples),
    hateWords: sorted(hateWords),
    disgustVerbs: sorted(disgustVerbs),
    positiveTraits: sorted(positiveTraits),
  };
}
