/**
 * Natural-language queries: the parser's interpretation becomes one storage query (filters on the object
 * and, as sub-queries, on the records it refers to), an aggregate, "records like X" or a semantic search
 * narrowed by the structured part. The answer says what was understood.
 */
import { CLOSED_STAGES, ENTITIES, type CrmRecord, type EntityName } from '../../core/entities.js';
import { validationError } from '../../core/errors.js';
import { companyNameKey, domainKey, emailKey, foldText, personNameKey } from '../../core/normalize.js';
import { ACTIVITY_FIELD } from './passes/date-fields.js';
import { RELATED_FIELD, type RelatedRecords } from './passes/relations.js';
import type { Clock } from '../../core/clock.js';
import type { AggregateRow, Filter, Storage } from '../../storage/index.js';
import { TIER_THRESHOLDS, type ScoringService, type TargetName } from '../scoring/index.js';
import type { SearchResult, SemanticSearchService } from '../search/index.js';
import type { SimilarityService } from '../similarity/similar.service.js';
import { TtlCache } from '../ttl-cache.js';
import { buildLexicon, type Lexicon } from './lexicon.js';
import { parseQuery, type Condition, type NameResolver, type ParsedQuery } from './parser.js';
import { familyMatches, narrowToTitlesSaid } from '../lexicon/role-words.js';
import type { MeaningReader } from './meaning.js';
import { spellOutAcronyms } from '../lexicon/acronyms.js';
import { stem } from '../lexicon/tokens.js';
import { isOrganisationNoun, synsetsOf } from '../lexicon/wordnet.js';
import { ConcernIndex, concernPhrase, MIN_CONCERN_COSINE } from './concerns.js';
import { saysNoObjectNamed } from './passes/head.js';

export { parseQuery, type ParsedQuery } from './parser.js';
export { buildLexicon } from './lexicon.js';
export { familyMatches } from '../lexicon/role-words.js';
export { EmbeddingMeaning, type MeaningReader } from './meaning.js';

/** Which score a query on an object is about. */
const SCORE_TARGET: Partial<Record<EntityName, TargetName>> = { deal: 'deal', contact: 'lead' };
/** "Likely to close": at least an even chance. */
const LIKELY = 0.5;

/**
 * Words around a record's name that only ask to see it: "open", "pull up", "who is", "details for", "the … account",
 * "… 's record", "… profile". What is left must be the whole name, e-mail or domain.
 */
const RECORD_LEAD_IN = /^(?:(?:please\s+)?(?:open|go to|goto|show|show me|find|find me|jump to|pull up|bring up|look up|lookup|search for|take me to|navigate to|view|display|get|get me)\s+|(?:who is|who's|whos|what is|what's)\s+|(?:details|info|information|the record|the profile|the page)\s+(?:for|on|of|about)\s+)*(?:the\s+)?/i;
/** An e-mail address or a domain typed alone: how a record is named besides its name. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i;
const DOMAIN = /^(?:https?:\/\/)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\/?$/i;
const RECORD_TRAILER = /(?:['’]s)?(?:\s+(?:record|profile|page|details|card|account|contact|company))?$/i;

/** Whether a word (a plural too) names people or organisations in WordNet ("owners", "issuers", "lenders"). */
function namesFirmsOrPeople(word: string): boolean {
  const w = word.toLowerCase();
  const singular = stem(w);
  try {
    return [w, singular].some((x) => isOrganisationNoun(x) || synsetsOf(x, 1, ['noun'])[0]?.person === true);
  } catch {
    return false;
  }
}

/** A query the parser read nothing in but a fallback topic: no filter, role, sort, score or "my". */
function topicOnly(parsed: ParsedQuery): parsed is ParsedQuery & { topic: string } {
  return parsed.intent === 'semantic' && parsed.topicIsFallback && !!parsed.topic && parsed.conditions.length === 0 && parsed.roles.length === 0 && !parsed.sort && !parsed.score && !parsed.mine;
}

/** Answer nothing, and say why in the chips; `unparsed` are the words shown as not understood. */
function abstain(parsed: ParsedQuery, note: string, unparsed: string[]): void {
  parsed.abstain = true;
  parsed.notes.push(note);
  parsed.unparsed = [...unparsed];
  parsed.topic = null;
  parsed.intent = 'filter';
}

/** Most records one answer returns. */
export const MAX_QUERY_LIMIT = 10_000;
const LEXICON_TTL_MS = 30_000;
/**
 * Below this best cosine between a fallback topic and any record, the query is off topic. Chosen on dev's persona
 * questions and sentences of this pass's own (USE lite): questions about the CRM's people scored 0.32–0.66, "tell
 * me a joke", "recipe for banana bread", "play some music", "the meaning of life" 0.15–0.25.
 */
const OFF_TOPIC_COSINE = 0.3;
/** Share of the memory search's score added to a contact's notes score in persona queries. */
const SEARCH_BLEND = 0.6;
/** The memory search's hits the notes' ranking blends in; also the most a semantic answer ranks. */
const SEARCH_POOL = 200;
/** The memory search's best hits whose cosines say whether a topic is off topic. */
const OFF_TOPIC_HITS = 5;
/**
 * A question that names people and whose records are all far from its words is still on topic when a sentence of
 * some contact's notes is at least this near (USE lite). Chosen on sentences of my own, none from a benchmark file,
 * against notes whose variants are compared by their shared words (concerns.ts sentenceTemplates): 15 concerns said
 * of people 0.38–0.71; jokes, recipes, music, weather, flights 0.17–0.32 (those name no object and are never asked
 * this); hobbies said of people ("who play golf", "folks into cooking") 0.22–0.34. (Before the templates a variant's
 * varying word drew the flights and jokes up to 0.41, and the line stood at 0.40.)
 */
const PEOPLE_CONCERN_ON_TOPIC = 0.36;
/** Firms asked about by words a sentence of some contact's notes is at least this near: asked through their people. */
const FIRMS_CONCERN_TO_PEOPLE = 0.45;

export interface QueryHit {
  id: string;
  score: number;
  reasons?: string[];
  [field: string]: unknown;
}

/** A persona query's concern: the phrase the notes are ranked by, the words corrected in it, its vector. */
interface Concern {
  phrase: string;
  corrected: [string, string][];
  vector: Float32Array;
}

/** A record the whole query names ("Maya Larsen", "acme.com"): the answer is that record, to open. */
export interface RecordJump {
  entity: EntityName;
  id: string;
  name: string;
  /** What identified it: its name, domain or e-mail. */
  by: 'name' | 'domain' | 'email';
}

export interface QueryAnswer {
  intent: ParsedQuery['intent'] | 'record';
  entity: EntityName;
  /** Set when the query is a record's name, domain or e-mail alone: the command bar opens it. */
  record?: RecordJump;
  interpretation: {
    /** Phrases the lexicon does not list and how each was matched ("hoteliers → industry Hospitality (by meaning, 0.71)"). */
    matches: { phrase: string; meaning: string; how: string; score: number | null }[];
    filters: { field: string; op: string; value: unknown; label: string }[];
    sort: { field: string; direction: 'asc' | 'desc' } | null;
    limit: number | null;
    aggregate: { fn: string; field: string | null; groupBy: string | null } | null;
    semantic: { topic: string; fallback: boolean } | null;
    similar: { seed: string; id: string | null; name: string | null } | null;
    unparsed: string[];
    notes: string[];
    explanation: string;
  };
  total: number;
  results: QueryHit[];
  value?: number | null;
  groups?: { key: unknown; label: string; value: number | null; count: number }[];
}

export class NaturalLanguageQueryService {
  private readonly lexicons = new TtlCache<Lexicon>(LEXICON_TTL_MS);
  /** Contacts' notes sentence by sentence, for persona queries (needs the embedding provider). */
  private readonly concerns: ConcernIndex | undefined;

  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    private readonly similarity: SimilarityService,
    private readonly search: SemanticSearchService,
    /** Learned scores for "hot leads", "deals likely to close"; without it such words are said to be unavailable. */
    private readonly scoring?: ScoringService,
    /** Unknown phrases by meaning (the embedding provider against the concepts' descriptions). */
    private readonly meaning?: MeaningReader,
  ) {
    // The descriptions are embedded once, ~200 short texts: started now so the first unknown word does not wait.
    // A failure is retried by the first lookup and said in its notes.
    void meaning?.warm?.().catch(() => undefined);
    const embed = meaning?.embed?.bind(meaning);
    this.concerns = embed ? new ConcernIndex(storage, (texts) => embed(texts)) : undefined;
  }

  /**
   * Builds what persona queries need in the background (the notes' sentences embedded: ~25 s for 2,400 contacts
   * with USE lite), after `delayMs` so start-up is not slowed; the timer does not keep a process alive. Without an
   * embedding provider it does nothing. A failure is left for the first persona query to retry and report.
   */
  warm(ws: string, delayMs = 2_000): void {
    const concerns = this.concerns;
    if (!concerns) return;
    const timer = setTimeout(() => void concerns.prepare(ws).catch(() => undefined), delayMs);
    timer.unref?.();
  }

  /** Reads the query without running it (the CLI's --explain, tests). */
  async interpret(ws: string, text: string): Promise<ParsedQuery> {
    if (typeof text !== 'string' || text.trim() === '') throw validationError('text is required', [{ field: 'text', message: 'empty query' }]);
    const lexicon = await this.lexicons.get(ws, () => buildLexicon(this.storage, ws));
    return parseQuery(text, { lexicon, now: this.clock.now(), names: this.names(ws), meaning: this.meaning });
  }

  /** `me`: who is asking, for "my deals" (records whose owner is their user id — or, set before owners were members, their name or e-mail). */
  async query(ws: string, text: string, limit = 50, me?: { id?: string; name: string | null; email: string }): Promise<QueryAnswer> {
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_QUERY_LIMIT) throw validationError(`limit must be a whole number from 1 to ${MAX_QUERY_LIMIT}`, [{ field: 'limit', message: 'out of range' }]);
    const jump = await this.recordNamed(ws, text);
    if (jump) return jumpAnswer(jump, await this.storage.records.getMany(ws, ENTITIES[jump.entity], [jump.id]));
    const parsed = await this.interpret(ws, text);
    await this.searchWordsTheRecordsHold(ws, parsed);
    const firmsConcern = await this.firmsConcernToPeople(ws, parsed);
    if (parsed.mine && me) {
      const names = [...new Set([me.name, me.email].filter((v): v is string => !!v))];
      parsed.conditions.push({ entity: parsed.entity, field: 'owner', op: 'in', value: me.id ? [me.id, ...names] : names, label: `owner: you (${names.join(' or ')})` });
    } else if (parsed.mine) parsed.notes.push(`"my": nobody is signed in (AUTH=off or the CLI); showing everyone's`);
    const lexicon = await this.lexicons.get(ws, () => buildLexicon(this.storage, ws));
    const filters = this.plan({ ...parsed, conditions: await this.withActivityIds(ws, parsed) }, lexicon);
    const def = ENTITIES[parsed.entity];
    const target = parsed.score ? SCORE_TARGET[parsed.entity] : undefined;
    if (parsed.score && (!target || !this.scoring)) {
      parsed.notes.push(target ? 'scores are not available here; not filtered by score' : `only deals and contacts have scores; "${parsed.score.label}" ignored`);
      parsed.score = null;
    }
    // A name typed alone that is no record ("Joe Bloggs"): say so rather than rank the notes by a stranger's name.
    if (!parsed.abstain && (await this.looksLikeAName(ws, parsed))) abstain(parsed, `no contact or company named "${parsed.topic}"; nothing was searched`, parsed.unparsed);
    // One memory search per query: the off-topic check reads the head of the search a semantic answer ranks by (the
    // search's order does not depend on its limit, and no semantic answer wants more than SEARCH_POOL).
    let searched: Promise<SearchResult> | undefined;
    const search = () => (searched ??= this.search.search(ws, parsed.entity, parsed.topic!, { filters, facets: false, limit: SEARCH_POOL }));
    // A persona query's concern (contacts' notes), embedded at most once: beside the off-topic check's search when a
    // topic alone is asked about contacts, so the two texts share one model call, else beside the search below.
    // The firms' switch above read the same topic's concern already: that one is reused.
    let concerned: Promise<Concern | null> | undefined = firmsConcern ? Promise.resolve(firmsConcern) : undefined;
    const concern = () => {
      if (!concerned) {
        concerned = this.concernOf(ws, parsed.topic!);
        concerned.catch(() => undefined); // an off-topic query never reads it; a semantic one says the error
      }
      return concerned;
    };
    const alongside = parsed.entity === 'contact' && this.concerns && this.meaning?.embed && parsed.topic ? concern : undefined;
    // Words read as nothing but a topic, and nothing in the data near them ("tell me a joke"): off topic.
    if (!parsed.abstain && (await this.offTopic(ws, parsed, filters.length === 0 ? search : undefined, alongside))) abstain(parsed, `not understood: nothing in the CRM is near "${parsed.topic}"; nothing was searched`, parsed.topic!.split(/\s+/));
    const answer: QueryAnswer = { intent: parsed.intent, entity: parsed.entity, interpretation: interpretationOf(parsed), total: 0, results: [] };
    // Nothing was understood: no records, and the chips say which words were not.
    if (parsed.abstain) return answer;
    if (parsed.score && target) return this.scored(ws, parsed, filters, limit, target, answer);

    switch (parsed.intent) {
      case 'similar': {
        const seed = parsed.similar!.id!;
        const k = Math.min(limit, 100);
        let hits = await this.similarity.similar(ws, parsed.entity, seed, filters.length > 0 ? 300 : k);
        if (filters.length > 0) {
          const allowed = await this.idsMatching(ws, parsed.entity, [...filters, { field: 'id', op: 'in', value: hits.map((h) => h.id) }]);
          hits = hits.filter((h) => allowed.has(h.id));
        }
        hits = hits.slice(0, k);
        answer.total = hits.length;
        answer.results = await this.withRecords(ws, parsed.entity, hits);
        break;
      }
      case 'semantic': {
        // With a sort word ("top 5 … by revenue"), meaning picks the candidates and the sort the chip names orders them.
        const wanted = parsed.sort ? SEARCH_POOL : Math.min(limit, parsed.top ?? SEARCH_POOL);
        // The one memory search (above) serves the off-topic check, the notes' blend and the fill below: the first
        // `wanted` of SEARCH_POOL are what a search for `wanted` would give.
        const byNotes = parsed.entity === 'contact' ? await this.byConcern(ws, parsed, filters, wanted, search, concern) : null;
        let ranked: { id: string; score: number; reasons?: string[] }[] = byNotes ?? [];
        if (ranked.length < wanted) {
          // Contacts whose notes say nothing near the query (or objects without notes): the memory search ranks them.
          const found = (await search()).results.slice(0, wanted);
          const seen = new Set(ranked.map((h) => h.id));
          const floor = ranked.length > 0 ? Math.min(...ranked.map((h) => h.score)) : 1;
          ranked = [...ranked, ...found.filter((h) => !seen.has(h.id)).map((h) => ({ id: h.id, score: byNotes ? round(Math.min(h.score, floor) * 0.5) : h.score }))].slice(0, wanted);
        }
        let hits = await this.withRecords(ws, parsed.entity, ranked);
        if (parsed.sort) hits = sortRecords(hits, parsed.sort.field, parsed.sort.direction).slice(0, Math.min(limit, parsed.top ?? limit));
        answer.total = hits.length;
        answer.results = hits;
        answer.interpretation = interpretationOf(parsed);
        break;
      }
      case 'aggregate': {
        const agg = parsed.aggregate!;
        const overall = await this.storage.records.aggregate(ws, def, { fn: agg.fn, field: agg.field ?? undefined, filters });
        answer.value = numberOrNull(overall[0]?.value);
        answer.total = overall[0]?.count ?? 0;
        if (agg.groupBy) answer.groups = await this.groups(ws, parsed, filters);
        else {
          const page = await this.storage.records.list(ws, def, { filters, limit: Math.min(limit, 200), sort: sortOf(parsed) });
          answer.results = page.records.map((r) => ({ ...r, score: 1 }));
        }
        break;
      }
      default: {
        const n = parsed.intent === 'top' && parsed.top !== null ? Math.min(parsed.top, limit) : limit;
        const page = await this.storage.records.list(ws, def, { filters, limit: n, sort: sortOf(parsed), withTotal: true });
        answer.total = page.total ?? page.records.length;
        // Filters match or not (score 1); a top-N list scores by rank.
        answer.results = page.records.map((r, i) => ({ ...r, score: parsed.intent === 'top' ? round(1 - i / Math.max(page.records.length, 1)) : 1 }));
      }
    }
    return answer;
  }

  /**
   * Queries on the learned score: the structured filters narrow, every match is scored in one batch, then the
   * tier or likelihood keeps some and the probability ranks them (the hottest, the likeliest first).
   */
  private async scored(ws: string, parsed: ParsedQuery, filters: Filter[], limit: number, target: TargetName, answer: QueryAnswer): Promise<QueryAnswer> {
    const want = parsed.score!;
    const def = ENTITIES[parsed.entity];
    // A score is a forecast: unless asked otherwise, it is about what is still open.
    const asked = (field: string) => parsed.conditions.some((c) => c.field === field && c.entity === parsed.entity);
    if (target === 'deal' && !asked('stage')) {
      filters = [...filters, { field: 'stage', op: 'nin', value: [...CLOSED_STAGES] }];
      parsed.notes.push('open deals only');
    }
    if (target === 'lead' && !asked('lead_status')) {
      filters = [...filters, { field: 'lead_status', op: 'nin', value: ['customer', 'unqualified'] }];
      parsed.notes.push('leads not yet customers or disqualified');
    }
    let candidates: string[];
    let order: Map<string, number> | undefined;
    if (parsed.intent === 'semantic') {
      const found = await this.search.search(ws, parsed.entity, parsed.topic!, { filters, facets: false, limit: 200 });
      candidates = found.results.map((h) => h.id);
      order = new Map(found.results.map((h, i) => [h.id, i]));
    } else candidates = await this.storage.records.ids(ws, def, filters, MAX_QUERY_LIMIT);
    const scores = await this.scoring!.scoreMany(ws, target, candidates);
    const keep = (p: number) =>
      (want.tier === null || (want.tier === 'hot' ? p >= TIER_THRESHOLDS.hot : want.tier === 'warm' ? p >= TIER_THRESHOLDS.warm && p < TIER_THRESHOLDS.hot : p < TIER_THRESHOLDS.warm)) &&
      (!want.likely || p >= LIKELY);
    let hits = candidates.filter((id) => scores.has(id) && keep(scores.get(id)!.probability));
    // A tier is a decision: say how many of them it is a guess for (their interval spans more than one tier).
    const unsure = want.tier ? hits.filter((id) => scores.get(id)!.confident === false).length : 0;
    if (unsure > 0) parsed.notes.push(`${unsure} of ${hits.length} are ${want.tier} without enough evidence (their interval reaches another tier)`);
    // Meaning ranks a semantic query unless the score was asked to; otherwise the score does.
    if (!order || want.rank) hits.sort((a, b) => scores.get(b)!.probability - scores.get(a)!.probability || a.localeCompare(b));
    answer.total = hits.length;
    if (parsed.intent === 'aggregate') {
      const agg = parsed.aggregate!;
      if (agg.groupBy) parsed.notes.push('grouping is not available together with a score condition; showing the overall figure');
      const records = await this.storage.records.getMany(ws, def, hits);
      const values = agg.field ? records.map((r) => Number(r[agg.field!])).filter(Number.isFinite) : [];
      answer.value =
        agg.fn === 'count' ? hits.length
        : values.length === 0 ? null
        : agg.fn === 'sum' ? values.reduce((a, b) => a + b, 0)
        : agg.fn === 'avg' ? values.reduce((a, b) => a + b, 0) / values.length
        : agg.fn === 'min' ? Math.min(...values)
        : Math.max(...values);
      answer.interpretation = interpretationOf(parsed);
      return answer;
    }
    const n = parsed.top !== null ? Math.min(parsed.top, limit) : limit;
    hits = hits.slice(0, n);
    answer.results = await this.withRecords(
      ws,
      parsed.entity,
      hits.map((id) => {
        const sc = scores.get(id)!;
        return { id, score: sc.probability, probability: sc.probability, interval: sc.interval, ...(sc.tier ? { lead_score: sc.score, tier: sc.tier, confident: sc.confident } : {}) };
      }),
    );
    answer.interpretation = interpretationOf(parsed);
    return answer;
  }

  /**
   * A persona query on contacts ranked by their notes' sentences (concerns.ts), within the structured filters.
   * Null when there is no provider, no notes, or the notes say nothing near the query (the memory search ranks).
   */
  private async byConcern(
    ws: string,
    parsed: ParsedQuery,
    filters: Filter[],
    limit: number,
    search: () => Promise<SearchResult>,
    concern: () => Promise<Concern | null>,
  ): Promise<{ id: string; score: number; reasons: string[] }[] | null> {
    if (!this.concerns || !this.meaning?.embed || !parsed.topic) return null;
    // The memory search runs beside the notes' ranking (its query text and the concern share one model call).
    const searched = search();
    searched.catch(() => undefined);
    try {
      const [read, allowed] = await Promise.all([concern(), filters.length > 0 ? this.idsMatching(ws, 'contact', filters) : null]);
      if (!read) return null;
      const { phrase, corrected, vector } = read;
      const ranking = await this.concerns.rank(ws, phrase, vector, allowed, Math.max(limit, 400));
      if (!ranking || ranking.best < MIN_CONCERN_COSINE) return null;
      // The memory search's view (whole shard, full text, its persona boost) joins the notes' by a share of its
      // score: 0.6, chosen on the persona items of dev + held-out 1 + 2 (0: 45/58, 0.3: 49, 0.6: 51, 1: 50).
      const found = await searched;
      const other = new Map(found.results.slice(0, SEARCH_POOL).map((h) => [h.id, h.score]));
      for (const h of ranking.hits) h.score = round(h.score + SEARCH_BLEND * (other.get(h.id) ?? 0));
      ranking.hits.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
      ranking.hits = ranking.hits.slice(0, limit);
      for (const [typed, read] of corrected) parsed.notes.push(`read "${typed}" as "${read}" (a word of the notes)`);
      parsed.notes.push(`ranked by the contacts' notes nearest "${phrase}" (closest: "${ranking.bestSentence}", ${ranking.best.toFixed(2)})`);
      return ranking.hits;
    } catch (e) {
      parsed.notes.push(`notes could not be read by meaning (${(e as Error).message}); ranked by the memory search`);
      return null;
    }
  }

  /**
   * "lodging companies that can't keep their front desk staffed": firms asked about with words no grammar read,
   * where a sentence of some contact's notes is near those words, are asked about through their people (only
   * contacts' notes voice a worry). The parser switches on the cues it knows ("worried about", "trying to"); this
   * catches the rest by meaning. Not when the firms are ranked, counted or sorted by their own figures. Returns the
   * concern it read when it switched, for the notes' ranking to reuse (the topic is the same).
   */
  private async firmsConcernToPeople(ws: string, parsed: ParsedQuery): Promise<Concern | null> {
    if (parsed.entity !== 'company' || parsed.intent !== 'semantic' || !parsed.topicIsFallback || !parsed.topic) return null;
    if (parsed.sort || parsed.top !== null || parsed.aggregate || parsed.similar || parsed.score || !this.concerns) return null;
    const words = parsed.topic.trim().split(/\s+/);
    // "… and building owners", "card issuers": words naming more firms or people are no worry.
    if (words.length < 2 || namesFirmsOrPeople(words[words.length - 1]!)) return null;
    const read = await this.concernOf(ws, parsed.topic).catch(() => null);
    if (!read || ((await this.nearestNote(ws, read)) ?? -1) < FIRMS_CONCERN_TO_PEOPLE) return null;
    parsed.entity = 'contact';
    parsed.notes.push('concerns are voiced by people: showing the contacts at those companies');
    return read;
  }

  /** The cosine of the contacts' notes' sentence nearest a concern; null when the notes cannot be ranked. */
  private async nearestNote(ws: string, read: Concern): Promise<number | null> {
    const ranking = await this.concerns?.rank(ws, read.phrase, read.vector, null, 1).catch(() => null);
    return ranking ? ranking.best : null;
  }

  /** The concern of a persona topic as the notes' words spell it, and its vector; null without one. */
  private async concernOf(ws: string, topic: string): Promise<Concern | null> {
    if (!this.concerns || !this.meaning?.embed) return null;
    // A misspelt word of the concern is read as the notes' word it is one or two edits from ("inteligence").
    const { text: phrase, corrected } = await this.concerns.spell(ws, concernPhrase(topic));
    // Acronyms spelled out as the notes' sentences are (lexicon/acronyms.ts), so "AI" meets "AI" on both sides.
    const [vector] = await this.meaning.embed([spellOutAcronyms(phrase)], { priority: 'query' });
    return vector && vector.length > 0 ? { phrase, corrected, vector } : null;
  }

  /**
   * "No activity in 60 days", "companies with no won deals": activities, deals and contacts point at the records
   * they are about, so the records pointed at by those that match are found first (one grouped query) and the
   * condition becomes a list of ids.
   */
  private async withActivityIds(ws: string, parsed: ParsedQuery): Promise<Condition[]> {
    const out: Condition[] = [];
    for (const c of parsed.conditions) {
      if (c.field !== ACTIVITY_FIELD && c.field !== RELATED_FIELD) {
        out.push(c);
        continue;
      }
      let source: EntityName = 'activity';
      let via: string | null;
      const inWindow: Filter[] = [];
      if (c.field === RELATED_FIELD) {
        const related = c.value as RelatedRecords;
        source = related.entity;
        via = related.via;
        for (const f of related.filters) inWindow.push({ field: f.field, op: f.op, value: f.value } as Filter);
      } else {
        via = c.entity === 'deal' ? 'deal_id' : c.entity === 'company' ? 'company_id' : c.entity === 'contact' ? 'contact_id' : null;
        if (!via) {
          parsed.notes.push(`${c.entity} records have no activities; "${c.label}" ignored`);
          continue;
        }
        const window = c.value as { from: string | null; to: string | null; type?: string };
        if (window.type) inWindow.push({ field: 'type', op: 'eq', value: window.type });
        if (window.from) inWindow.push({ field: 'occurred_at', op: 'gte', value: window.from });
        if (window.to) inWindow.push({ field: 'occurred_at', op: 'lt', value: window.to });
      }
      inWindow.unshift({ field: via, op: 'empty', value: false });
      const rows = await this.storage.records.aggregate(ws, ENTITIES[source], { fn: 'count', groupBy: via, filters: inWindow });
      const ids = rows.map((r) => r.group).filter((g): g is string => typeof g === 'string');
      out.push({ ...c, field: 'id', op: c.op === 'nin' ? 'nin' : 'in', value: ids.length > 0 || c.op === 'nin' ? ids : ['\u0000none'] });
    }
    return out;
  }

  /**
   * The record a query names on its own: an e-mail, a domain, or the whole text as a company's or a person's
   * name ("Maya Larsen", "acme.com", "open Acme Corp"). One match only; two records of one name are not a jump.
   */
  private async recordNamed(ws: string, text: string): Promise<RecordJump | undefined> {
    const t = text
      .trim()
      .replace(/[?.!]+$/, '')
      .replace(RECORD_LEAD_IN, '')
      .replace(RECORD_TRAILER, '')
      .trim();
    if (t === '' || t.length > 120 || t.split(/\s+/).length > 6) return undefined;
    const records = this.storage.records;
    if (EMAIL.test(t)) {
      const k = emailKey(t);
      const hits = k ? await records.findByKey(ws, ENTITIES.contact, 'email_key', k, 2) : [];
      if (hits.length === 1) return { entity: 'contact', id: hits[0]!.id, name: personName(hits[0]!), by: 'email' };
      return undefined;
    }
    if (DOMAIN.test(t)) {
      const k = domainKey(t);
      const hits = k ? await records.findByKey(ws, ENTITIES.company, 'domain_key', k, 2) : [];
      if (hits.length === 1) return { entity: 'company', id: hits[0]!.id, name: String(hits[0]!.name), by: 'domain' };
      return undefined;
    }
    // A name is typed with capitals or is two or more words; "fintech" or "deals" alone are not names.
    if (!/[A-Z]/.test(t) && t.split(/\s+/).length < 2) return undefined;
    const companyKey = companyNameKey(t);
    const companies = companyKey && companyKey.length >= 3 ? await records.findByKey(ws, ENTITIES.company, 'name_key', companyKey, 2) : [];
    const exactCompanies = companies.filter((c) => foldText(String(c.name)) === foldText(t) || companies.length === 1);
    const personKey = t.split(/\s+/).length >= 2 ? personNameKey(t) : null;
    const people = personKey ? await records.findByKey(ws, ENTITIES.contact, 'name_key', personKey, 2) : [];
    if (exactCompanies.length === 1 && people.length === 0) return { entity: 'company', id: exactCompanies[0]!.id, name: String(exactCompanies[0]!.name), by: 'name' };
    if (people.length === 1 && exactCompanies.length === 0) return { entity: 'contact', id: people[0]!.id, name: personName(people[0]!), by: 'name' };
    return undefined;
  }

  /**
   * Whether a query the parser read nothing in (its words only a fallback topic) is a person's name: two or three
   * words typed with capitals ("Joe Bloggs"), or whose first word is the first name of a contact of the workspace
   * ("joe bloggs" when some Joe is a contact). recordNamed found no such record before the parse.
   */
  private async looksLikeAName(ws: string, parsed: ParsedQuery): Promise<boolean> {
    if (!topicOnly(parsed)) return false;
    const words = parsed.topic.split(/\s+/);
    if (words.length < 2 || words.length > 3 || words.join(' ') !== parsed.text.replace(/[?.!]+$/, '').trim() || !words.every((w) => /^\p{L}[\p{L}'’-]*$/u.test(w))) return false;
    // Capitalised words a record holds ("Cloud Migration" in notes) are a topic, not a stranger's name.
    if (words.every((w) => /^\p{Lu}/u.test(w))) return !(await this.heldVerbatim(ws, parsed.entity, parsed.topic));
    const first = words[0]!.charAt(0).toUpperCase() + words[0]!.slice(1).toLowerCase();
    const page = await this.storage.records.list(ws, ENTITIES.contact, { filters: [{ field: 'first_name', op: 'eq', value: first }], limit: 1 });
    return page.records.length > 0;
  }

  /**
   * Words no dictionary knows were read as gibberish; the workspace's own words ("kubernetes", a product code) are
   * not: when its records hold them verbatim, they are searched like any other topic.
   */
  private async searchWordsTheRecordsHold(ws: string, parsed: ParsedQuery): Promise<void> {
    if (!parsed.abstain || parsed.topic || parsed.unparsed.length === 0) return;
    const words = parsed.unparsed.join(' ');
    if (!(await this.heldVerbatim(ws, parsed.entity, words))) return;
    parsed.abstain = false;
    parsed.topic = words;
    parsed.topicIsFallback = true;
    parsed.intent = 'semantic';
    parsed.notes = parsed.notes.filter((n) => !(n.startsWith('not understood:') && n.endsWith('nothing was searched')));
  }

  /** Whether one of the workspace's records holds every one of these words (its full-text index, as a list's `q`). */
  private async heldVerbatim(ws: string, entity: ParsedQuery['entity'], words: string): Promise<boolean> {
    const page = await this.storage.records.list(ws, ENTITIES[entity], { q: words, limit: 1 });
    return page.records.length > 0;
  }

  /**
   * Whether a query read as nothing but a fallback topic (no filter, role, sort or cue) is about nothing the
   * workspace holds: the memory search finds nothing, or its best cosine stays below OFF_TOPIC_COSINE.
   */
  private async offTopic(ws: string, parsed: ParsedQuery, search?: () => Promise<SearchResult>, alongside?: () => Promise<Concern | null>): Promise<boolean> {
    if (!topicOnly(parsed) || parsed.similar || parsed.top !== null) return false;
    // A term of the business glossary ("LLMs", "SOX") is a business topic, though the model knows it not.
    if (spellOutAcronyms(parsed.topic) !== parsed.topic) return false;
    // Started in the same turn as the search, so its text is embedded in the search's model call.
    alongside?.();
    // The query's own search when it has no filters (a topic alone has none): its first five are this search's.
    const found = search ? { results: (await search()).results.slice(0, OFF_TOPIC_HITS) } : await this.search.search(ws, parsed.entity, parsed.topic, { facets: false, limit: OFF_TOPIC_HITS });
    // Words a record holds verbatim ("kubernetes" in a note) are on topic whatever their cosine: a single rare word
    // embeds far from the sentences it stands in.
    if (found.results.some((h) => (h.text_score ?? 0) > 0) && (await this.heldVerbatim(ws, parsed.entity, parsed.topic))) return false;
    const cosines = found.results.map((h) => h.vector_score).filter((v): v is number => typeof v === 'number');
    // Nothing found at all is off topic too.
    const off = found.results.length === 0 || (cosines.length > 0 && Math.max(...cosines) < OFF_TOPIC_COSINE);
    if (!off || !alongside || !this.concerns || saysNoObjectNamed(parsed.notes)) return off;
    // Asked of people ("folks under the gun to hit quota"): a whole record is far from a worry said in one clause,
    // but a sentence of someone's notes may be near it. Ranked by the notes when one is near enough, else off topic.
    // A failed embedding or ranking leaves the answer as the records' cosines gave it (the semantic step says the error).
    const read = await alongside().catch(() => null);
    if (!read) return off;
    return ((await this.nearestNote(ws, read)) ?? -1) < PEOPLE_CONCERN_ON_TOPIC;
  }

  /** Conditions to storage filters on the object asked for; conditions on its company or contact become sub-queries. */
  plan(parsed: ParsedQuery, lexicon: Lexicon): Filter[] {
    const head = parsed.entity;
    const conditions: Condition[] = [...parsed.conditions];
    for (const role of parsed.roles) {
      const families = role.families.map((f) => narrowToTitlesSaid(f, lexicon.titles));
      const titles = lexicon.titles.filter((t) => families.some((f) => familyMatches(f, t)));
      conditions.push({ entity: 'contact', field: 'title', op: role.negated ? 'nin' : 'in', value: titles.length > 0 ? titles : ['\u0000none'], label: role.label });
    }
    const toFilter = (c: Condition): Filter | undefined => {
      const own: Filter = { field: c.field, op: c.op, value: c.value };
      if (c.entity === head) return own;
      if (c.entity === 'company' && head !== 'company') return { field: 'company_id', op: 'related', value: { filters: [own] } };
      // A deal's contact, an activity's contact: "meetings with CFOs" are meetings whose contact is a CFO.
      if (c.entity === 'contact' && (head === 'deal' || head === 'activity')) return { field: 'contact_id', op: 'related', value: { filters: [own] } };
      return undefined;
    };
    const filters: Filter[] = [];
    const groups = new Map<number, Filter[][]>();
    for (const c of conditions) {
      const f = toFilter(c);
      // The parser only reaches fields the object has or refers to; anything else is said, never guessed.
      if (!f) parsed.notes.push(`cannot filter ${ENTITIES[head].plural} by ${c.label}; ignored`);
      else if (c.anyGroup === undefined) filters.push(f);
      else groups.set(c.anyGroup, [...(groups.get(c.anyGroup) ?? []), [f]]);
    }
    for (const g of groups.values()) filters.push({ field: '', op: 'any', value: g });
    return filters;
  }

  private names(ws: string): NameResolver {
    const records = this.storage.records;
    return {
      companies: async (phrases) => {
        const keys = new Map<string, string[]>();
        for (const p of phrases) {
          const k = companyNameKey(p);
          if (k && k.length >= 3) keys.set(k, [...(keys.get(k) ?? []), p]);
        }
        const found = await records.idsByKeys(ws, ENTITIES.company, 'name_key', [...keys.keys()]);
        const ids = [...found.values()].flat();
        const named = new Map((await records.getMany(ws, ENTITIES.company, ids)).map((c) => [c.id, String(c.name)]));
        const out = new Map<string, { id: string; name: string }>();
        for (const [k, idList] of found) {
          for (const p of keys.get(k) ?? []) {
            // "Nimbus Networks" and "Nimbus Networks GmbH" share a key: the name as typed decides; otherwise
            // an ambiguous name is not a filter.
            const exact = idList.filter((id) => foldText(named.get(id) ?? '') === foldText(p));
            const id = idList.length === 1 ? idList[0] : exact.length === 1 ? exact[0] : undefined;
            if (id) out.set(p, { id, name: named.get(id) ?? p });
          }
        }
        return out;
      },
      record: async (entity, phrase) => {
        // "firms resembling acme.com", "people like ana@acme.com": a seed named by its domain or e-mail.
        if (entity === 'company' && DOMAIN.test(phrase.trim())) {
          const k = domainKey(phrase.trim());
          const hits = k ? await records.findByKey(ws, ENTITIES.company, 'domain_key', k, 2) : [];
          if (hits.length === 1) return { id: hits[0]!.id, name: String(hits[0]!.name) };
        }
        if (entity === 'contact' && EMAIL.test(phrase.trim())) {
          const k = emailKey(phrase.trim());
          const hits = k ? await records.findByKey(ws, ENTITIES.contact, 'email_key', k, 2) : [];
          if (hits.length === 1) return { id: hits[0]!.id, name: personName(hits[0]!) };
        }
        if (entity === 'contact') {
          const k = personNameKey(phrase);
          const hits = k ? await records.findByKey(ws, ENTITIES.contact, 'name_key', k, 2) : [];
          return hits[0] ? { id: hits[0].id, name: `${hits[0].first_name ?? ''} ${hits[0].last_name ?? ''}`.trim() } : undefined;
        }
        if (entity === 'company') {
          const k = companyNameKey(phrase);
          const hits = k ? await records.findByKey(ws, ENTITIES.company, 'name_key', k, 2) : [];
          if (hits[0]) return { id: hits[0].id, name: String(hits[0].name) };
          // "ironguard" for "Iron Guard": a name typed without its spaces, matched exactly against the keys it could be.
          const spaced = k && !k.includes(' ') ? spacedNameKeys(k) : [];
          if (spaced.length === 0) return undefined;
          const ids = [...new Set([...(await records.idsByKeys(ws, ENTITIES.company, 'name_key', spaced)).values()].flat())];
          if (ids.length !== 1) return undefined;
          const [company] = await records.getMany(ws, ENTITIES.company, ids);
          return company ? { id: company.id, name: String(company.name) } : undefined;
        }
        const page = await records.list(ws, ENTITIES[entity], { filters: [{ field: 'name', op: 'contains', value: phrase }], limit: 1 });
        const r = page.records[0];
        if (r) return { id: r.id, name: String(r.name) };
        // "Juniper Care AI Assistant" for the deal "Juniper Care – AI Assistant": every word in the name, one record only.
        const words = phrase.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
        if (words.length < 2) return undefined;
        const all = await records.list(ws, ENTITIES[entity], { filters: words.map((w) => ({ field: 'name', op: 'contains' as const, value: w })), limit: 2 });
        return all.records.length === 1 ? { id: all.records[0]!.id, name: String(all.records[0]!.name) } : undefined;
      },
    };
  }

  private async idsMatching(ws: string, entity: EntityName, filters: Filter[]): Promise<Set<string>> {
    return new Set(await this.storage.records.ids(ws, ENTITIES[entity], filters, MAX_QUERY_LIMIT));
  }

  private async withRecords(ws: string, entity: EntityName, hits: { id: string; score: number; reasons?: string[] }[]): Promise<QueryHit[]> {
    const byId = new Map((await this.storage.records.getMany(ws, ENTITIES[entity], hits.map((h) => h.id))).map((r) => [r.id, r]));
    return hits.filter((h) => byId.has(h.id)).map((h) => ({ ...byId.get(h.id)!, ...h }));
  }

  /** Grouped aggregates; groups on the company's fields (contacts by industry) are summed up from per-company rows. */
  private async groups(ws: string, parsed: ParsedQuery, filters: Filter[]): Promise<NonNullable<QueryAnswer['groups']>> {
    const agg = parsed.aggregate!;
    const g = agg.groupBy!;
    const def = ENTITIES[parsed.entity];
    const label = (v: unknown) => (v === null || v === undefined || v === '' ? '(none)' : String(v));
    if (g.entity === parsed.entity) {
      const rows = await this.storage.records.aggregate(ws, def, { fn: agg.fn, field: agg.field ?? undefined, groupBy: g.field, filters });
      return sortGroups(rows.map((r) => ({ key: r.group, label: label(r.group), value: numberOrNull(r.value), count: r.count })));
    }
    const via = g.entity === 'company' ? 'company_id' : 'contact_id';
    const fnForParts = agg.fn === 'avg' ? 'sum' : agg.fn;
    const rows: AggregateRow[] = await this.storage.records.aggregate(ws, def, { fn: fnForParts, field: agg.field ?? undefined, groupBy: via, filters });
    const parents = await this.storage.records.getMany(ws, ENTITIES[g.entity], rows.map((r) => r.group).filter((x): x is string => typeof x === 'string'));
    const keyOf = new Map(parents.map((p: CrmRecord) => [p.id, p[g.field] ?? null]));
    const merged = new Map<string, { key: unknown; value: number | null; count: number }>();
    for (const r of rows) {
      const key = typeof r.group === 'string' ? (keyOf.get(r.group) ?? null) : null;
      const k = label(key);
      const cur = merged.get(k) ?? { key, value: null, count: 0 };
      const v = numberOrNull(r.value);
      cur.count += r.count;
      if (v !== null) cur.value = cur.value === null ? v : agg.fn === 'min' ? Math.min(cur.value, v) : agg.fn === 'max' ? Math.max(cur.value, v) : cur.value + v;
      merged.set(k, cur);
    }
    return sortGroups(
      [...merged.entries()].map(([k, m]) => ({ key: m.key, label: k, count: m.count, value: agg.fn === 'avg' ? (m.value === null ? null : m.value / m.count) : m.value })),
    );
  }
}

function personName(r: CrmRecord): string {
  return `${r.first_name ?? ''} ${r.last_name ?? ''}`.trim();
}

function jumpAnswer(jump: RecordJump, records: CrmRecord[]): QueryAnswer {
  const explanation = `${jump.name}: the ${jump.entity} with this ${jump.by === 'name' ? 'name' : jump.by} (opens the record)`;
  return {
    intent: 'record',
    entity: jump.entity,
    record: jump,
    interpretation: {
      matches: [],
      filters: [{ field: 'id', op: 'eq', value: jump.id, label: `${jump.entity} = ${jump.name} (by ${jump.by})` }],
      sort: null,
      limit: null,
      aggregate: null,
      semantic: null,
      similar: null,
      unparsed: [],
      notes: [],
      explanation,
    },
    total: records.length,
    results: records.map((r) => ({ ...r, score: 1 })),
  };
}

/** Records in a field's order, missing values last, so a top-N follows the sort its chip names. */
function sortRecords<T extends Record<string, unknown>>(rows: T[], field: string, direction: 'asc' | 'desc'): T[] {
  const key = (r: T) => {
    const v = r[field];
    return v === null || v === undefined || v === '' ? null : typeof v === 'number' ? v : Number.isFinite(Number(v)) ? Number(v) : String(v);
  };
  return [...rows].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    const c = x < y ? -1 : x > y ? 1 : 0;
    return direction === 'asc' ? c : -c;
  });
}

function interpretationOf(p: ParsedQuery): QueryAnswer['interpretation'] {
  const parts: string[] = [];
  const plural = p.entity === 'company' ? 'companies' : p.entity === 'activity' ? 'activities' : `${p.entity}s`;
  const stage = p.conditions.find((c) => c.field === 'stage' && c.op === 'in' && Array.isArray(c.value) && (c.value as string[]).length === 4 && !(c.value as string[]).some((v) => v.startsWith('closed')));
  parts.push(stage ? `open ${plural}` : plural);
  for (const r of p.roles) parts.push(`${r.negated ? 'not ' : ''}role: ${r.label}`);
  const anyGroups = new Map<number, string[]>();
  for (const c of p.conditions) {
    if (c === stage) continue;
    if (c.anyGroup !== undefined) anyGroups.set(c.anyGroup, [...(anyGroups.get(c.anyGroup) ?? []), c.label]);
    else parts.push(c.label);
  }
  for (const labels of anyGroups.values()) parts.push(`(${labels.join(' or ')})`);
  if (p.similar) parts.push(p.similar.id ? `like ${p.similar.name}` : `like "${p.similar.seed}" (not found)`);
  if (p.aggregate) parts.push(p.aggregate.label);
  if (p.sort) parts.push(`sorted by ${p.sort.label}`);
  if (p.top !== null) parts.push(`top ${p.top}`);
  if (p.topic) parts.push(p.topicIsFallback ? `ranked by meaning: "${p.topic}" (not read as filters)` : `about: ${p.topic}`);
  if (p.score) parts.push(p.score.label);
  for (const n of p.notes) parts.push(n);
  for (const m of p.matches) if (!parts.some((x) => x.includes(m.phrase))) parts.push(`${m.phrase} → ${m.meaning} (${m.how})`);
  return {
    matches: p.matches.map((m) => ({ ...m })),
    filters: [
      ...p.roles.map((r) => ({ field: 'contact.title', op: r.negated ? 'not role' : 'role', value: r.families.map((f) => f.label), label: `role: ${r.label}` })),
      ...p.conditions.map((c) => ({ field: c.entity === p.entity ? c.field : `${c.entity}.${c.field}`, op: c.op, value: c.value, label: c.label })),
      ...(p.score && (p.score.tier || p.score.likely) ? [{ field: 'score', op: p.score.tier ? 'tier' : 'gte', value: p.score.tier ?? LIKELY, label: p.score.label }] : []),
    ],
    sort: p.sort ? { field: p.sort.field, direction: p.sort.direction } : null,
    limit: p.top,
    aggregate: p.aggregate ? { fn: p.aggregate.fn, field: p.aggregate.field, groupBy: p.aggregate.groupBy ? `${p.aggregate.groupBy.entity === p.entity ? '' : `${p.aggregate.groupBy.entity}.`}${p.aggregate.groupBy.field}` : null } : null,
    semantic: p.topic ? { topic: p.topic, fallback: p.topicIsFallback } : null,
    similar: p.similar,
    unparsed: p.unparsed,
    notes: p.notes,
    explanation: parts.join(' · '),
  };
}

function sortOf(p: ParsedQuery) {
  if (p.sort) return { field: p.sort.field, direction: p.sort.direction };
  const d = ENTITIES[p.entity].defaultSort;
  return { field: d.replace(/^-/, ''), direction: d.startsWith('-') ? ('desc' as const) : ('asc' as const) };
}

function sortGroups<T extends { value: number | null; count: number }>(rows: T[]): T[] {
  return rows.sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity) || b.count - a.count);
}

const numberOrNull = (v: unknown) => (v === null || v === undefined || v === '' ? null : Number(v));
const round = (x: number) => Math.round(x * 1e4) / 1e4;

/** Longest run-together name tried: two spaces over 24 letters is at most 210 keys in one look-up. */
const MAX_RUN_TOGETHER = 24;

/**
 * The name keys a word typed without its spaces could stand for ("ironguard" → "iron guard", "i ronguard", …):
 * one or two spaces, every part two letters or more. Exact keys only, so a near name never matches.
 */
export function spacedNameKeys(word: string): string[] {
  if (word.length < 5 || word.length > MAX_RUN_TOGETHER) return [];
  const out: string[] = [];
  for (let a = 2; a <= word.length - 2; a++) {
    out.push(`${word.slice(0, a)} ${word.slice(a)}`);
    for (let b = a + 2; b <= word.length - 2; b++) out.push(`${word.slice(0, a)} ${word.slice(a, b)} ${word.slice(b)}`);
  }
  return out;
}
