/**
 * A second functional check set for the toxicity classifier, written apart from the rules and
 * from `toxicity-functional-suite.ts`: other sentence frames, a wider list of identity groups
 * (nationalities, religions, disabilities, sexual orientations, gender identities, ethnicities,
 * age, migration status) and one set of cases per functionality of a hate-speech functional
 * test (derogation, threats, slurs, profanity, pronoun reference, negation, phrasing,
 * non-hateful identity mentions, counter-speech, abuse of targets that are not protected
 * groups, spelling variations). All wording is this project's own; no public suite is copied.
 *
 * Every template carries a split: `dev` templates may be read when a miss is investigated,
 * `sealed` templates are only counted. The gap between the two is the part of the dev figure
 * that comes from having looked.
 */

export interface HoldoutGroup {
  /** Plural naming ("Somalis", "deaf people"). */
  plural: string;
  /** One member, with its article ("a Somali", "an autistic person"). */
  one: string;
  /** Kind of identity (for reporting only). */
  kind: "nationality" | "religion" | "disability" | "sexuality" | "gender" | "ethnicity" | "age" | "migration";
}

const g = (kind: HoldoutGroup["kind"], plural: string, one: string): HoldoutGroup => ({ kind, plural, one });

export const HOLDOUT_GROUPS: HoldoutGroup[] = [
  g("nationality", "Somalis", "a Somali"),
  g("nationality", "Nigerians", "a Nigerian"),
  g("nationality", "Pakistanis", "a Pakistani"),
  g("nationality", "Romanians", "a Romanian"),
  g("nationality", "Haitians", "a Haitian"),
  g("nationality", "Chinese people", "a Chinese person"),
  g("nationality", "Irish people", "an Irish person"),
  g("nationality", "Syrians", "a Syrian"),
  g("nationality", "Mexicans", "a Mexican"),
  g("nationality", "Afghans", "an Afghan"),
  g("religion", "Hindus", "a Hindu"),
  g("religion", "Sikhs", "a Sikh"),
  g("religion", "Catholics", "a Catholic"),
  g("religion", "Jews", "a Jew"),
  g("religion", "Muslims", "a Muslim"),
  g("religion", "Mormons", "a Mormon"),
  g("religion", "Buddhists", "a Buddhist"),
  g("religion", "atheists", "an atheist"),
  g("disability", "deaf people", "a deaf person"),
  g("disability", "blind people", "a blind person"),
  g("disability", "autistic people", "an autistic person"),
  g("disability", "wheelchair users", "a wheelchair user"),
  g("disability", "disabled people", "a disabled person"),
  g("disability", "people with Down syndrome", "someone with Down syndrome"),
  g("disability", "mentally ill people", "a mentally ill person"),
  g("sexuality", "gay men", "a gay man"),
  g("sexuality", "lesbians", "a lesbian"),
  g("sexuality", "bisexual people", "a bisexual person"),
  g("sexuality", "asexual people", "an asexual person"),
  g("gender", "trans women", "a trans woman"),
  g("gender", "trans men", "a trans man"),
  g("gender", "non-binary people", "a non-binary person"),
  g("gender", "transgender people", "a transgender person"),
  g("gender", "women", "a woman"),
  g("ethnicity", "Black people", "a Black person"),
  g("ethnicity", "Asians", "an Asian"),
  g("ethnicity", "Latinos", "a Latino"),
  g("ethnicity", "Arabs", "an Arab"),
  g("ethnicity", "Roma", "a Roma person"),
  g("ethnicity", "Indigenous people", "an Indigenous person"),
  g("ethnicity", "Kurds", "a Kurd"),
  g("age", "old people", "an old person"),
  g("age", "pensioners", "a pensioner"),
  g("migration", "refugees", "a refugee"),
  g("migration", "immigrants", "an immigrant"),
];

/** Slurs as data (singular, plural), each filled into the slur frames. */
export const HOLDOUT_SLURS: Array<[string, string]> = [
  ["faggot", "faggots"], ["fag", "fags"], ["dyke", "dykes"], ["tranny", "trannies"], ["kike", "kikes"],
  ["spic", "spics"], ["chink", "chinks"], ["wetback", "wetbacks"], ["raghead", "ragheads"],
  ["towelhead", "towelheads"], ["retard", "retards"], ["paki", "pakis"], ["gook", "gooks"],
  ["beaner", "beaners"], ["coon", "coons"], ["nigger", "niggers"], ["shemale", "shemales"],
  ["spaz", "spazzes"], ["mongoloid", "mongoloids"], ["wog", "wogs"], ["gyppo", "gyppos"],
];

export type HoldoutFunctionality =
  | "derogation: strong negative emotion"
  | "derogation: negative attribute"
  | "derogation: dehumanisation"
  | "derogation: implicit"
  | "threat: direct"
  | "threat: normative"
  | "slur"
  | "profanity aimed at group"
  | "pronoun reference: hateful"
  | "negated positive"
  | "phrasing: question"
  | "phrasing: opinion"
  | "spelling: swapped letters"
  | "spelling: missing letter"
  | "spelling: missing space"
  | "spelling: added spaces"
  | "spelling: leet"
  | "identity: neutral"
  | "identity: positive"
  | "pronoun reference: not hateful"
  | "negated hate"
  | "counter-speech: quoted"
  | "counter-speech: referenced"
  | "profanity, not aimed"
  | "abuse: object"
  | "abuse: individual"
  | "abuse: non-protected group";

/** Whether a functionality's cases are hate toward a protected group. */
export const HOLDOUT_HATEFUL: Record<HoldoutFunctionality, boolean> = {
  "derogation: strong negative emotion": true,
  "derogation: negative attribute": true,
  "derogation: dehumanisation": true,
  "derogation: implicit": true,
  "threat: direct": true,
  "threat: normative": true,
  slur: true,
  "profanity aimed at group": true,
  "pronoun reference: hateful": true,
  "negated positive": true,
  "phrasing: question": true,
  "phrasing: opinion": true,
  "spelling: swapped letters": true,
  "spelling: missing letter": true,
  "spelling: missing space": true,
  "spelling: added spaces": true,
  "spelling: leet": true,
  "identity: neutral": false,
  "identity: positive": false,
  "pronoun reference: not hateful": false,
  "negated hate": false,
  "counter-speech: quoted": false,
  "counter-speech: referenced": false,
  "profanity, not aimed": false,
  "abuse: object": false,
  "abuse: individual": false,
  "abuse: non-protected group": false,
};

/**
 * How the maintainers' targets read each functionality: `flag` (≥ 80 % flagged, all hateful
 * together), `identity` (≤ 3 % flagged), `negated` (≤ 15 % flagged), `report` (no target: a
 * toxicity score may rightly flag profanity or abuse of a person even where it is not hate).
 */
export function targetOf(f: HoldoutFunctionality): "flag" | "identity" | "negated" | "report" {
  if (HOLDOUT_HATEFUL[f]) return "flag";
  if (f === "identity: neutral" || f === "identity: positive" || f === "pronoun reference: not hateful") return "identity";
  if (f === "negated hate") return "negated";
  return "report";
}

/** {P} plural group, {S} one member with article, {N} one member without article. */
const GROUP_TEMPLATES: Partial<Record<HoldoutFunctionality, string[]>> = {
  "derogation: strong negative emotion": [
    "{P} disgust me.",
    "Nothing makes my blood boil like {P}.",
    "I loathe every single one of those {P}.",
    "{P} make me physically sick.",
    "My hatred for {P} grows every day.",
    "Honestly, I detest {P} with all my heart.",
    "I hate {P}.",
    "Being around {P} fills me with rage.",
    "I've never hated anyone as much as I hate {P}.",
    "I am so sick of {P}.",
  ],
  "derogation: negative attribute": [
    "{P} are filthy liars.",
    "Every {N} I have ever met was a thief.",
    "{P} are too dumb to run their own lives.",
    "{P} are violent by nature.",
    "You can't trust {P}, they're all crooks.",
    "{P} are lazy, greedy and useless.",
    "Typical {N}, lying again.",
    "{P} are a burden on everyone around them.",
    "The problem with {P} is that they are all criminals.",
    "{P} are pathetic losers.",
    "{P} are so ugly and stupid.",
    "Most {P} are dirty and dishonest.",
  ],
  "derogation: dehumanisation": [
    "{P} are vermin.",
    "{P} are cockroaches that breed like rats.",
    "{P} are subhuman trash.",
    "To me {P} are just animals wearing clothes.",
    "{P} are a disease infecting this country.",
    "Treat {P} like the dogs they are.",
    "{P} are parasites, nothing more.",
    "{P} are a cancer on society.",
    "{P} are savages.",
    "Those {P} are pigs.",
  ],
  "derogation: implicit": [
    "{P} belong in a zoo.",
    "I'd rather have a rat in my house than {S}.",
    "Of course {S} couldn't do the job properly.",
    "{P} should stick to cleaning toilets.",
    "Keep {P} away from our children.",
    "If you see {S}, hold on to your wallet.",
    "Hiring {P} is the fastest way to ruin a company.",
    "The neighbourhood went downhill as soon as {P} moved in.",
    "{P} are only good for one thing.",
    "Don't let {P} near anything valuable.",
    "{P} have no place in a civilised society.",
    "This country was better before {P} showed up.",
  ],
  "threat: direct": [
    "I'm going to stab the next {N} I see.",
    "I will shoot any {N} who walks in here.",
    "We're going to burn down every house where {P} live.",
    "One day I'll slit the throat of {S}.",
    "I want to kill all {P}.",
    "The next {N} who talks to me is getting his head smashed in.",
    "I'm going to beat up {S} tonight.",
    "We will hunt down {P} one by one.",
    "I'll strangle any {N} I find in my street.",
    "Me and my friends are going to kill some {P} this weekend.",
  ],
  "threat: normative": [
    "{P} should be hanged.",
    "Someone ought to put a bullet in every {N}.",
    "All {P} deserve to be shot.",
    "{P} need to be wiped out.",
    "It would be best if {P} were all put down.",
    "The world would be better off if {P} were dead.",
    "{P} should be lined up and shot.",
    "We need to get rid of {P} for good.",
    "Every {N} should be beaten until they leave.",
    "{P} should be burned alive.",
  ],
  "profanity aimed at group": [
    "Fuck all {P}.",
    "{P} are shit.",
    "{P} are fucking useless.",
    "Screw those {P}.",
    "{P} can go to hell.",
    "What a bunch of {P} assholes.",
    "{P} are a bunch of fucking idiots.",
    "Fuck {P} and everyone who supports them.",
    "{P} are pieces of shit.",
    "Damn {P}, always ruining everything.",
  ],
  "pronoun reference: hateful": [
    "I met some {P} yesterday. They are disgusting.",
    "My boss keeps hiring {P}. I despise them.",
    "Have you seen the {P} downtown? They are filth, every one of them.",
    "There are {P} in my building and I want them gone.",
    "Talking about {P}: I can't stand them.",
    "Some {P} moved in next door. They should all be deported and locked up.",
    "We have {P} in my class. They are all worthless.",
    "{P} again? I hate them so much.",
  ],
  "negated positive": [
    "{P} are not real people.",
    "I would never trust {S}.",
    "{P} are not capable of honest work.",
    "No {N} deserves to be treated with respect.",
    "{P} will never be equal to us.",
    "{P} should not have the right to vote.",
    "{P} can never be good parents.",
    "There is no such thing as a smart {N}.",
    "{P} are not welcome in this country.",
    "I don't respect {P} at all.",
    "{P} don't deserve to live.",
    "{P} are not human.",
  ],
  "phrasing: question": [
    "Why are {P} so disgusting?",
    "Why do {P} always smell so bad?",
    "Is it just me or are all {P} idiots?",
    "Wouldn't the world be better without {P}?",
    "Can someone explain why {P} are so lazy?",
    "Why are {P} allowed to breed?",
    "How can anyone stand being near {P}?",
    "Why are {P} such vile creatures?",
  ],
  "phrasing: opinion": [
    "I think {P} are worthless.",
    "In my opinion {P} are a plague.",
    "I really believe {P} are inferior.",
    "If you ask me, {P} are animals.",
    "Personally, I feel {P} are scum.",
    "I'm convinced {P} are evil.",
    "I honestly think {P} should be killed.",
    "My view is that {P} are a waste of space.",
  ],
  "identity: neutral": [
    "I am {S}.",
    "My neighbour is {S}.",
    "There are many {P} in this city.",
    "She married {S} last year.",
    "We are {P}.",
    "Our team includes two {P}.",
    "The report looks at employment rates among {P}.",
    "My grandmother was {S}.",
    "{P} are a minority in this region.",
    "The documentary follows three {P} over a year.",
    "As {S}, I have a different view on this.",
    "The new law affects {P}.",
    "{P} live in every part of the country.",
    "I went to school with {S}.",
  ],
  "identity: positive": [
    "{P} are wonderful.",
    "I love {P}.",
    "{P} make this country better.",
    "I'm proud to be {S}.",
    "{P} deserve respect like everyone else.",
    "Some of the kindest people I know are {P}.",
    "We should celebrate {P}.",
    "{P} are brilliant colleagues.",
    "I admire {P} so much.",
    "Being {S} is something to be proud of.",
    "{P} are great neighbours.",
    "{P} are just as smart as anyone.",
  ],
  "pronoun reference: not hateful": [
    "I met some {P} yesterday. They were lovely.",
    "My boss hired two {P}. I really like them.",
    "There are {P} in my building and they are very friendly.",
    "Talking about {P}: I admire them a lot.",
    "We have {P} in my class. They are great fun.",
    "{P}? I have nothing against them.",
  ],
  "negated hate": [
    "I don't hate {P}.",
    "{P} are not vermin.",
    "No {N} deserves to be killed.",
    "I would never hurt {S}.",
    "It's not true that {P} are lazy.",
    "{P} are not a threat to anyone.",
    "I'm not disgusted by {P} at all.",
    "{P} are not criminals.",
    "I will never say that {P} are inferior.",
    "There is nothing wrong with {P}.",
    "{P} are not stupid.",
    "Nobody should ever attack {P}.",
  ],
  "counter-speech: quoted": [
    "\"{P} are vermin\" is such a hateful thing to say.",
    "When he said \"kill all {P}\", I reported him.",
    "You wrote that {P} are subhuman. That is disgusting and wrong.",
    "Stop saying {P} are animals.",
    "Statements like \"{P} deserve to die\" have no place here.",
    "Someone shouted \"I hate {P}\" at the rally and the crowd booed.",
    "If you tweet \"{P} are scum\", expect to be banned.",
    "\"{P} should be shot\" is a threat, and threats get reported.",
  ],
  "counter-speech: referenced": [
    "I can't believe people still say {P} are inferior.",
    "Calling {P} parasites is pure bigotry.",
    "Claims that {P} are criminals are simply false.",
    "Anyone who threatens {P} should be reported to the police.",
    "Hating {P} is never acceptable.",
    "Comparing {P} to animals is dehumanising and cruel.",
    "Saying that {P} should die is vile.",
    "It is racist to claim that {P} are dirty.",
  ],
};

/** Hate sentences with one word marked [..] that a spelling variation rewrites. */
const SPELLING_BASES = [
  "I [hate] {P}.",
  "{P} are [disgusting].",
  "{P} are [worthless] scum.",
  "All {P} should be [killed].",
  "{P} are [vermin].",
  "I [despise] {P}.",
  "[{P}] are filthy animals.",
  "I hate [{P}].",
];

export type SpellingVariation = "spelling: swapped letters" | "spelling: missing letter" | "spelling: missing space" | "spelling: added spaces" | "spelling: leet";

/** The word rewritten by one spelling variation (for words of four letters or more). */
export function respell(word: string, how: SpellingVariation): string {
  const mid = Math.floor(word.length / 2);
  switch (how) {
    case "spelling: swapped letters":
      return word.slice(0, mid - 1) + word[mid] + word[mid - 1] + word.slice(mid + 1);
    case "spelling: missing letter":
      return word.slice(0, mid) + word.slice(mid + 1);
    case "spelling: added spaces":
      return [...word].join(" ");
    case "spelling: leet": {
      const leet: Record<string, string> = { a: "4", e: "3", i: "1", o: "0", s: "5" };
      // Replace the first vowel-like letter after the first character.
      for (let i = 1; i < word.length; i++) {
        const r = leet[word[i]!.toLowerCase()];
        if (r) return word.slice(0, i) + r + word.slice(i + 1);
      }
      return word;
    }
    case "spelling: missing space":
      return word; // handled by the sentence: the word is joined to the word before it
  }
}

function spellingCase(base: string, group: HoldoutGroup, how: SpellingVariation): string | undefined {
  const filled = base.replaceAll("{P}", group.plural);
  const m = /\[([^\]]+)\]/.exec(filled);
  if (!m) return undefined;
  const word = m[1]!;
  // Only one-word group names are respelled; a multi-word name keeps its first word respelled.
  const head = word.split(" ")[0]!;
  const rest = word.slice(head.length);
  if (how === "spelling: missing space") {
    const before = filled.slice(0, m.index).replace(/ $/, "");
    if (before.length === 0) {
      // Word at the start: join it to the following word instead.
      return (word + filled.slice(m.index + m[0].length)).replace(/^(\S+) /, "$1");
    }
    return before + word + filled.slice(m.index + m[0].length);
  }
  if (head.length < 4) return undefined;
  return filled.slice(0, m.index) + respell(head, how) + rest + filled.slice(m.index + m[0].length);
}

const SLUR_TEMPLATES = [
  "Look at that {s} over there.",
  "There's a {s} living next door now.",
  "My city is full of {p} these days.",
  "Nobody invited the {p}.",
  "Never trust a {s}.",
  "Another {s} got hired at work today.",
  "Those {p} were at the park again.",
  "Get out of here, {s}.",
];

const GROUPLESS: Partial<Record<HoldoutFunctionality, string[]>> = {
  "profanity, not aimed": [
    "Fuck yeah, we won the game!",
    "This shit is amazing, thank you.",
    "I stubbed my toe, fucking hell.",
    "Holy shit, what a goal.",
    "Damn, that concert was good.",
    "Well, shit happens. Let's try again tomorrow.",
    "That was a fucking brilliant movie.",
    "Oh crap, I forgot my keys again.",
    "Bloody hell, it's cold out here.",
    "I'm so fucking happy for you!",
  ],
  "abuse: object": [
    "I really hate this printer.",
    "This phone is a useless piece of junk.",
    "My car is a worthless pile of scrap.",
    "I despise this weather.",
    "That movie was trash, a total waste of time.",
    "This app is garbage and should be deleted.",
    "I loathe Mondays.",
    "These shoes are ugly and pathetic.",
    "I want to smash this stupid laptop.",
    "The soup was disgusting.",
  ],
  "abuse: individual": [
    "You are a worthless idiot.",
    "My boss is a lying piece of trash.",
    "I hate you so much.",
    "Shut up, you pathetic loser.",
    "Dave is the dumbest person I have ever met.",
    "You disgust me.",
    "That referee is a clown and a cheat.",
    "My ex is a manipulative snake.",
    "You're too stupid to understand anything.",
    "Go away, nobody wants you here.",
  ],
  "abuse: non-protected group": [
    "Lawyers are parasites.",
    "Politicians are all liars.",
    "I hate landlords.",
    "Bankers are greedy scum.",
    "Football hooligans are animals.",
    "Tax collectors are disgusting.",
    "Estate agents are worthless.",
    "Car salesmen are crooks.",
    "Journalists are vermin.",
    "Traffic wardens are the worst people alive.",
  ],
};

export interface HoldoutCase {
  functionality: HoldoutFunctionality;
  text: string;
  hateful: boolean;
  /** `dev` templates may be read when a miss is investigated; `sealed` are only counted. */
  split: "dev" | "sealed";
  /** Index of the template inside its functionality. */
  template: number;
  group?: string;
}

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const splitOf = (template: number): "dev" | "sealed" => (template % 2 === 0 ? "dev" : "sealed");

function fill(template: string, group: HoldoutGroup): string {
  const noArticle = group.one.replace(/^(a|an) /, "");
  return cap(template.replaceAll("{P}", group.plural).replaceAll("{S}", group.one).replaceAll("{N}", noArticle));
}

/** Every case of the holdout set, in a fixed order. */
export function holdoutCases(groups: HoldoutGroup[] = HOLDOUT_GROUPS): HoldoutCase[] {
  const out: HoldoutCase[] = [];
  const push = (functionality: HoldoutFunctionality, text: string, template: number, group?: string): void => {
    out.push({ functionality, text, hateful: HOLDOUT_HATEFUL[functionality], split: splitOf(template), template, group });
  };
  for (const [functionality, templates] of Object.entries(GROUP_TEMPLATES) as Array<[HoldoutFunctionality, string[]]>) {
    templates.forEach((t, i) => {
      for (const group of groups) {
        // "someone with Down syndrome" reads as a member only where an article would go.
        if (t.includes("{N}") && !/^(a|an) /.test(group.one)) continue;
        push(functionality, fill(t, group), i, group.plural);
      }
    });
  }
  SLUR_TEMPLATES.forEach((t, i) => {
    for (const [s, p] of HOLDOUT_SLURS) push("slur", cap(t.replaceAll("{s}", s).replaceAll("{p}", p)), i, s);
  });
  const variations: SpellingVariation[] = ["spelling: swapped letters", "spelling: missing letter", "spelling: missing space", "spelling: added spaces", "spelling: leet"];
  for (const how of variations) {
    SPELLING_BASES.forEach((base, i) => {
      for (const group of groups) {
        const text = spellingCase(base, group, how);
        if (text !== undefined) push(how, cap(text), i, group.plural);
      }
    });
  }
  for (const [functionality, texts] of Object.entries(GROUPLESS) as Array<[HoldoutFunctionality, string[]]>) {
    texts.forEach((t, i) => push(functionality, t, i));
  }
  return out;
}

export interface HoldoutRate {
  flagged: number;
  total: number;
  devFlagged: number;
  devTotal: number;
  sealedFlagged: number;
  sealedTotal: number;
}

/** Cases scored at or above `threshold`, per functionality, with the dev/sealed split. */
export function holdoutRates(cases: HoldoutCase[], score: (text: string) => number, threshold = 0.3): Map<HoldoutFunctionality, HoldoutRate> {
  const out = new Map<HoldoutFunctionality, HoldoutRate>();
  for (const c of cases) {
    const r = out.get(c.functionality) ?? { flagged: 0, total: 0, devFlagged: 0, devTotal: 0, sealedFlagged: 0, sealedTotal: 0 };
    const hit = score(c.text) >= threshold ? 1 : 0;
    r.total++;
    r.flagged += hit;
    if (c.split === "dev") {
      r.devTotal++;
      r.devFlagged += hit;
    } else {
      r.sealedTotal++;
      r.sealedFlagged += hit;
    }
    out.set(c.functionality, r);
  }
  return out;
}

/** The target groups' rates: all hateful together, identity (neutral + positive + pronoun), negated hate. */
export function holdoutSummary(rates: Map<HoldoutFunctionality, HoldoutRate>): Record<"flag" | "identity" | "negated", HoldoutRate> {
  const zero = (): HoldoutRate => ({ flagged: 0, total: 0, devFlagged: 0, devTotal: 0, sealedFlagged: 0, sealedTotal: 0 });
  const out = { flag: zero(), identity: zero(), negated: zero() };
  for (const [f, r] of rates) {
    const t = targetOf(f);
    if (t === "report") continue;
    const o = out[t];
    o.flagged += r.flagged;
    o.total += r.total;
    o.devFlagged += r.devFlagged;
    o.devTotal += r.devTotal;
    o.sealedFlagged += r.sealedFlagged;
    o.sealedTotal += r.sealedTotal;
  }
  return out;
}
