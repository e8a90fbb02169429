/**
 * Persona queries ("people bracing for a security certification review") ranked by what contacts' notes say,
 * sentence by sentence. A contact's memory shard mixes title, company, tags and a digest of recent activities,
 * so one concern voiced in the notes is a small part of its vector; here every distinct sentence of the notes is
 * embedded on its own (once: contacts share sentences) and a contact scores by its sentence nearest the query.
 *
 * A sentence's cosine is joined by the words it shares with the query in any dictionary form or through WordNet
 * (concern-words.ts): USE lite places some plain word matches far apart.
 *
 * Two general signals widen one sentence's match to the concern around it:
 * - co-occurrence: concerns voiced together in the same people's notes are related ("SOC 2 audits" and "GDPR
 *   retention" come up with the same contacts), so each sentence's score is blended with the scores of the
 *   sentences it shares contacts with (one step of propagation over the co-occurrence graph);
 * - persona: a concern belongs to a kind of person (the security concerns to security people), so the role
 *   functions of the workspace's best matches give each function a share, and candidates gain by theirs (the
 *   same idea as the memory search's persona boost, here over the sentence matches); a team the query calls
 *   theirs ("contacts whose reps keep missing quota") names the function outright.
 *
 * Two more, read off the workspace's own notes:
 * - variants: sentences that differ in one short span only ("burnout in their nursing staff", "… in their
 *   warehouse staff") are one concern, embedded and matched by the words they share (sentenceTemplates): the
 *   varying word, often a trade's jargon, would draw unrelated queries to it;
 * - titles: people with one job title share worries, so each title is scored by its holders' common concerns
 *   (titleScores) and a contact gains by its title's score beside its own best sentence.
 *
 * The index is built per workspace on first use (reading every contact's notes and embedding the sentences
 * not seen before) and refreshed in the background when older than REFRESH_MS; a query never waits for a
 * refresh, only for the first build.
 */
import { ENTITIES } from '../../core/entities.js';
import type { Storage } from '../../storage/index.js';
import { listPages } from '../../storage/paging.js';
import { spellOutAcronyms } from '../lexicon/acronyms.js';
import { roleProfile } from '../lexicon/roles.js';
import { FUNCTION_WORDS, JOB_NOUNS } from '../lexicon/role-words.js';
import { tokenize } from '../lexicon/tokens.js';
import { SentenceWords } from './concern-words.js';
import { TOPIC_CUES } from './vocabulary.js';
import { dot } from '../vectors/top-k.js';

/** Turns texts into unit vectors (the embedding provider). */
export type Embed = (texts: string[]) => Promise<Float32Array[]>;

export interface ConcernHit {
  id: string;
  score: number;
  reasons: string[];
}

export interface ConcernRanking {
  hits: ConcernHit[];
  /** Score (cosine and lexical share) of the sentence nearest the query: how well the notes speak to it at all. */
  best: number;
  bestSentence: string;
}

/** How old an index may be before a query starts a refresh in the background. */
const REFRESH_MS = 60_000;
/** Distinct sentences embedded at most per workspace; beyond it the memory search ranks alone. */
const MAX_SENTENCES = 20_000;
/** Share of a sentence's own similarity against its co-occurring sentences' (the rest) when they lift it. */
const OWN_WEIGHT = 0.3;
/** Best contacts of the whole workspace whose role functions give the persona shares. */
const PERSONA_SAMPLE = 30;
/** Share a function gains when the query names it as the contacts' own team ("their reps"): as if every best match held it. */
const SAID_FUNCTION_SHARE = 1;
/** Weight of a candidate's function share. */
const PERSONA_WEIGHT = 0.2;
/** Below this score (cosine and lexical share) for every sentence, the notes do not speak to the query: the caller ranks otherwise. */
export const MIN_CONCERN_COSINE = 0.3;
/**
 * Weight of the lexical score (concern-words.ts, in [0, 1]) added to a sentence's cosine: chosen on the visible
 * sets' persona items (182 queries; understood at 0: 146, 0.3: 151, 0.4: 149, 0.5: 148).
 */
const LEXICAL_WEIGHT = 0.3;
/**
 * Weight of the contact's job title's score (titleScores) beside its own best sentence: equal, set before measuring.
 * On the visible sets' 417 persona items 331 → 336 understood (0.5: 334, 2: 338, 3: 339), probes-18's 100: 70 → 72
 * (2: 72, 3: 70); the share and top-3 likewise unchanged from their first values (0.1 or top 5: the same figures).
 */
const TITLE_WEIGHT = 1;
/** A sentence counts among a title's common concerns when this share of its holders voice it. */
const TITLE_MIN_SHARE = 0.05;
/** The title's best common concerns averaged. */
const TITLE_TOP = 3;
/** Sentences embedded per call while building. */
const EMBED_BATCH = 64;
/** Sentence vectors kept across refreshes (a sentence is embedded once per process). */
const VECTOR_CACHE = 50_000;

interface Index {
  at: number;
  /** The concerns compared with a query: a note's sentence, or the shared words of a sentence's variants (sentenceTemplates). */
  sentences: string[];
  /** How a concern is shown: the sentence, or its variants' shared words around "…". */
  shown: string[];
  vectors: Float32Array[];
  /** Per sentence: the other sentences voiced by the same contacts, with how many contacts voice both. */
  neighbours: Map<number, number>[];
  /** A contact's concerns, with the sentence of its own notes that voices each (shown as the hit's reason). */
  contacts: { id: string; fn: string | null; title: string; sentences: number[]; said: Map<number, string> }[];
  /** Per job title: the sentences its holders commonly voice (at least TITLE_MIN_SHARE of them, and two). */
  titles: Map<string, number[]>;
  /** The sentences' words, for the lexical score. */
  words: SentenceWords;
}

export class ConcernIndex {
  private readonly indexes = new Map<string, { built: Promise<Index | null>; current?: Index | null; refreshing?: boolean }>();
  private readonly vectors = new Map<string, Float32Array>();
  /** Per workspace, the sentences the templates were last found in, and what was found. */
  private readonly templates = new Map<string, { sentences: string[]; found: Map<number, { text: string; shown: string }> }>();

  constructor(
    private readonly storage: Storage,
    private readonly embed: Embed,
  ) {}

  /** Contacts ranked by how their notes speak to `topic`; `allowed` narrows (structured filters). Null: no notes to rank by. */
  async rank(ws: string, topic: string, queryVector: Float32Array, allowed: ReadonlySet<string> | null, limit: number): Promise<ConcernRanking | null> {
    const index = await this.index(ws);
    if (!index || index.sentences.length === 0) return null;
    const lexical = index.words.scores(spellOutAcronyms(topic));
    const sim = index.vectors.map((v, i) => dot(queryVector, v) + LEXICAL_WEIGHT * lexical[i]!);
    let bestAt = 0;
    for (let i = 1; i < sim.length; i++) if (sim[i]! > sim[bestAt]!) bestAt = i;
    const spread = sim.map((own, s) => {
      let total = 0;
      let acc = 0;
      for (const [t, w] of index.neighbours[s]!) {
        total += w;
        acc += w * sim[t]!;
      }
      // A sentence keeps its own match; one voiced with close matches rises towards them.
      return total > 0 ? Math.max(own, OWN_WEIGHT * own + (1 - OWN_WEIGHT) * (acc / total)) : own;
    });
    const scored = index.contacts.map((c) => {
      let best = -1;
      let at = -1;
      for (const s of c.sentences) if (spread[s]! > best) [best, at] = [spread[s]!, s];
      return { c, score: best, at };
    });
    // The persona: role functions among the best matches of the whole workspace.
    const sample = firstBest(scored, PERSONA_SAMPLE);
    const share = new Map<string, number>();
    for (const x of sample) if (x.c.fn) share.set(x.c.fn, (share.get(x.c.fn) ?? 0) + 1 / sample.length);
    // A team the query says is theirs ("whose reps keep missing quota", "their marketing") is the persona's own.
    const said = ownFunctions(topic);
    for (const fn of said) share.set(fn, (share.get(fn) ?? 0) + SAID_FUNCTION_SHARE / said.length);
    const byTitle = titleScores(index, spread);
    const candidates = scored
      .filter((x) => x.at >= 0 && (!allowed || allowed.has(x.c.id)))
      .map((x) => ({ x, id: x.c.id, score: round(x.score + (x.c.fn ? PERSONA_WEIGHT * (share.get(x.c.fn) ?? 0) : 0) + TITLE_WEIGHT * (byTitle.get(x.c.title) ?? 0)) }));
    // Only the candidates that can be among the first `limit` are sorted and described (a workspace has thousands):
    // those scoring at least the limit-th highest score, every tie at it included (ties are ordered by id).
    const cut = candidates.length > limit && limit > 0 ? nthHighest(candidates, limit) : -Infinity;
    const hits = candidates
      .filter((x) => !(x.score < cut))
      .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
      .slice(0, limit)
      .map(({ x, id, score }) => ({ id, score, reasons: [`notes: "${x.c.said.get(x.at) ?? index.shown[x.at]}" (${round(sim[x.at]!)})`] }));
    return { hits, best: sim[bestAt]!, bestSentence: index.shown[bestAt]! };
  }

  /** The concern with its misspelt words corrected to the notes' words (concern-words.ts); as typed when there are no notes. */
  async spell(ws: string, phrase: string): Promise<{ text: string; corrected: [string, string][] }> {
    const index = await this.index(ws);
    return index ? index.words.correct(phrase) : { text: phrase, corrected: [] };
  }

  /** Builds the workspace's index now, so the first persona query does not wait for it (a server calls it at start). */
  async prepare(ws: string): Promise<boolean> {
    return (await this.index(ws)) !== null;
  }

  /** The workspace's index: built on first use (awaited), refreshed in the background when old. */
  private async index(ws: string): Promise<Index | null> {
    let entry = this.indexes.get(ws);
    if (!entry) {
      const built = this.build(ws);
      entry = { built };
      this.indexes.set(ws, entry);
      const e = entry;
      built.then((i) => (e.current = i)).catch(() => this.indexes.delete(ws));
    }
    const current = entry.current === undefined ? await entry.built : entry.current;
    if (current && Date.now() - current.at > REFRESH_MS && !entry.refreshing) {
      entry.refreshing = true;
      const e = entry;
      this.build(ws)
        .then((i) => (e.current = i))
        .catch(() => undefined)
        .finally(() => (e.refreshing = false));
    }
    return current;
  }

  private async build(ws: string): Promise<Index | null> {
    const at = Date.now();
    const ids = new Map<string, number>();
    const notesSaid: string[] = [];
    const read: { id: string; title: string; own: number[] }[] = [];
    for await (const page of listPages(this.storage.records, ws, ENTITIES.contact, { limit: 1000, sort: { field: 'id', direction: 'asc' } })) {
      for (const r of page) {
        const notes = typeof r.notes === 'string' ? r.notes : '';
        const own: number[] = [];
        for (const s of splitSentences(notes)) {
          let i = ids.get(s);
          if (i === undefined) {
            if (notesSaid.length >= MAX_SENTENCES) return null;
            i = notesSaid.length;
            ids.set(s, i);
            notesSaid.push(s);
          }
          if (!own.includes(i)) own.push(i);
        }
        if (own.length > 0) read.push({ id: r.id, title: typeof r.title === 'string' ? r.title : '', own });
      }
    }
    // Variants of one sentence ("Concerned about burnout in their nursing staff", "… in their warehouse staff") are
    // one concern, compared by the words they share: the word that varies would pull unrelated queries to it.
    // Found again only when the notes' sentences changed: a refresh every minute must not redo it (≈ 0.5 s at 20,000).
    const last = this.templates.get(ws);
    const templates = last && sameList(last.sentences, notesSaid) ? last.found : sentenceTemplates(notesSaid);
    this.templates.set(ws, { sentences: notesSaid, found: templates });
    const concernOf = new Map<string, number>();
    const sentences: string[] = [];
    const shown: string[] = [];
    const canon = notesSaid.map((s, i) => {
      const t = templates.get(i);
      const text = t?.text ?? s;
      let c = concernOf.get(text);
      if (c === undefined) {
        c = sentences.length;
        concernOf.set(text, c);
        sentences.push(text);
        shown.push(t?.shown ?? s);
      }
      return c;
    });
    const contacts: Index['contacts'] = read.map(({ id, title, own }) => {
      const said = new Map<number, string>();
      for (const i of own) if (!said.has(canon[i]!)) said.set(canon[i]!, notesSaid[i]!);
      return { id, fn: roleProfile(title).function, title: title.trim().toLowerCase(), sentences: [...said.keys()], said };
    });
    const missing = sentences.filter((s) => !this.vectors.has(s));
    // In batches, yielding between them: a build in the background must not hold up the requests being served.
    for (let i = 0; i < missing.length; i += EMBED_BATCH) {
      const part = missing.slice(i, i + EMBED_BATCH);
      // Acronyms spelled out for the model ("GDPR" means nothing to USE lite; "data privacy law" does).
      const vs = await this.embed(part.map(spellOutAcronyms));
      part.forEach((s, k) => this.remember(s, vs[k]!));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const neighbours = sentences.map(() => new Map<number, number>());
    for (const c of contacts) for (const a of c.sentences) for (const b of c.sentences) if (a !== b) neighbours[a]!.set(b, (neighbours[a]!.get(b) ?? 0) + 1);
    return { at, sentences, shown, vectors: sentences.map((s) => this.vectors.get(s)!), neighbours, contacts, titles: commonByTitle(contacts), words: new SentenceWords(sentences.map(spellOutAcronyms)) };
  }

  private remember(s: string, v: Float32Array): void {
    if (this.vectors.size >= VECTOR_CACHE) this.vectors.delete(this.vectors.keys().next().value!);
    this.vectors.set(s, v);
  }
}

/** Per job title, the sentences its holders commonly voice: at least TITLE_MIN_SHARE of them, and two. */
function commonByTitle(contacts: Index['contacts']): Index['titles'] {
  const counts = new Map<string, { contacts: number; sentences: Map<number, number> }>();
  for (const c of contacts) {
    if (!c.title) continue;
    let t = counts.get(c.title);
    if (!t) counts.set(c.title, (t = { contacts: 0, sentences: new Map() }));
    t.contacts++;
    for (const x of c.sentences) t.sentences.set(x, (t.sentences.get(x) ?? 0) + 1);
  }
  const out: Index['titles'] = new Map();
  for (const [title, t] of counts) {
    const floor = Math.max(2, TITLE_MIN_SHARE * t.contacts);
    const common = [...t.sentences].filter(([, n]) => n >= floor).map(([s]) => s);
    if (common.length > 0) out.set(title, common);
  }
  return out;
}

/**
 * How near each job title's usual concerns are to the query: the mean of the best TITLE_TOP scores among the
 * sentences its holders commonly voice (commonByTitle). People with one job share worries, so a title is judged by
 * its several common concerns rather than by one sentence's match: a query one model reads poorly against one
 * sentence is still nearer the right title's sentences on the whole.
 */
function titleScores(index: Index, spread: number[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const [title, common] of index.titles) {
    const top = common.map((s) => spread[s]!).sort((a, b) => b - a).slice(0, TITLE_TOP);
    out.set(title, top.reduce((a, b) => a + b, 0) / top.length);
  }
  return out;
}

/**
 * The first `n` items of a stable sort by score, highest first, in the items' order rather than the score's: every
 * item scoring above the n-th highest score, then those scoring exactly it, first come first, up to n. A sort of
 * the whole list would give the same items; this sorts only the scores (a typed array). NaN scores take the sort.
 */
export function firstBest<T extends { score: number }>(items: T[], n: number): T[] {
  if (items.length <= n) return [...items];
  if (n <= 0) return [];
  const scores = Float64Array.from(items, (x) => x.score);
  if (scores.some(Number.isNaN)) return [...items].sort((a, b) => b.score - a.score).slice(0, n);
  const cut = scores.sort()[items.length - n]!;
  let above = 0;
  for (const x of items) if (x.score > cut) above++;
  let ties = n - above;
  return items.filter((x) => x.score > cut || (x.score === cut && ties-- > 0));
}

/** The n-th highest score of the items (1 ≤ n ≤ items.length); NaN when a score is NaN (then nothing is left out). */
function nthHighest(items: readonly { score: number }[], n: number): number {
  const scores = Float64Array.from(items, (x) => x.score);
  return scores.some(Number.isNaN) ? NaN : scores.sort()[items.length - n]!;
}

/**
 * Distinct sentences sharing all words but one span before a concern's variants are a template. Many, so that a
 * few notes alike by chance ("Left a voicemail about the renewal / the invoice / …") keep their own words.
 */
const TEMPLATE_MIN_VARIANTS = 8;
/** Words a template must keep around its varying span (else any short sentences would share one). */
const TEMPLATE_MIN_FIXED = 4;
/** Longest varying span, in words. */
const TEMPLATE_MAX_SLOT = 3;

/**
 * Sentences that are variants of one template: the same words but for one span of up to TEMPLATE_MAX_SLOT words,
 * shared by at least TEMPLATE_MIN_VARIANTS distinct sentences. Per variant (by index): the template's text (the
 * shared words, the span left out) and how it is shown (the span as "…"). A sentence fitting several templates
 * takes the one with the most variants, then the most shared words. Notes written by people seldom repeat so
 * closely; imported, generated or boilerplate notes do, and there the varying word says nothing of the concern.
 */
export function sentenceTemplates(sentences: readonly string[]): Map<number, { text: string; shown: string }> {
  const tokens = sentences.map((s) => [...s.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'&-]*|[^\s\p{L}\p{N}]/gu)].map((m) => ({ w: m[0].toLowerCase(), start: m.index!, end: m.index! + m[0].length })));
  const variants = new Map<string, Set<number>>();
  tokens.forEach((t, i) => {
    for (let a = 0; a < t.length; a++) {
      for (let len = 1; len <= TEMPLATE_MAX_SLOT && a + len <= t.length; len++) {
        const fixed = [...t.slice(0, a), ...t.slice(a + len)];
        if (fixed.filter((x) => /[\p{L}\p{N}]/u.test(x.w)).length < TEMPLATE_MIN_FIXED) continue;
        const key = `${t.slice(0, a).map((x) => x.w).join(' ')}\u0000${t.slice(a + len).map((x) => x.w).join(' ')}`;
        let set = variants.get(key);
        if (!set) variants.set(key, (set = new Set()));
        set.add(i);
      }
    }
  });
  const best = new Map<number, { key: string; size: number; fixed: number }>();
  for (const [key, set] of variants) {
    if (set.size < TEMPLATE_MIN_VARIANTS) continue;
    const fixed = key.split(/[\u0000 ]/).filter(Boolean).length;
    for (const i of set) {
      const b = best.get(i);
      if (!b || set.size > b.size || (set.size === b.size && fixed > b.fixed)) best.set(i, { key, size: set.size, fixed });
    }
  }
  const join = (x: string, y: string) => (!x ? y : !y ? x : /^[.,;:!?]/.test(y) ? `${x}${y}` : `${x} ${y}`);
  // One text per template: the shared words as the first variant seen spells them (case and spacing).
  const byKey = new Map<string, { text: string; shown: string }>();
  const out = new Map<number, { text: string; shown: string }>();
  for (const [i, { key }] of best) {
    let found = byKey.get(key);
    if (!found) {
      const [before, after] = key.split('\u0000') as [string, string];
      const t = tokens[i]!;
      const a = before ? before.split(' ').length : 0;
      const b = t.length - (after ? after.split(' ').length : 0);
      const s = sentences[i]!;
      const head = s.slice(0, t[a]!.start).trimEnd();
      const tail = s.slice(t[b - 1]!.end).trimStart();
      byKey.set(key, (found = { text: join(head, tail), shown: join(join(head, '…'), tail) }));
    }
    out.set(i, found);
  }
  return out;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** A note's sentences (split after . ! ? and on line breaks), trimmed; fragments of one or two words are dropped. */
export function splitSentences(notes: string): string[] {
  return notes
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.split(/\s+/).length >= 3);
}

const POSSESSIVES = new Set(['their', 'his', 'her', 'whose', 'own']);

/**
 * Functions the concern names as the contacts' own: a function word or job noun right after a possessive ("their
 * reps", "whose sellers", "their sales headcount", "their ops"). Elsewhere such a word is what the concern is
 * about, not who has it ("recruit developers" is a hiring concern, not an engineering one).
 */
export function ownFunctions(topic: string): string[] {
  const toks = tokenize(topic);
  const out = new Set<string>();
  toks.forEach((t, i) => {
    if (!POSSESSIVES.has(t.norm)) return;
    for (let j = i + 1; j <= i + 2 && j < toks.length; j++) {
      const one = toks[j]!.stem;
      const two = j + 1 < toks.length ? `${one} ${toks[j + 1]!.stem}` : '';
      const fns = FUNCTION_WORDS[two] ?? JOB_NOUNS[two] ?? FUNCTION_WORDS[one] ?? JOB_NOUNS[one];
      if (fns) {
        // "analysts" or "tech" name several functions: too vague to say whose team it is.
        if (fns.length === 1) out.add(fns[0]!);
        return;
      }
    }
  });
  return [...out];
}

/** Words a cue ends with when it only introduces its object ("worried about", "trying to"); "migrating" carries meaning. */
const PARTICLES = new Set(['in', 'about', 'on', 'for', 'with', 'to', 'of', 'by', 'at', 'into', 'want', 'wants', 'need', 'needs', 'like', 'love']);
const CUES = [...TOPIC_CUES, 'who are', 'who is', 'that are', 'that is', 'who', 'that', 'which', 'whose', 'are', 'is', 'to']
  .map((c) => tokenize(c).map((t) => t.norm))
  .filter((c) => c.length === 1 ? ['who', 'that', 'which', 'whose', 'are', 'is', 'to', 'into', 'about'].includes(c[0]!) : PARTICLES.has(c[c.length - 1]!))
  .sort((a, b) => b.length - a.length);

/** The concern of a topic without the words that only introduce it ("who want to", "interested in"). */
export function concernPhrase(topic: string): string {
  const toks = tokenize(topic);
  let i = 0;
  for (;;) {
    const cue = CUES.find((c) => c.every((w, k) => toks[i + k]?.norm === w));
    if (!cue || i + cue.length >= toks.length) break;
    i += cue.length;
  }
  return i === 0 ? topic : topic.slice(toks[i]!.start).trim();
}


const round = (x: number) => Math.round(x * 1e4) / 1e4;
