/**
 * The words a persona query shares with the notes' sentences, by dictionary form and WordNet, as a score beside
 * the embedding's. USE lite places some plain word matches far apart ("compliance" nearer an onboarding sentence
 * than "Compliance team must sign off …"; "forecast their revenue" nearer account-based marketing than "more
 * accurate forecasts"); a word the query and a sentence share in any form, or through a synonym or a derived
 * form ("spending" → spend, "sell" → sale), is evidence the embedding can miss.
 *
 * Each word counts by how rare it is among the workspace's sentences (idf), so a word every note uses says little.
 * The sentences' words are read once per index; a query's expansion is a few WordNet look-ups, cached.
 */
import lemmatizer from 'wink-lemmatizer';
import { foldText } from '../../core/normalize.js';
import { lemmas, synsetsOf, follow } from '../lexicon/wordnet.js';
import { readTypo } from '../lexicon/typos.js';
import { BUSINESS_CONCERNS } from '../lexicon/business-concerns.js';

/** Words that say nothing of a concern on their own. */
const STOP = new Set([
  'the', 'a', 'an', 'and', 'or', 'to', 'of', 'for', 'with', 'on', 'in', 'at', 'by', 'from', 'into', 'over', 'under', 'up', 'down', 'out',
  'is', 'are', 'was', 'were', 'be', 'been', 'being', 'am', 'it', 'its', 'this', 'that', 'these', 'those', 'they', 'them', 'their', 'theirs',
  'we', 'our', 'us', 'you', 'your', 'he', 'she', 'his', 'her', 'i', 'me', 'my', 'who', 'whom', 'whose', 'which', 'what', 'whoever', 'anyone',
  'as', 'so', 'if', 'than', 'then', 'about', 'any', 'all', 'some', 'more', 'most', 'less', 'very', 'just', 'also', 'too', 'not', 'no',
  'has', 'have', 'had', 'having', 'do', 'does', 'did', 'doing', 'done', 'get', 'gets', 'got', 'getting', 'make', 'makes', 'making',
  'will', 'would', 'can', 'could', 'should', 'may', 'might', 'must', 'want', 'wants', 'wanting', 'need', 'needs', 'needing', 'keep', 'keeps',
  'people', 'person', 'contact', 'contacts', 'folk', 'folks', 'ppl', 'someone', 'lot', 'lots', 'thing', 'things', 'way', 'ways', 'how', 'each', 'every',
  'looking', 'look', 'trying', 'try', 'interested', 'interest', 'keen', 'focused', 'care', 'cares', 'caring', 'worried', 'worry', 'concerned',
  'asked', 'ask', 'asking', 'mentioned', 'came', 'come', 'around', 'after', 'before', 'next', 'last', 'year', 'quarter', 'better', 'real',
]);

/** Weight of a match by the query word's own forms, by a synonym of its commonest senses, by a derived form. */
const SAME = 1;
const SYNONYM = 0.6;
const DERIVED = 0.5;
/** Senses of a query word whose synonyms and derivations count. */
const SENSES = 2;
/** Words shorter than this are not expanded through WordNet (they are acronyms or too ambiguous: "ai", "roi"). */
const MIN_EXPAND = 4;
const CACHE = 5_000;
/** Sentences whose forms are kept across rebuilds (as many as the embedding cache keeps vectors). */
const SENTENCE_CACHE = 50_000;

/** The content words of a text, lower-case and accent-free ("A/B" → "a", "b" are dropped as too short). */
export function contentWords(text: string): string[] {
  const out: string[] = [];
  for (const m of foldText(text.toLowerCase()).matchAll(/[a-z0-9]+(?:['’][a-z]+)?/g)) {
    const w = m[0].replace(/['’]s$/, '');
    if (w.length < 2 || STOP.has(w) || /^\d+$/.test(w)) continue;
    out.push(w);
  }
  return out;
}

/** A word's forms as sentences are indexed by: itself and its noun, verb and adjective lemmas ("forecasts" → forecast). */
export function forms(word: string): string[] {
  return [...new Set([word, lemmatizer.noun(word), lemmatizer.verb(word), lemmatizer.adjective(word)])];
}

const expansions = new Map<string, Map<string, number>>();

/**
 * A query word's forms with their weights: its own lemmas (1), the single-word synonyms of its commonest senses
 * (0.6) and their derived forms (0.5), each in its lemma forms as well. Cached per process.
 */
export function expand(word: string): Map<string, number> {
  const hit = expansions.get(word);
  if (hit) return hit;
  const out = new Map<string, number>();
  const add = (w: string, weight: number) => {
    if (w.includes(' ') || w.includes('-') || STOP.has(w)) return;
    for (const f of forms(w)) if ((out.get(f) ?? 0) < weight) out.set(f, weight);
  };
  add(word, SAME);
  if (word.length >= MIN_EXPAND) {
    for (const { lemma, pos } of lemmas(word)) {
      for (const s of synsetsOf(lemma, SENSES, [pos])) {
        for (const w of s.words) add(w, SYNONYM);
        for (const ref of s.derivations) for (const w of follow(ref)?.words ?? []) add(w, DERIVED);
      }
    }
  }
  if (expansions.size >= CACHE) expansions.delete(expansions.keys().next().value!);
  expansions.set(word, out);
  return out;
}

/** The workspace's sentences by the word forms they hold, with how rare each form is. */
export class SentenceWords {
  /** Per word form, the sentences that hold it. */
  private readonly postings = new Map<string, number[]>();
  private readonly idf = new Map<string, number>();
  private readonly maxIdf: number;
  /** The sentences' words as written (lower-case), with how many sentences use each: what a misspelling is corrected to. */
  private readonly vocabulary = new Map<string, number>();
  /** The sentences' acronyms of three letters or more ("SSO", "ERP"), lower-case → as written. */
  private readonly acronyms = new Map<string, string>();

  constructor(private readonly sentences: readonly string[]) {
    sentences.forEach((s, i) => {
      for (const w of new Set(contentWords(s))) this.vocabulary.set(w, (this.vocabulary.get(w) ?? 0) + 1);
      for (const m of s.matchAll(/\b[A-Z]{3,6}s?\b/g)) this.acronyms.set(m[0].replace(/s$/, '').toLowerCase(), m[0].replace(/s$/, ''));
      for (const f of sentenceForms(s)) {
        const list = this.postings.get(f);
        if (list) list.push(i);
        else this.postings.set(f, [i]);
      }
    });
    const n = Math.max(1, sentences.length);
    for (const [f, list] of this.postings) this.idf.set(f, Math.log(1 + n / list.length));
    this.maxIdf = Math.log(1 + n);
  }

  /**
   * Per sentence, in [0, 1]: the share of the query's content words it holds in some form, each weighted by
   * how it was matched and by its rarity among the sentences (a word in every sentence counts little).
   */
  scores(query: string): Float32Array {
    const out = new Float32Array(this.sentences.length);
    const units = this.units(query);
    if (units.length === 0) return out;
    const best = new Float32Array(this.sentences.length);
    for (const unit of units) {
      best.fill(0);
      for (const [f, w] of unit) {
        const list = this.postings.get(f);
        if (!list) continue;
        const v = (w * this.idf.get(f)!) / this.maxIdf;
        for (const i of list) if (v > best[i]!) best[i] = v;
      }
      for (let i = 0; i < out.length; i++) out[i] = out[i]! + best[i]! / units.length;
    }
    return out;
  }

  /**
   * The query with its misspelt words corrected to the sentences' words ("artificial inteligence" → intelligence):
   * a word of five letters or more that neither the sentences nor WordNet know, one edit (two from eight letters)
   * from a word the sentences use — the nearest, then the commonest (lexicon/typos.ts). Other words are left as typed.
   */
  correct(query: string): { text: string; corrected: [string, string][] } {
    const corrected: [string, string][] = [];
    const spelled = this.spellAcronyms(query, corrected);
    const text = spelled.replace(/[\p{L}]+/gu, (word) => {
      const w = foldText(word.toLowerCase());
      if (STOP.has(w)) return word;
      const best = readTypo(w, this.vocabulary);
      if (best === undefined) return word;
      corrected.push([word, best]);
      return best;
    });
    return { text, corrected };
  }

  /**
   * Words whose initials spell an acronym of the notes, written as it ("single sign on" → SSO, "enterprise resource
   * planning" → ERP): USE lite and the word forms cannot relate a term to its acronym. A run of three to six words,
   * the first no filler word and at most one filler word in it ("return on investment"), so that chance initials
   * of an ordinary phrase ("can really manage") are not read.
   */
  private spellAcronyms(query: string, corrected: [string, string][]): string {
    if (this.acronyms.size === 0) return query;
    const words = [...query.matchAll(/\p{L}+/gu)];
    const parts: string[] = [];
    let last = 0;
    for (let i = 0; i < words.length; i++) {
      for (let len = Math.min(6, words.length - i); len >= 3; len--) {
        const run = words.slice(i, i + len);
        const lower = run.map((m) => foldText(m[0].toLowerCase()));
        // The words must follow one another with only spaces or hyphens between them.
        const adjacent = run.every((m, k) => k === 0 || /^[\s-]+$/.test(query.slice(run[k - 1]!.index! + run[k - 1]![0].length, m.index)));
        if (!adjacent || STOP.has(lower[0]!) || lower.filter((w) => STOP.has(w)).length > 1) continue;
        const acronym = this.acronyms.get(lower.map((w) => w[0]).join(''));
        if (!acronym || lower.join('') === acronym.toLowerCase()) continue;
        const end = run[len - 1]!.index! + run[len - 1]![0].length;
        parts.push(query.slice(last, run[0]!.index), acronym);
        corrected.push([query.slice(run[0]!.index, end), acronym]);
        last = end;
        i += len - 1;
        break;
      }
    }
    parts.push(query.slice(last));
    return parts.join('');
  }

  /**
   * The query's words as units to match, each with its expansion. Two words that WordNet holds as one term
   * ("artificial intelligence": AI) are one unit matched by the term and its synonyms, but only when the
   * sentences speak of it in one of those words; otherwise ("security review": censorship) each word is its own.
   */
  private units(query: string): Map<string, number>[] {
    const out: Map<string, number>[] = [];
    // A concern the query names in words of a business-concern group is one unit, matched by the group (any of its
    // phrases in a sentence); its words are not units of their own ("split tests" is no "penetration test").
    const concepts = conceptsIn(query).filter((c) => this.postings.has(c.form));
    // It weighs as the content words it stands for ("supply chain" two, "SSO" one), as they would have as units.
    for (const c of concepts) {
      const unit = new Map([[c.form, SAME]]);
      const weight = Math.max(1, new Set(contentWords(c.words.join(' '))).size);
      for (let k = 0; k < weight; k++) out.push(unit);
    }
    const covered = new Set(concepts.flatMap((c) => c.words));
    const words = contentWords(query).filter((w) => !covered.has(w));
    const seen = new Set<string>();
    for (let i = 0; i < words.length; i++) {
      const term = i + 1 < words.length ? compound(words[i]!, words[i + 1]!) : undefined;
      if (term && [...term.keys()].some((f) => this.postings.has(f))) {
        out.push(term);
        i++;
        continue;
      }
      if (seen.has(words[i]!)) continue;
      seen.add(words[i]!);
      out.push(expand(words[i]!));
    }
    return out;
  }
}

/** A token's lemma for phrase matching: its noun lemma, else its verb lemma ("tests" → test, "planned" → plan). */
function lemmaOf(w: string): string {
  const n = lemmatizer.noun(w);
  return n !== w ? n : lemmatizer.verb(w);
}

/** A text's tokens, lower-case, accent-free and lemmatised, split at anything but letters, digits and "&". */
function lemmaTokens(text: string): { lemma: string; word: string }[] {
  return [...foldText(text.toLowerCase()).matchAll(/[a-z0-9&]+/g)].map((m) => ({ lemma: lemmaOf(m[0]), word: m[0] }));
}

/** The business-concern groups' phrases as lemma sequences, longest first. */
const CONCEPT_PHRASES: { form: string; lemmas: string[] }[] = Object.entries(BUSINESS_CONCERNS)
  .flatMap(([name, phrases]) => phrases.map((p) => ({ form: `concern:${name}`, lemmas: lemmaTokens(p).map((t) => t.lemma) })))
  .filter((p) => p.lemmas.length > 0)
  .sort((a, b) => b.lemmas.length - a.lemmas.length);

/** The business-concern groups a text names (lexicon/business-concerns.ts), each with the words that named it. */
export function conceptsIn(text: string): { form: string; words: string[] }[] {
  const toks = lemmaTokens(text);
  const found = new Map<string, string[]>();
  const used = new Array<boolean>(toks.length).fill(false);
  for (const p of CONCEPT_PHRASES) {
    for (let i = 0; i + p.lemmas.length <= toks.length; i++) {
      if (p.lemmas.some((l, k) => used[i + k] || toks[i + k]!.lemma !== l)) continue;
      const words = toks.slice(i, i + p.lemmas.length).map((t) => t.word);
      for (let k = 0; k < p.lemmas.length; k++) used[i + k] = true;
      found.set(p.form, [...(found.get(p.form) ?? []), ...words]);
    }
  }
  return [...found].map(([form, words]) => ({ form, words }));
}

const formsBySentence = new Map<string, string[]>();

/**
 * A sentence's word forms and adjacent pairs, kept per process: the index is rebuilt every minute in the
 * background, and lemmatising every sentence again would hold the event loop for half a second.
 */
function sentenceForms(sentence: string): string[] {
  let hit = formsBySentence.get(sentence);
  if (!hit) {
    hit = [...new Set([...contentWords(sentence).flatMap(forms), ...pairs(sentence), ...conceptsIn(sentence).map((c) => c.form)])];
    if (formsBySentence.size >= SENTENCE_CACHE) formsBySentence.delete(formsBySentence.keys().next().value!);
    formsBySentence.set(sentence, hit);
  }
  return hit;
}

/** Two adjacent words as one form, the second in its noun lemma ("neural networks" → "neural network"). */
function pairForm(a: string, b: string): string {
  return `${a} ${lemmatizer.noun(b)}`;
}

/** A sentence's adjacent content-word pairs, as forms (so a two-word term in the query can be found). */
function pairs(text: string): string[] {
  const words = contentWords(text);
  const out: string[] = [];
  for (let i = 0; i + 1 < words.length; i++) out.push(pairForm(words[i]!, words[i + 1]!));
  return out;
}

const compounds = new Map<string, Map<string, number> | undefined>();

/** Two words WordNet holds as one noun ("artificial intelligence"), with the term's synonyms as its forms (all weight 1: the same sense). */
function compound(a: string, b: string): Map<string, number> | undefined {
  const key = pairForm(a, b);
  if (compounds.has(key)) return compounds.get(key);
  const synsets = synsetsOf(key, SENSES, ['noun']);
  let out: Map<string, number> | undefined;
  if (synsets.length > 0) {
    out = new Map([[key, SAME]]);
    for (const s of synsets) {
      for (const w of s.words) {
        const parts = w.split(/[\s-]+/);
        if (parts.length === 1) for (const f of forms(parts[0]!)) out.set(f, SAME);
        else if (parts.length === 2) out.set(pairForm(parts[0]!, parts[1]!), SAME);
      }
    }
  }
  if (compounds.size >= CACHE) compounds.delete(compounds.keys().next().value!);
  compounds.set(key, out);
  return out;
}
