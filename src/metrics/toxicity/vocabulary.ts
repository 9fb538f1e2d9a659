/**
 * Our own word lists for the rules, written for this project (the npm lexicons only say
 * "profane, with this sureness"; they do not say who a word is aimed at or what kind of
 * harm it names). Words are given in canonical token form: lower case, no apostrophes.
 */

/** Words that address the reader: an insult next to one is aimed at a person. */
export const SECOND_PERSON = ["you", "u", "ya", "ye", "youre", "ur", "yourself", "yourselves", "your", "yours", "thou", "yall", "urself"];

/** Nouns and adjectives that insult a person (when aimed at one). */
export const INSULT_WORDS = [
  "idiot", "idiots", "idiotic", "moron", "morons", "moronic", "stupid", "stupidest", "dumb", "dumbass", "dumbest",
  "loser", "losers", "jerk", "jerks", "imbecile", "imbeciles", "retard", "retards", "retarded", "fool", "fools",
  "clown", "clowns", "scum", "scumbag", "scumbags", "pathetic", "worthless", "useless", "ignorant", "dork",
  "twit", "halfwit", "nitwit", "dimwit", "cretin", "cretins", "numbskull", "bonehead", "douche", "douchebag",
  "asshole", "assholes", "arsehole", "bastard", "bastards", "bitch", "bitches", "prick", "pricks", "dick",
  "dickhead", "dickheads", "cunt", "cunts", "twat", "twats", "wanker", "wankers", "tosser", "pig", "pigs",
  "coward", "cowards", "liar", "liars", "hypocrite", "hypocrites", "freak", "freaks", "creep", "creeps",
  "ugly", "fatass", "disgusting", "trash", "garbage", "vermin", "parasite", "parasites", "lowlife", "scumbag",
  "slut", "sluts", "whore", "whores", "hoe", "hoes", "nazi", "nazis", "incompetent", "brainless", "fag",
  "faggot", "shithead", "jackass", "dipshit", "motherfucker", "fucker", "fuckers", "fuckface", "sucker", "suck", "sucks",
];

/** Words that, after an insult pronoun, turn a sentence into a personal attack ("shut up"). */
export const INSULT_PHRASES: ReadonlyArray<readonly [string, string]> = [
  ["shut", "up"], ["fuck", "you"], ["fuck", "off"], ["screw", "you"], ["piss", "off"], ["go", "hell"],
  ["eat", "shit"], ["suck", "my"], ["get", "lost"], ["stfu", "you"], ["f", "off"], ["bite", "me"],
];

/** One-word personal attacks. */
export const INSULT_STANDALONE = ["stfu", "gtfo", "fu", "fuckoff", "shutup"];

/** First person or future markers that make a violent verb a threat ("I'll", "gonna"). */
export const THREAT_SUBJECT = ["i", "ill", "im", "ima", "imma", "id", "we", "gonna", "gunna", "wanna", "will", "going", "shall", "gon"];

/** Violent verbs. */
export const VIOLENT_VERBS = [
  "kill", "murder", "shoot", "stab", "hurt", "beat", "rape", "strangle", "choke", "burn", "slaughter", "butcher",
  "behead", "hang", "lynch", "punch", "slap", "smash", "bomb", "torture", "execute", "gut", "bash", "kick",
  "exterminate", "eradicate", "gas", "deport", "hunt", "slit", "skin", "drown", "poison", "cut", "break",
];

/** Who a threat is aimed at. */
export const THREAT_OBJECT = ["you", "u", "ya", "your", "yourself", "ur", "urself", "him", "her", "them", "yall", "family", "kids", "wife"];

/** Words for dying, for "hope you die", "you should die", "go die". */
export const DIE_WORDS = ["die", "dies", "dead", "death"];

/** A wish or an imperative before a die word. */
export const WISH_WORDS = ["should", "deserve", "deserves", "must", "gonna", "better", "hope", "wish", "go", "will", "to", "please"];

/** Hatred aimed at a group ("hate all …"). */
export const HATE_WORDS = ["hate", "hates", "despise", "despises", "kill", "gas", "deport", "exterminate", "eradicate", "ban"];

/** Identity groups (religion, ethnicity, origin, gender, orientation, disability). */
export const IDENTITY_GROUPS = [
  "jew", "jews", "jewish", "muslim", "muslims", "islam", "christian", "christians", "hindu", "hindus", "catholics",
  "black", "blacks", "white", "whites", "asian", "asians", "arab", "arabs", "african", "africans", "mexican", "mexicans",
  "latino", "latinos", "indian", "indians", "chinese", "immigrant", "immigrants", "refugee", "refugees", "gays",
  "gay", "lesbian", "lesbians", "homosexual", "homosexuals", "transgender", "trans", "women", "woman", "girls",
  "feminist", "feminists", "disabled", "autistic", "negroes", "jewz",
];

/** Predicates that dehumanise or degrade a group ("… are animals"). */
export const DEHUMANISING = [
  "animals", "animal", "vermin", "subhuman", "subhumans", "scum", "inferior", "disgusting", "parasites", "cockroaches",
  "rats", "savages", "savage", "filth", "filthy", "trash", "pigs", "apes", "monkeys", "terrorists", "evil", "dirty",
  "disease", "cancer", "plague", "retarded", "stupid", "criminals", "rapists", "dogs", "worthless",
  "deported", "exterminated", "gassed", "hanged",
];

/** Slurs: an identity attack by themselves. */
export const SLURS = [
  "nigger", "niggers", "nigga", "niggas", "niggaz", "nigguh", "negro", "faggot", "faggots", "fag", "fags", "faggy",
  "kike", "kikes", "spic", "spics", "chink", "chinks", "wetback", "wetbacks", "tranny", "trannies", "dyke", "dykes",
  "gook", "gooks", "raghead", "ragheads", "towelhead", "towelheads", "coon", "coons", "beaner", "beaners", "paki",
  "pakis", "sandnigger", "jigaboo", "porchmonkey", "zipperhead", "wop", "wops", "dago", "dagos", "homos",
  "spaz", "spazzes", "wog", "wogs", "gyppo", "gyppos", "shemales", "trannys", "darkie", "darkies", "sambo", "sambos",
  "golliwog", "redskin", "injuns", "kaffir", "kaffirs", "yids", "heeb", "kraut", "krauts", "japs", "gypo", "pikey", "pikeys",
  "poofter", "lezzie", "lezzies",
  "queers", "retard", "retards", "mongoloid", "honky",
  "camel jockey", "shemale",
];

/** Explicit sexual vocabulary ("sex" alone is not here: it is mostly biology and grammar). */
export const SEXUAL_WORDS = [
  "porn", "porno", "pornography", "pornographic", "horny", "nudes", "boobs", "boob", "tits", "titties", "tit", "pussy",
  "pussies", "cock", "cocks", "dick", "dicks", "penis", "vagina", "cum", "cumming", "cumshot", "orgasm", "orgasms",
  "masturbate", "masturbating", "masturbation", "dildo", "blowjob", "blowjobs", "handjob", "erection", "boner",
  "slut", "sluts", "whore", "whores", "milf", "xxx", "hentai", "threesome", "orgy", "clit", "jizz", "semen",
  "sexting", "fuckin", "fucked", "fucking", "fuck", "fucks", "suck", "sucking", "dicks", "balls", "anal", "nipples",
  "horniest", "sexy", "nude", "stripper", "rape", "raped", "raping",
];

/** Explicit sexual words that only count as sexual content when they are not plain swearing. */
export const SEXUAL_ONLY_WHEN_NOT_SWEARING = ["fuck", "fucks", "fuckin", "fucked", "fucking", "suck", "sucking", "balls"];

/**
 * Innocent words that contain a profane string or share one's letters (the Scunthorpe
 * problem). They never count as a lexicon or substring hit, and the linear model sees them
 * as whole words only (no character n-grams), so "cockpit" does not borrow "cock"'s weight.
 */
export const INNOCENT_WORDS = [
  "scunthorpe", "penistone", "cockpit", "cockpits", "cocktail", "cocktails", "cockroach", "cockroaches", "cockatoo",
  "cockatoos", "cockerel", "cockney", "peacock", "peacocks", "hancock", "hitchcock", "woodcock", "shuttlecock",
  "babcock", "stopcock", "weathercock", "gamecock", "cockle", "cockles", "assassin", "assassins", "assassinate",
  "assassinated", "assassination", "class", "classes", "classic", "classics", "classical", "classify", "classified",
  "classification", "classroom", "bass", "mass", "masses", "massive", "pass", "passed", "passes", "passage",
  "passenger", "passengers", "password", "assess", "assessed", "assessment", "asset", "assets", "assist",
  "assistant", "assistance", "associate", "associated", "association", "assume", "assumed", "assumption", "assure",
  "assign", "assigned", "assignment", "assembly", "assemble", "embassy", "ambassador", "harass", "harassment",
  "compass", "grass", "glass", "glasses", "brass", "massage", "cassette", "lasso", "sassafras", "bypass",
  "shitake", "shiitake", "essex", "sussex", "middlesex", "wessex", "sextant", "sextet", "sexton", "dickens",
  "dickinson", "dickerson", "dickson", "benedick", "cumulative", "cumin", "cucumber", "cucumbers", "circumstance",
  "circumstances", "document", "therapist", "therapists", "grape", "grapes", "scrape", "drape", "skyscraper",
  "analysis", "analyse", "analyze", "analyst", "analytics", "canal", "banal", "titan", "titanic", "title", "titles",
  "titmouse", "titration", "arsenal", "arsenic", "button", "buttons", "buttress", "tycoon", "raccoon", "raccoons",
  "cocoon", "cocoons", "shellfish", "hello", "shell", "spice", "spices", "spicy", "pussycat", "snigger", "niger",
  "nigeria", "nigerian", "clitheroe", "sussexed", "hoedown", "shoe", "shoes", "kumquat", "homogeneous", "homophone",
  "homework", "homage", "dickcissel", "bastardised", "manuscript", "cumbersome", "accumulate", "accumulated",
  "scumble", "retardant", "retardation", "matsushita", "mishit", "shitzu",
  // Listed as "likely profane" by cuss, but ordinary words in instruction data.
  "niggard", "niggardly", "niggardliness", "niggle", "niggled", "niggles", "niggling", "slave", "slaves", "welfare",
  "spit", "tang", "stringer", "tinker", "tinkers", "vomit", "puke", "triplex", "whiz", "yank", "yanks", "pansies",
  "pansy", "beanbag", "beanbags", "chunky", "dope", "gables", "flange", "jigger", "jig", "jigs", "muncher",
  "geezer", "cocky", "bung", "quickie", "spunky", "nip", "gypsy", "gypsies", "hillbilly", "hobo", "commie",
  "pancake", "poo", "poop", "welcher", "weenie", "willie", "pawn", "pawns", "cox", "cracker", "crackers", "dicks",
  "homo", "cockapoo", "stagg",
];

/**
 * Listed as profane by a lexicon, but anatomical, medical or everyday words in instruction
 * data: they count as mild (strength 1) evidence only, and name no label.
 */
export const MILD_ONLY = [
  "sex", "sexual", "anus", "penis", "vagina", "vulva", "labia", "rectum", "semen", "scrotum", "testicle", "testicles",
  "butt", "butts", "bloody", "balls", "lust", "viagra", "nazi", "nazis", "bum", "pube", "pubic", "damn", "hell",
  "crap", "boob", "boobs", "orgasm", "breast", "breasts", "nipple", "nipples", "gay", "lesbian", "homosexual",
];

/** Two-word names and phrases whose second (or first) word alone would be a hit. */
export const INNOCENT_PHRASES: ReadonlyArray<readonly [string, string]> = [
  ["ty", "coon"], ["moby", "dick"], ["dick", "cheney"], ["dick", "van"], ["k", "dick"], ["dick", "tracy"],
  ["dick", "grayson"], ["spotted", "dick"], ["pussy", "willow"], ["pussy", "cat"], ["bloody", "mary"],
  ["sperm", "whale"], ["tit", "for"], ["blue", "tit"], ["great", "tit"], ["cock", "robin"], ["jack", "ass"],
  ["hoe", "garden"], ["garden", "hoe"], ["maine", "coon"], ["ritz", "crackers"], ["ritz", "cracker"],
];

/**
 * Strings that make a longer unknown word profane ("fuckface", "bitchass"). Only strong,
 * unambiguous stems: short stems like "ass" or "cock" are far more often innocent.
 */
export const PROFANE_STEMS = [
  "fuck", "shit", "cunt", "bitch", "whore", "slut", "nigger", "nigga", "faggot", "twat", "wanker", "asshole",
  "cocksuck", "dickhead", "bastard", "motherf", "dumbass", "jackass", "pussies",
];

/*
 * Vocabularies of the group-statement rules (see collectEvidence): who a statement is about,
 * what it says of them, and whether it is negated or reported. A hateful construction is a
 * polarity and a scope, not a phrase: "<group> are <negative attribute>", "<group> are not
 * <positive predicate>", "I <hate verb> <group>", "I don't <like verb> <group>", "<group>
 * should be <violent participle>" — each flipped by a negator in its scope and discounted
 * when the text reports it to condemn it.
 */

/** More identity groups (nationality, ethnicity, religion, gender, sexuality, disability, migration). */
export const MORE_IDENTITY_GROUPS = [
  "bisexual", "bisexuals", "queer", "lgbt", "lgbtq", "transgenders", "transsexual", "transsexuals", "hispanic", "hispanics",
  "latinas", "latina", "japanese", "korean", "koreans", "vietnamese", "filipino", "filipinos", "pakistani", "pakistanis",
  "iranian", "iranians", "iraqi", "iraqis", "syrian", "syrians", "somali", "somalis", "turks", "palestinians", "israelis",
  "migrant", "migrants", "foreigners", "natives", "aboriginal", "aboriginals", "indigenous", "roma", "sikh", "sikhs",
  "buddhist", "buddhists", "atheist", "atheists", "mormons", "jewess", "females", "female", "wheelchair", "deaf", "blind",
  "handicapped", "crippled", "cripples", "mentally", "immigrant", "ladies", "girl", "mexican", "african", "nonbinary",
];

/** Nouns that follow a group adjective and stay part of the group ("black people", "gay men"). */
export const GROUP_NOUNS = [
  "people", "persons", "person", "men", "man", "women", "woman", "folks", "folk", "guys", "kids", "children", "lives",
  "americans", "users", "community", "communities", "population", "individuals", "families", "workers", "students",
];

/** Pronouns that refer back to a group named earlier in the same text ("… I hate them"). */
export const GROUP_PRONOUNS = ["they", "them", "theyre", "those", "these"];

/** Words that negate what follows within their scope. */
export const NEGATORS = [
  "not", "no", "never", "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "cant", "cannot", "couldnt",
  "wont", "wouldnt", "shouldnt", "mustnt", "aint", "nobody", "neither", "nor", "hardly", "none", "havent", "hasnt",
  "lack", "lacks",
];

/** Modal and wish words: they make a violent participle or a dying word a call for harm ("should be shot"). */
export const MODALS = [
  "should", "must", "need", "needs", "ought", "deserve", "deserves", "will", "would", "shall", "gotta", "gonna", "have",
  "has", "wish", "hope", "want", "wanna", "better", "cannot", "cant", "shouldnt", "dont", "doesnt", "wont", "mustnt", "lets",
];

/**
 * Function words a group statement may pass through between the group and its predicate
 * ("… are all just a bunch of …", "… should never be …"); any other word ends the scan.
 */
export const CHAIN_WORDS = [
  "are", "is", "was", "were", "be", "been", "being", "am", "re", "to", "all", "just", "only", "such", "so", "really", "very",
  "too", "nothing", "but", "more", "most", "always", "basically", "simply", "literally", "truly", "clearly", "obviously",
  "naturally", "inherently", "genetically", "mostly", "usually", "generally", "complete", "completely", "total", "totally",
  "absolute", "absolutely", "utter", "utterly", "a", "an", "the", "bunch", "of", "pack", "kind", "sort", "like", "than",
  "do", "does", "get", "got", "getting", "become", "becoming", "seem", "seems", "act", "acting", "still", "even", "ever",
  "every", "single", "one", "ones", "those", "these", "any", "some", "many", "lot", "lots", "bunch", "little", "dirty",
  "filthy", "fucking", "damn", "bloody", "sub", "nothing", "better", "off", "also", "by", "nature", "definition", "honestly",
  "frankly", "sure", "certainly", "tend", "tends", "next", "first", "last", "other", "can", "could", "may", "might", "as",
  "this", "breed", "breeds", "breeding", "multiply", "multiplying",
  // A comparison leads on to what the group is likened to ("… are worse than rats"); a future
  // leads on to its predicate ("… are never going to be civilised").
  "worse", "going",
];

/**
 * Negative attributes and verbs said of a group (the dehumanising nouns, insults and strong
 * profanity count too): "… are lazy", "… ruin everything".
 */
export const NEGATIVE_ATTRIBUTES = [
  "lazy", "dumb", "stupid", "dirty", "disgusting", "evil", "inferior", "criminals", "criminal", "rapists", "terrorists",
  "violent", "dangerous", "worthless", "useless", "pathetic", "ugly", "greedy", "thieves", "liars", "sick", "degenerate",
  "degenerates", "perverts", "perverted", "idiots", "primitive", "barbaric", "backward", "backwards", "uncivilised",
  "uncivilized", "threat", "burden", "danger", "vile", "repulsive", "gross", "cowards", "weak", "untrustworthy", "dishonest",
  "smelly", "stinky", "stupidest", "worst", "abomination", "abominations", "freaks", "mistake", "mistakes", "defective",
  "diseased", "infested", "infestation", "invaders", "invasion", "pests", "pest", "insects", "leeches", "lice", "beasts",
  "creatures", "monsters", "demons", "devils", "thugs", "savages", "apes", "trash", "garbage", "scum", "filth", "vermin",
  "cockroaches", "rats", "parasites", "subhuman", "subhumans", "animals", "plague", "cancer", "disease", "inbred",
  "hideous", "nasty", "awful", "horrible", "terrible", "despicable", "revolting", "sickening", "abhorrent", "wicked",
  "immoral", "unnatural", "unclean", "incapable", "incompetent", "ignorant", "retarded", "brainless", "mindless", "hysterical",
  "irrational", "crazy", "insane", "psychos", "psychopaths", "nuisance", "problem", "blight", "stain", "waste",
  // Lying said of a group needs a word between ("… always lie", "… are lying"): "… lie buried" is not.
  "lie", "lies", "lying",
];

/**
 * Verbs that say something negative of the group they follow directly ("… ruin everything",
 * "… disgust me"); other negative attributes need a copula or modal in between, so that a
 * group adjective before a noun ("female monsters" in a myth) is not a statement.
 */
export const NEGATIVE_VERBS = [
  "ruin", "ruins", "ruining", "destroy", "destroys", "destroying", "steal", "steals", "stealing", "infest", "infesting",
  "invade", "invading", "stink", "stinks", "disgust", "disgusts", "sicken", "sickens", "pollute", "polluting", "cheat",
  "cheats", "scrounge", "scrounging", "leech", "exploit", "corrupt", "corrupting", "brainwash", "molest", "suck", "sucks",
  "enrage", "enrages", "infuriate", "infuriates", "repulse", "repulses", "nauseate", "nauseates",
];

/**
 * Verbs that impute a harm to the group they follow when a harm noun comes within a few words
 * ("… bring crime", "… spread nothing but disease"); not "carry" or "cause", which are also
 * said of genes and statistics.
 */
export const IMPUTING_VERBS = ["bring", "brings", "bringing", "spread", "spreads", "spreading"];

/** Harms a group is said to bring, for IMPUTING_VERBS (NEGATIVE_ATTRIBUTES count too). */
export const HARM_NOUNS = ["crime", "crimes", "violence", "drugs", "terror", "terrorism", "chaos", "diseases", "misery", "trouble"];

/** Positive predicates: negated, they are a hateful statement ("… are not human", "… don't deserve rights"). */
export const POSITIVE_PREDICATES = [
  "human", "humans", "welcome", "welcomed", "equal", "equals", "belong", "belongs", "matter", "matters", "trusted",
  "trustworthy", "allowed", "worth", "intelligent", "smart", "capable", "normal", "valid", "good", "great", "nice", "kind",
  "beautiful", "wonderful", "amazing", "brilliant", "lovely", "honest", "decent", "fine", "ok", "okay", "important",
  "valuable", "useful", "wanted", "safe", "clean", "live", "exist", "rights", "respect", "respected", "freedom", "vote", "place",
  "citizens", "loved", "smart", "civilised", "civilized", "capable", "deserving", "worthy", "real", "strong", "brave",
  "talented", "hardworking", "friendly", "welcoming", "kind", "caring", "peaceful", "innocent", "awesome", "best",
  // Membership and presence: negated, they exclude ("… have no right to …", "… will never be part of …", "… shouldn't be here").
  "right", "part", "here", "stay",
  // A contribution denied degrades ("… have never contributed anything"; in the past tense it reports).
  "contribute", "contributes", "contributed",
];

/**
 * Qualities (positive predicates too): lacking them, a group is degraded ("… have no morals",
 * "… lack basic decency"), and a question that doubts them doubts the group's worth ("Do …
 * even have brains?").
 */
export const QUALITIES = [
  "morals", "values", "culture", "dignity", "honour", "honor", "manners", "brains", "intelligence", "soul", "souls", "decency",
  "talent", "skills", "humanity", "empathy", "conscience", "integrity", "value", "future", "worth",
];

/** Verbs of liking aimed at a group: negated, they are hateful ("I don't trust …", "nobody wants …"). */
export const LIKE_VERBS = [
  "like", "likes", "love", "loves", "respect", "respects", "trust", "trusts", "support", "supports", "welcome", "accept",
  "accepts", "want", "wants", "admire", "admires", "tolerate", "tolerates", "appreciate", "appreciates", "value", "values",
  "stand", "bear", "abide", "stomach", "hire", "hires", "employ", "employs", "marry", "befriend", "rent",
];

/** More hate verbs and their forms ("loathe", "can't stand" is a negated like verb). */
export const MORE_HATE_WORDS = [
  "loathe", "loathes", "detest", "detests", "abhor", "abhors", "hating", "despising", "hated", "despised", "loathed", "detested",
  "abhorred", "tired", "resent", "resents",
];

/** Violent participles: after a modal they call for harm to a group ("… should be shot"). */
export const VIOLENT_PARTICIPLES = [
  "killed", "murdered", "shot", "stabbed", "hanged", "hung", "lynched", "burned", "burnt", "gassed", "exterminated",
  "eradicated", "executed", "slaughtered", "butchered", "beheaded", "beaten", "tortured", "wiped", "eliminated", "removed",
  "deported", "culled", "sterilized", "sterilised", "purged", "cleansed", "nuked", "bombed", "raped", "drowned", "locked",
  "caged", "banned", "expelled", "punished", "destroyed", "shipped", "kicked", "thrown", "put", "euthanized", "euthanised",
];

/** More violent verbs (base forms) for threats against a group ("… get rid of …" is a pair). */
export const MORE_VIOLENT_VERBS = [
  "eliminate", "wipe", "purge", "cull", "nuke", "lynch", "destroy", "massacre", "sterilize", "sterilise", "expel", "remove", "rid",
];

/**
 * Words that condemn what a text reports ("… is racist", "stop spreading hate"): with a
 * reporting word they mark counter-speech, whose group constructions are quoted, not meant.
 */
export const COUNTER_WORDS = [
  "racist", "racism", "bigoted", "bigot", "bigots", "bigotry", "hateful", "prejudice", "prejudiced", "stereotype",
  "stereotypes", "stereotyping", "wrong", "unacceptable", "offensive", "discriminatory", "discrimination", "sexist",
  "sexism", "homophobic", "homophobia", "transphobic", "transphobia", "xenophobic", "xenophobia", "misguided", "shameful",
  "ignorant", "false", "untrue", "myth", "myths", "nonsense", "misogynistic", "misogyny", "ableist", "antisemitic",
  "antisemitism", "islamophobic", "islamophobia", "harmful", "inexcusable", "disgraceful", "condemn", "condemns", "stop",
  "quit", "vile", "despicable", "abhorrent", "appalling", "deplorable",
  // What a platform does to such a post ("… expect to be banned").
  "banned", "suspended", "blocked", "deleted",
];

/**
 * Approving words that condemn what a text reports when negated: "… is never acceptable",
 * "… is not okay", "statements like … have no place here".
 */
export const APPROVAL_WORDS = ["acceptable", "okay", "ok", "justified", "justifiable", "excusable", "fine", "funny", "place", "tolerable", "tolerated", "right"];

/** Past-tense words: a group statement in the past tense reports history ("… were not allowed to vote"). */
export const PAST_WORDS = ["was", "were", "had", "did", "didnt", "wasnt", "werent", "used", "hadnt"];

/** Words that report or quote what someone else says or thinks. */
export const REPORT_WORDS = [
  "say", "says", "saying", "said", "claim", "claims", "claiming", "claimed", "statement", "statements", "comment", "comments",
  "remark", "remarks", "quote", "quotes", "call", "calls", "calling", "called", "words", "tweet", "tweets", "post", "posts",
  "posting", "insist", "insisting", "assume", "assuming", "believe", "believing", "suggest",
  "suggesting", "tell", "telling", "told", "write", "writes", "wrote", "writing", "thinking", "idea", "notion", "view",
];

/**
 * Hatred named as an act: opening a clause, the subject of a judgement that a text may
 * condemn ("Hating … is never acceptable"), which then reports the statement as a quote would.
 */
export const HATRED_ACTS = [
  "hating", "despising", "attacking", "insulting", "mocking", "harassing", "bullying", "demonizing", "demonising",
  "dehumanizing", "dehumanising",
];

/**
 * Identity groups beyond the lists above, so that what is said of a group does not depend on
 * the group being a frequent one: nationalities and peoples (plural demonyms, and the
 * singular where it is not an everyday word in another sense), religions, disabilities,
 * sexual orientations, gender identities, age groups and migration status.
 */
export const WIDER_IDENTITY_GROUPS = [
  // Nationalities and peoples.
  "afghans", "afghan", "albanians", "albanian", "algerians", "algerian", "argentinians", "armenians", "armenian",
  "australians", "austrians", "bangladeshis", "bangladeshi", "belgians", "bolivians", "bosnians", "bosnian", "brazilians",
  "brits", "bulgarians", "cambodians", "cameroonians", "canadians", "chileans", "colombians", "colombian", "congolese",
  "croats", "cubans", "cuban", "czechs", "dominicans", "ecuadorians", "egyptians", "egyptian", "eritreans", "eritrean",
  "ethiopians", "ethiopian", "filipinas", "finns", "frenchmen", "germans", "ghanaians", "ghanaian", "greeks", "guatemalans",
  "haitians", "haitian", "hondurans", "hungarians", "indonesians", "indonesian", "irish", "israeli", "italians", "jamaicans",
  "jamaican", "jordanians", "kenyans", "kenyan", "kurds", "kurd", "kurdish", "lebanese", "libyans", "lithuanians",
  "malaysians", "moroccans", "moroccan", "nepalese", "nepali", "nigerians", "nigerian", "norwegians", "palestinian",
  "persians", "peruvians", "poles", "portuguese", "romanians", "romanian", "russians", "rwandans", "salvadorans", "saudis",
  "saudi", "scots", "senegalese", "serbs", "serbian", "slovaks", "spaniards", "sudanese", "swedes", "taiwanese", "tamils",
  "tamil", "thais", "tibetans", "ugandans", "ukrainians", "ukrainian", "uzbeks", "venezuelans", "venezuelan", "yemenis",
  "yemeni", "zimbabweans", "chechens", "pashtuns", "uyghurs", "uighurs", "hmong", "punjabis", "bengalis", "sinhalese",
  "mongolians", "iraqi", "iranian", "somali", "syrian", "pakistani", "turkish", "mexicans", "chinese", "arabic",
  "romani", "inuit", "maori", "bedouins", "caucasians", "aborigines", "americans", "europeans", "asians",
  // Religions.
  "catholic", "protestants", "protestant", "mormon", "jains", "pagans", "wiccans", "agnostics", "evangelicals", "shia",
  "sunni", "shiites", "sunnis", "scientologists", "quakers", "amish", "baptists", "rastafarians", "zoroastrians",
  "christian", "muslim", "hindu", "sikh", "buddhist", "atheist", "judaism", "hinduism", "sikhism",
  // Disabilities and illness.
  "dyslexic", "dyslexics", "paraplegic", "paraplegics", "quadriplegics", "amputees", "schizophrenics", "schizophrenic",
  "epileptics", "autists", "dwarfs", "dwarves", "midgets", "neurodivergent", "disabilities", "disability", "autism",
  "handicap", "handicaps", "retardation", "mentally", "cripple",
  // Sexual orientation and gender identity.
  "asexual", "asexuals", "pansexual", "pansexuals", "homosexuality", "transwomen", "transmen", "genderqueer",
  "genderfluid", "intersex", "enbies", "bisexuality", "transsexual",
  // Age.
  "elderly", "boomers", "pensioners", "pensioner", "retirees", "teenagers", "millennials", "zoomers",
  // Migration.
  "expats", "illegals", "asylum", "emigrants", "immigrants",
];

/**
 * Adjectives that name a group only before a group noun ("old people", "young men", "the
 * non binary community"): on their own they are everyday words ("old code", "a young tree").
 */
export const ADJECTIVE_ONLY_GROUPS = ["old", "older", "young", "elder", "binary", "ill", "foreign"];

/**
 * Words that may stand between a hate word and the group it is aimed at ("my hatred for …",
 * "sick of …", "disgusted by …", "beat up …"): the scan before a group passes through them.
 */
export const HATE_LINK_WORDS = [
  "for", "of", "by", "towards", "toward", "against", "around", "near", "with", "up", "down", "out", "at", "on",
  // Nouns that stand for the group itself ("I can't stand the sight of …", "the presence of …").
  "sight", "thought", "presence", "existence", "smell", "mention",
  // The whole of the group ("I abhor everything about …").
  "everything", "about",
];

/** Nouns and adjectives of hatred or disgust that act like a hate verb before a group. */
export const HATE_NOUNS = ["hatred", "loathing", "contempt", "disgusted", "sickened", "sick", "repulsed", "revolted", "angry", "furious"];

/**
 * Words a group statement may pass through to its predicate besides the function words:
 * "… make me sick", "… make us feel unsafe", "… make my skin crawl".
 */
export const CAUSATIVE_LINK_WORDS = ["make", "makes", "made", "me", "us", "feel", "physically", "want", "my", "our", "skin", "blood"];

/** Causative verbs: what a group makes someone feel is said of the group ("… make me angry"). */
export const CAUSATIVE_VERBS = ["make", "makes", "made"];

/**
 * Feelings of anger, disgust and hatred: after a causative they degrade the group that
 * causes them ("… make me furious", "… make me want to vomit"); on their own they describe
 * the speaker, so they are not negative attributes of a group ("… are angry about …").
 */
export const CAUSED_FEELINGS = [
  "angry", "furious", "mad", "sick", "nauseous", "nauseated", "vomit", "puke", "throw", "disgust", "disgusted",
  "hatred", "hate", "contempt", "revulsion", "loathing", "cringe", "shudder", "livid", "enraged", "ill",
  // "… make my skin crawl", "… make my blood boil".
  "crawl", "boil",
];

/** Words after a modal that lead on to the participle of a call for harm ("lined up and shot", "put down"). */
export const HARM_LINK_WORDS = ["up", "and", "out", "down", "away", "off", "lined", "rounded", "taken", "sent"];

/**
 * Frames that make a negator before a group statement negate the statement itself: "it's not
 * true that …", "I will never say …", "I don't think …".
 */
export const NEGATED_FRAMES = [
  "true", "think", "say", "saying", "believe", "agree", "claim", "mean", "accept", "fact", "case", "correct", "right",
  "imply", "suggest", "said", "that", "feel", "thought", "assume", "buy",
];

/**
 * Words that deny the statement a "that" after them introduces: "It is a myth that …", "It's
 * false that …", "the lie that …"; "It's no myth that …" asserts it.
 */
export const DENIALS = ["myth", "false", "untrue", "lie", "nonsense", "misconception", "fallacy"];

/** Degrading places a group is said to belong in ("… belong in a zoo", "… belong in cages"). */
export const DEGRADING_PLACES = [
  "zoo", "zoos", "cage", "cages", "jail", "jails", "prison", "prisons", "gutter", "trash", "bin", "sewer", "sewers", "camps",
  "camp", "ovens", "kitchen", "kitchens", "chains", "gas", "grave", "graves", "hell", "asylums", "barn", "dirt",
];

/** Verbs of expulsion: before a group and with "out", "away" or "back" after it ("keep … away from", "send … back"). */
export const EXPEL_VERBS = ["keep", "send", "kick", "throw", "ship", "drive", "chase", "force"];

/** Verbs of leaving: after a group and a modal, with a particle, a call to leave ("… should go back", "… need to get out"). */
export const LEAVE_VERBS = ["go", "get", "piss", "fuck", "clear", "move", "head"];

/**
 * Verbs of ceasing to exist: after a modal of wishing or obligation, or in a question that
 * a negated auxiliary opens, a wish that a group were gone ("… should just disappear", "Why
 * can't … just vanish?"); after "will" they only describe ("… will disappear from the
 * statistics").
 */
export const VANISH_VERBS = ["disappear", "vanish", "perish"];

/**
 * Verbs of suffering: wished on a group, as VANISH_VERBS are, or as the fate a wish wants
 * for it ("I hope … suffer", "I want … to rot", "I'd love to see … burn"), they wish it harm.
 */
export const SUFFERING_VERBS = ["suffer", "rot", "starve", "burn"];

/**
 * Verbs of wanting before "to see" / "to watch" ("I want to see … gone", "I'd love to see …
 * suffer"). Not "hate": "I'd hate to see … suffer" is sympathy.
 */
export const SEEING_WISH_VERBS = ["want", "wants", "love", "like"];

/** Modals of wishing or obligation, for VANISH_VERBS. */
export const WISH_MODALS = ["should", "must", "need", "needs", "ought", "deserve", "deserves", "better", "wish", "hope", "gotta"];

/** Auxiliaries fused with "not": at the start of a clause before a group they ask a question ("Aren't … just animals?"), they do not negate. */
export const NEGATED_AUXILIARIES = ["arent", "isnt", "dont", "doesnt", "wont", "cant", "wouldnt", "shouldnt", "werent", "wasnt", "didnt"];

/** Question words that open a rhetorical question ("Why would anyone trust …?", "Who would want …?"). */
export const QUESTION_WORDS = ["why", "who", "how", "what"];

/** Words that make a question about liking a group rhetorical: it expects "nobody" ("Why would anyone …", "How can we tolerate …", "Who even likes …"). */
export const RHETORICAL_MARKERS = ["anyone", "anybody", "would", "should", "could", "can", "ever", "even"];
export const EXPEL_PARTICLES = ["out", "away", "back", "home"];

/**
 * Words of meeting or existence: with a negator they deny that a good member of a group
 * exists ("no such thing as a smart …", "never met an honest …").
 */
export const MEETING_WORDS = ["met", "meet", "meeting", "seen", "see", "found", "find", "known", "know", "thing", "exist", "exists"];

/**
 * Subjects that make "worse than …" a superlative: "nothing is worse than …", "is there
 * anything worse than …", "nobody is worse than …" put the group at the bottom of everything.
 */
export const SUPERLATIVE_SUBJECTS = ["nothing", "nobody", "noone", "none", "anything", "anyone", "anybody"];
