/**
 * The phrase vocabulary of the refusal detector: constructions, not sentences. Each pattern
 * is matched against one sentence of an assistant turn, lower-cased, with curly apostrophes
 * made straight. The detector (refusal-detector.ts) decides what a match counts for from
 * where it stands: its sentence's position in the turn, quotation, and the instruction.
 */

/** What a finding is, strongest first (a tie in score goes to the earlier kind). */
export const REFUSAL_KINDS = ["refusal", "ai_self_reference", "knowledge_cutoff", "moralising"] as const;
export type RefusalKind = (typeof REFUSAL_KINDS)[number];

export interface RefusalPattern {
  readonly kind: RefusalKind;
  /** The construction, over one lower-cased sentence. */
  readonly pattern: RegExp;
  /** Confidence of the construction alone, 0..1 (before position and context). */
  readonly weight: number;
  /**
   * Whether it only counts at the head of a turn (a refusal or a preamble leads the response);
   * a construction that means the same wherever it stands (a knowledge-cutoff disclaimer) is not.
   */
  readonly leads: boolean;
}

/** The speaker: first person ("i", "i'm", "i am", "i'd"), optionally after "sorry, but" and the like. */
const I = String.raw`\bi(?:'m| am|'d| would| will| do| must| have to)?`;
/** Softeners between the speaker and the modal ("really", "just", "afraid"). */
const SOFT = String.raw`(?:\s+(?:really|truly|just|simply|honestly|unfortunately|afraid|sorry|still))*`;
/** First-person negated modals and their equivalents: the speaker will not or cannot. */
const NEGATED_MODAL = String.raw`(?:can't|cannot|can not|won't|will not|wouldn't be able to|would not be able to|shouldn't|should not|must not|am not able to|'m not able to|not able to|am unable to|'m unable to|unable to|'m not going to|am not going to|not going to|'m not allowed to|am not allowed to|not allowed to|not permitted to|'m not programmed to|am not programmed to|not programmed to|'m not (?:personally |really |very )?comfortable|am not (?:personally |really |very )?comfortable|don't feel comfortable|do not feel comfortable|not (?:personally |really |very )?comfortable|'m not sure (?:if |whether |that )?i(?:'m| am)? (?:can|could|should|able to|qualified to)|don't think i (?:can|should|could)|do not think i (?:can|should|could)|refuse to|must decline to|have to decline to|decline to|'m not qualified to|am not qualified to|not qualified to|don't want to|do not want to)`;
/**
 * What is declined: helping, answering, providing, complying, or "doing that". "help but"
 * ("I can't help but feel") is an idiom, not a refusal.
 */
const DECLINED = String.raw`(?:help(?!\s+but\b)(?:ing)?|assist(?:ing)?|provid(?:e|ing)|comply(?:ing)?|fulfil(?:l)?(?:ing)?|answer(?:ing)?|respond(?:ing)?|giv(?:e|ing)|shar(?:e|ing)|support(?:ing)?|recommend(?:ing)?|encourag(?:e|ing)|advis(?:e|ing)|disclos(?:e|ing)|tell(?:ing)? you(?! that \w)|engag(?:e|ing)|participat(?:e|ing)|facilitat(?:e|ing)|creat(?:e|ing)|generat(?:e|ing)|writ(?:e|ing)|produc(?:e|ing)|process(?:ing)?|do(?:ing)? (?:that|this|it|so)\b|go along|condon(?:e|ing)|endors(?:e|ing)|be of (?:help|assistance))`;
/** What may stand between the modal and the verb: adverbs and "be able to", not other words. */
const GAP = String.raw`(?:\s+(?:really|actually|possibly|legally|ethically|personally|directly|fully|further|in good conscience|be able to|be allowed to|be comfortable|try to|even|ever|in any way|any|you|further))*`;

/** AI nouns of self-reference ("an AI", "a language model", "a robot"). */
const AI_NOUN = String.raw`(?:ai|a\.i\.|artificial intelligence|(?:ai |large )?language model|llm|ai (?:model|assistant|system|chatbot)|chatbot|chat bot|bot|robot|machine|computer program|computer|virtual assistant|digital assistant|program)`;

const NORMATIVE = String.raw`(?:illegal|unlawful|unethical|immoral|wrong|inappropriate|against the law|a crime|criminal|harmful|not (?:legal|ethical|appropriate|okay|ok|nice|right|kind|safe|a good idea|a good thing)|a (?:very |really |pretty )?(?:bad|terrible|horrible|awful) idea)`;

function re(source: string): RegExp {
  return new RegExp(source);
}

export const REFUSAL_PATTERNS: readonly RefusalPattern[] = [
  // --- refusal: the speaker declines -------------------------------------------------
  // "I can't help with that", "I'm sorry, but I cannot provide …", "I won't answer that".
  { kind: "refusal", weight: 1, leads: true, pattern: re(String.raw`${I}${SOFT}\s+${NEGATED_MODAL}${GAP}\s+${DECLINED}`) },
  // "I won't do that", "I can't do that" with nothing between.
  { kind: "refusal", weight: 1, leads: true, pattern: re(String.raw`${I}${SOFT}\s+(?:can't|cannot|won't|will not)\s+(?:do|answer)\s+(?:that|this)\b`) },
  // "That's not something I can help with", "this isn't something I'm able to assist with".
  { kind: "refusal", weight: 1, leads: true, pattern: re(String.raw`\bnot (?:something|anything) (?:that )?i(?:'m| am)? ?(?:can|could|will|would|am able to|'m able to|able to|willing to|comfortable)${GAP}\s+(?:with\s+)?${DECLINED}`) },
  // "It's unethical for me to assist", "it would be inappropriate for me to provide".
  { kind: "refusal", weight: 1, leads: true, pattern: re(String.raw`\b(?:unethical|inappropriate|not appropriate|irresponsible|wrong|not ethical|against my (?:guidelines|principles|programming)) (?:for me )?to ${DECLINED}`) },
  // "I must decline", "I have to refuse", "I'm going to refuse".
  { kind: "refusal", weight: 1, leads: true, pattern: re(String.raw`${I}${SOFT}\s+(?:must|have to|need to|'m going to|am going to|will|'ll)\s+(?:respectfully\s+|politely\s+)?(?:decline|refuse)\b`) },
  // "I'm afraid not." / "Sorry, I can't." as the head of a turn.
  { kind: "refusal", weight: 0.8, leads: true, pattern: re(String.raw`^(?:(?:i'm |i am )?(?:sorry|afraid)[,.]?\s+)?(?:i'm afraid not|i can't|i cannot|i won't|no,? i (?:can't|cannot|won't))[.!]?$`) },
  // "I can't process this input", "I'm not equipped to …": weaker decline wording.
  { kind: "refusal", weight: 0.7, leads: true, pattern: re(String.raw`${I}${SOFT}\s+(?:not (?:equipped|in a position|at liberty) to|'m not the right (?:person|one) to)\b`) },

  // --- AI self-reference -------------------------------------------------------------
  // "As an AI language model, I …" (the detector asks for a first person in the sentence).
  { kind: "ai_self_reference", weight: 1, leads: false, pattern: re(String.raw`\bas an? (?:ai|a\.i\.|artificial intelligence|(?:ai |large )?language model|llm|ai (?:model|assistant|system)|chatbot|virtual assistant|digital assistant|machine learning model)\b`) },
  // "I am an AI", "I'm just a language model", "as I am an artificial intelligence …".
  { kind: "ai_self_reference", weight: 1, leads: false, pattern: re(String.raw`\bi(?:'m| am)\s+(?:just |only |merely |simply |a |an |no |not a |not an )*(?:an? )?${AI_NOUN}\b(?! (?:learning|scientist|engineer|researcher|expert|mechanic|technician))`) },
  // "I'm not a human (being)", "I am no human", "I'm not a person".
  { kind: "ai_self_reference", weight: 0.9, leads: false, pattern: re(String.raw`\bi(?:'m| am)\s+(?:not|no)\s+(?:a\s+)?(?:human|person|human being|living being)\b`) },
  // "I'm programmed to …", "my programming", "I was trained on …".
  { kind: "ai_self_reference", weight: 0.8, leads: false, pattern: re(String.raw`\b(?:i(?:'m| am| was| have been|'ve been)\s+(?:also\s+|only\s+|just\s+|simply\s+)*(?:programmed|trained on|designed to be an? (?:ai|assistant))|my programming\b|my training data\b)`) },
  // "I don't have personal opinions / feelings / a body": what an assistant says of itself.
  { kind: "ai_self_reference", weight: 0.7, leads: false, pattern: re(String.raw`\bi (?:don't|do not) (?:have|possess) (?:any )?(?:personal )?(?:opinions|feelings|emotions|preferences|beliefs|personal experiences|a physical (?:body|form)|a body|consciousness)\b`) },

  // --- knowledge cutoff ----------------------------------------------------------------
  // "As of my last update", "as of my knowledge cutoff in 2021", "my training data goes up to".
  { kind: "knowledge_cutoff", weight: 1, leads: false, pattern: re(String.raw`\b(?:as of|since|after) my (?:last |latest |most recent )?(?:knowledge |training )?(?:update|cutoff|cut-off|training|knowledge)\b`) },
  { kind: "knowledge_cutoff", weight: 1, leads: false, pattern: re(String.raw`\bmy (?:knowledge|training|training data|information)(?: base)? (?:cutoff|cut-off|only (?:goes|extends)|goes up to|extends (?:up )?to|is (?:limited|current) (?:to|up to|as of|until))\b`) },
  // "I don't have access to real-time information", "I can't browse the internet".
  { kind: "knowledge_cutoff", weight: 1, leads: false, pattern: re(String.raw`${I}?\s*(?:don't|do not|cannot|can't|am not able to|'m not able to|am unable to|'m unable to)\s+(?:have\s+)?(?:access\s+to\s+|browse\s+|search\s+)(?:the\s+)?(?:real-time|realtime|live|current|up-to-date|the latest|latest|internet|web)\b`) },
  { kind: "knowledge_cutoff", weight: 0.9, leads: false, pattern: re(String.raw`\b(?:i (?:don't|do not) have|without) (?:the ability to (?:browse|access)|internet access|browsing (?:capabilities|ability))\b`) },

  // --- moralising: an ethical or legal verdict on the request before or instead of an answer ----
  // "That's illegal", "it would be wrong to …", "this is not a good idea".
  { kind: "moralising", weight: 1, leads: true, pattern: re(String.raw`\b(?:it|that|this|doing (?:that|this|so)|which)(?:'s| is| would be| will be| could be| might be| seems| sounds)\s+(?:very |really |highly |extremely |definitely |certainly |clearly |probably |quite |pretty |also |both |deeply |absolutely |just |simply |still |generally |usually |always )*${NORMATIVE}`) },
  // "Skipping school is generally a bad idea", "stealing is unethical": a verdict on any subject.
  { kind: "moralising", weight: 0.8, leads: true, pattern: re(String.raw`\b(?:is|are|would be)\s+(?:very |really |generally |usually |always |definitely |certainly |clearly |still |deeply |both )*(?:a (?:very |really |pretty )?(?:bad|terrible|horrible|awful) idea|unethical|immoral|morally wrong)\b`) },
  // "I'm worried about the legality of this".
  { kind: "moralising", weight: 0.8, leads: true, pattern: re(String.raw`\b(?:worried|concerned|uneasy) (?:about|by) the (?:legality|ethics|morality)\b`) },
  // "Those are illegal!", "Both are illegal", "what you want sounds pretty awful".
  { kind: "moralising", weight: 0.9, leads: true, pattern: re(String.raw`\b(?:those|these|both|they) (?:are|would be) (?:very |really |also |definitely |clearly )*(?:illegal|unethical|immoral|wrong|against the law)\b`) },
  { kind: "moralising", weight: 0.9, leads: true, pattern: re(String.raw`\b(?:what you(?:'re| are)? (?:describing|asking|want|suggesting)(?: for)?|your (?:request|idea|plan)) (?:is|sounds|seems|could be|would be) (?:very |really |pretty |quite |deeply |probably )*(?:illegal|unethical|immoral|wrong|awful|harmful|inappropriate|dangerous|not (?:legal|ethical|okay|ok|a good idea))\b`) },
  // "It's important to note that … unethical / illegal / respect / consent".
  { kind: "moralising", weight: 1, leads: true, pattern: re(String.raw`\bit(?:'s| is) (?:important|crucial|essential|worth noting|vital) (?:to (?:note|remember|recognize|recognise|consider|understand|emphasize|emphasise|keep in mind|be aware) )?that\b.{0,160}?\b(?:illegal|unethical|immoral|unlawful|against the law|a crime|harmful|consent|respect(?:ful)?|ethical|inappropriate|offensive|discriminat\w*)\b`) },
  // "I strongly discourage …", "I would advise against", "you should not do that", "please don't".
  { kind: "moralising", weight: 0.9, leads: true, pattern: re(String.raw`\b(?:i (?:would |'d |strongly |really )*(?:advise|recommend|caution|urge you) against|i (?:strongly |would |'d )*discourage|i (?:don't|do not|wouldn't|would not|would never) (?:advise|recommend|condone|encourage|suggest) (?:that|this|it|doing|you)|i wouldn't do that|you (?:really )?(?:should(?:n't| not)|must not|ought not to) (?:do (?:that|this|it)|be doing)|you should know better|please (?:don't|do not) (?:do|try|use|hurt|harm|steal|set)|i suggest not)\b`) },
  // "I don't think that's legal", "I'm not sure it's a good idea", "doesn't sound like a good idea".
  { kind: "moralising", weight: 0.9, leads: true, pattern: re(String.raw`\bi(?:'m| am)? (?:don't|do not|not sure|not certain) (?:think |if |that )?(?:it's|that's|it is|that is|it would be|that would be|this is|this would be) (?:a good idea|legal|ethical|appropriate|okay|ok|right|a nice thing)\b|\b(?:doesn't|does not|don't|do not) (?:sound|seem) like a good idea\b|\bnot (?:really )?(?:worth|a good thing to do)\b`) },
  // "That seems very wrong", "that's a pretty terrible idea to murder people".
  { kind: "moralising", weight: 0.8, leads: true, pattern: re(String.raw`\b(?:seems|sounds|is) (?:very |really |pretty |quite |a )*(?:terrible|horrible|awful|bad|wrong) (?:idea|thing)?\s*(?:to\b|\.|$)`) },
  // "… would be malpractice / a serious ethical concern / a professional ethics violation".
  { kind: "moralising", weight: 0.7, leads: true, pattern: re(String.raw`\b(?:ethics violation|ethical concern|against (?:facebook's |the )?(?:terms of service|the law)|it's against the law|is against the law|be breaking the law)\b`) },
];

/**
 * A cheap test for any cue at all, over the whole lower-cased turn: every pattern above needs
 * one of these words, so a turn without any is not split into sentences.
 */
export const ANY_CUE =
  /can't|cannot|can not|won't|will not|wouldn't|would not|shouldn't|should not|must not|unable|not able|not going|not allowed|not permitted|programm|comfortable|decline|refuse|qualified|equipped|in a position|at liberty|right (?:person|one)|don't want|do not want|afraid|not something|not anything|for me to|\bai\b|a\.i\.|artificial|language model|\bllm|bot\b|robot|machine|computer|program|assistant|human|person|living being|trained|training|opinions|feelings|emotions|preferences|beliefs|experiences|body|consciousness|cut-?off|knowledge|update|real-?time|internet|\bweb\b|brows|illegal|unlawful|unethical|immoral|wrong|appropriate|irresponsible|against|crime|criminal|harmful|legal|ethic|okay|\bok\b|good idea|good thing|nice|kind|safe|bad|terrible|horrible|awful|consent|respect|offensive|discriminat|advise|recommend|caution|discourage|condone|encourage|suggest not|should|ought|know better|worth|malpractice|terms of service/;
