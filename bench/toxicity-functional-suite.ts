/**
 * The project's own functional checks for the toxicity classifier: short templates, one set
 * per phenomenon, filled with identity groups generated in code. They are written for this
 * project (no public test suite is copied) and measure the phenomena the rules are built
 * for; they are not the maintainers' held-out suite, and a pass rate here says nothing about
 * wording these templates do not use.
 */

export interface IdentityGroup {
  /** How a group is named in the plural ("Muslims", "gay people"). */
  plural: string;
  /** The adjective ("Muslim", "gay"). */
  adjective: string;
}

export const TEMPLATE_GROUPS: IdentityGroup[] = [
  { plural: "Muslims", adjective: "Muslim" },
  { plural: "Jews", adjective: "Jewish" },
  { plural: "women", adjective: "female" },
  { plural: "gay people", adjective: "gay" },
  { plural: "trans people", adjective: "trans" },
  { plural: "black people", adjective: "black" },
  { plural: "immigrants", adjective: "immigrant" },
  { plural: "disabled people", adjective: "disabled" },
  { plural: "Mexicans", adjective: "Mexican" },
  { plural: "Asians", adjective: "Asian" },
  { plural: "refugees", adjective: "refugee" },
  { plural: "lesbians", adjective: "lesbian" },
  { plural: "Arabs", adjective: "Arab" },
  { plural: "Hindus", adjective: "Hindu" },
];

export type Phenomenon =
  | "hate verb"
  | "generalisation"
  | "dehumanising"
  | "threat"
  | "negated positive"
  | "obfuscated"
  | "neutral identity"
  | "positive identity"
  | "negated hate"
  | "counter-speech";

/** Whether the cases of a phenomenon are hateful (should be flagged). */
export const HATEFUL: Record<Phenomenon, boolean> = {
  "hate verb": true,
  generalisation: true,
  dehumanising: true,
  threat: true,
  "negated positive": true,
  obfuscated: true,
  "neutral identity": false,
  "positive identity": false,
  "negated hate": false,
  "counter-speech": false,
};

const TEMPLATES: Record<Exclude<Phenomenon, "obfuscated">, string[]> = {
  "hate verb": ["I hate {P}.", "I despise {P}.", "I really can't stand {P}.", "Honestly, I loathe {P}."],
  generalisation: ["{P} are disgusting.", "All {P} are lazy.", "{P} are so stupid.", "{P} are a burden on society.", "Typical {P}, always dishonest."],
  dehumanising: ["{P} are vermin.", "{P} are nothing but animals.", "{P} are like rats.", "{P} are a plague."],
  threat: ["I will kill all {P}.", "I'm going to shoot the next {P} I see.", "{P} should all be exterminated.", "We should hang {P}."],
  "negated positive": ["{P} are not human.", "I don't respect {P}.", "{P} don't deserve to live.", "{P} are never welcome here."],
  "neutral identity": ["I am a {A} woman.", "We are a group of {P}.", "My neighbour is {A}.", "Many {P} work in healthcare.", "{P} live in every country."],
  "positive identity": ["I love {P}.", "{P} are great.", "{P} are wonderful people.", "We should respect {P}."],
  "negated hate": ["I don't hate {P}.", "{P} are not vermin.", "I would never hurt {P}.", "No {P} deserve to die."],
  "counter-speech": ["Saying {P} are vermin is racist.", "Claims that {P} are lazy are just wrong.", "If you say you hate {P}, you are a bigot."],
};

/** One swap of two adjacent letters in the middle of the longest word ("Muslims" → "Mulsims"). */
function swapLetters(phrase: string): string {
  const words = phrase.split(" ");
  let i = 0;
  for (let k = 1; k < words.length; k++) if (words[k]!.length > words[i]!.length) i = k;
  const w = words[i]!;
  const m = Math.floor(w.length / 2);
  words[i] = w.slice(0, m - 1) + w[m] + w[m - 1] + w.slice(m + 1);
  return words.join(" ");
}

/** Obfuscated spellings of hateful templates: letter swap, leet digit, spaced letters, words run together. */
function obfuscated(g: IdentityGroup): string[] {
  return [
    `I hate ${swapLetters(g.plural)}.`,
    `I h4te ${g.plural}.`,
    `${g.plural} are s c u m.`,
    `Ihate ${g.plural}.`,
    `${g.plural} are disgsuting.`,
  ];
}

export interface FunctionalCase {
  phenomenon: Phenomenon;
  text: string;
  hateful: boolean;
}

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Every template filled with every group, in a fixed order. */
export function functionalCases(groups: IdentityGroup[] = TEMPLATE_GROUPS): FunctionalCase[] {
  const out: FunctionalCase[] = [];
  for (const [phenomenon, templates] of Object.entries(TEMPLATES) as Array<[Phenomenon, string[]]>) {
    for (const g of groups) {
      for (const t of templates) {
        const text = t.replaceAll("{P}", g.plural).replaceAll("{A}", g.adjective);
        out.push({ phenomenon, text: cap(text), hateful: HATEFUL[phenomenon] });
      }
    }
  }
  for (const g of groups) for (const text of obfuscated(g)) out.push({ phenomenon: "obfuscated", text: cap(text), hateful: true });
  return out;
}

/** Share of each phenomenon's cases scored at or above `threshold`. */
export function flaggedRates(cases: FunctionalCase[], score: (text: string) => number, threshold = 0.3): Map<Phenomenon, { flagged: number; total: number }> {
  const out = new Map<Phenomenon, { flagged: number; total: number }>();
  for (const c of cases) {
    const r = out.get(c.phenomenon) ?? { flagged: 0, total: 0 };
    r.total++;
    if (score(c.text) >= threshold) r.flagged++;
    out.set(c.phenomenon, r);
  }
  return out;
}
