/**
 * A BERT-style WordPiece tokenizer description (the `tokenizer.json` format of the
 * `tokenizers` library, which transformers.js reads) for a vocabulary we choose.
 *
 * Besides the given words the vocabulary holds every ASCII letter and digit, alone and as a
 * "##" continuation piece, and common punctuation, so any English word tokenises into known
 * pieces instead of collapsing to [UNK]: sequence lengths then vary with the text, as they do
 * with a real model, which the batching tests depend on.
 */

export const SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] as const;
export const PAD_ID = 0;
export const UNK_ID = 1;
export const CLS_ID = 2;
export const SEP_ID = 3;

const PUNCTUATION = [..."!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"];
const ALPHANUMERIC = [..."abcdefghijklmnopqrstuvwxyz0123456789"];

/** Vocabulary in id order: specials, punctuation, characters, "##" pieces, then `words` (lower-cased, first occurrence kept). */
export function buildVocabulary(words: Iterable<string>): string[] {
  const vocab: string[] = [...SPECIAL_TOKENS, ...PUNCTUATION, ...ALPHANUMERIC, ...ALPHANUMERIC.map((c) => `##${c}`)];
  const seen = new Set(vocab);
  for (const w of words) {
    const lower = w.toLowerCase();
    if (lower.length === 0 || seen.has(lower)) continue;
    seen.add(lower);
    vocab.push(lower);
  }
  return vocab;
}

/** Split a phrase into the word tokens BertPreTokenizer would produce (lower-cased). */
export function wordsOf(phrase: string): string[] {
  return phrase.toLowerCase().match(/[a-z0-9]+|[^\sa-z0-9]/g) ?? [];
}

function special(id: string, typeId: number): object {
  return { SpecialToken: { id, type_id: typeId } };
}

/** The `tokenizer.json` object for `vocab` (as returned by buildVocabulary). */
export function tokenizerJson(vocab: readonly string[]): object {
  const ids: Record<string, number> = {};
  vocab.forEach((t, i) => (ids[t] = i));
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content, id) => ({
      id,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: { type: "BertNormalizer", clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: "BertPreTokenizer" },
    post_processor: {
      type: "TemplateProcessing",
      single: [special("[CLS]", 0), { Sequence: { id: "A", type_id: 0 } }, special("[SEP]", 0)],
      pair: [
        special("[CLS]", 0),
        { Sequence: { id: "A", type_id: 0 } },
        special("[SEP]", 0),
        { Sequence: { id: "B", type_id: 1 } },
        special("[SEP]", 1),
      ],
      special_tokens: {
        "[CLS]": { id: "[CLS]", ids: [CLS_ID], tokens: ["[CLS]"] },
        "[SEP]": { id: "[SEP]", ids: [SEP_ID], tokens: ["[SEP]"] },
      },
    },
    decoder: { type: "WordPiece", prefix: "##", cleanup: true },
    model: {
      type: "WordPiece",
      unk_token: "[UNK]",
      continuing_subword_prefix: "##",
      max_input_chars_per_word: 100,
      vocab: ids,
    },
  };
}

/** The `tokenizer_config.json` object: a lower-casing BertTokenizer truncating at `maxLength`. */
export function tokenizerConfigJson(maxLength: number): object {
  return {
    tokenizer_class: "BertTokenizer",
    do_lower_case: true,
    model_max_length: maxLength,
    cls_token: "[CLS]",
    sep_token: "[SEP]",
    pad_token: "[PAD]",
    unk_token: "[UNK]",
    mask_token: "[MASK]",
    clean_up_tokenization_spaces: true,
  };
}

/**
 * A realistic WordPiece vocabulary learned from `texts` by counting, so that a tiny model's
 * tokenizer behaves like a real BERT one (most words are one token, rare words split into a few
 * pieces) instead of spelling every word out letter by letter: the `words` most frequent
 * words, then the `pieces` most frequent word endings ("##ing", "##s" …, 1 to 4 characters) of
 * the words left out, then every other character seen (so nothing falls to [UNK] for want of
 * a letter). Words are lower-cased and stripped of accents as a lower-casing BERT normaliser
 * would. The same texts always give the same vocabulary (ties broken by the token itself).
 */
export function corpusVocabulary(texts: Iterable<string>, words = 20_000, pieces = 2_000): string[] {
  const wordCount = new Map<string, number>();
  for (const text of texts) {
    const plain = text.toLowerCase().normalize("NFD").replace(/\p{Mn}/gu, "");
    for (const w of plain.match(/[\p{L}\p{N}]+/gu) ?? []) wordCount.set(w, (wordCount.get(w) ?? 0) + 1);
  }
  const byCount = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([t]) => t);
  const ranked = byCount(wordCount);
  const kept = ranked.slice(0, words);
  const pieceCount = new Map<string, number>();
  const chars = new Set<string>();
  for (let i = 0; i < ranked.length; i++) {
    const w = ranked[i]!;
    const cps = [...w];
    for (const c of cps) chars.add(c);
    if (i < words) continue;
    for (let k = 1; k <= Math.min(4, cps.length - 1); k++) {
      const piece = `##${cps.slice(cps.length - k).join("")}`;
      pieceCount.set(piece, (pieceCount.get(piece) ?? 0) + wordCount.get(w)!);
    }
  }
  const sortedChars = [...chars].sort();
  return [...kept, ...byCount(pieceCount).slice(0, pieces), ...sortedChars, ...sortedChars.map((c) => `##${c}`)];
}
