/**
 * Words the lexicon does not list, read by meaning: first through WordNet (a word's dictionary form, synonyms,
 * derivations and the words of its multi-word synonyms, then one level of hypernyms: "hoteliers" → hotel
 * manager → hotel → industry Hospitality), then by the embedding provider against each concept's description
 * ("top brass" → C-level). Only industries, roles, stages and object nouns are read this way; a match says how
 * it was made, and a phrase near no concept, or near two, is left for the rest of the parser (it abstains).
 */
import { industriesCalled } from '../../lexicon/industries.js';
import { FUNCTION_WORDS, JOB_NOUNS, SENIORITY_WORDS, type RoleFamily } from '../../lexicon/role-words.js';
import { phraseKey } from '../../lexicon/tokens.js';
import { isOrganisationNoun, personDefinition, placesNamed, relatedWords, synsetsOf } from '../../lexicon/wordnet.js';
import type { Seniority } from '../../lexicon/roles.js';
import type { Meaning } from '../lexicon.js';
import type { MeaningHit } from '../meaning.js';
import type { LexiconMatch, ParseState, TokenSpan } from '../parse-state.js';
import { FIELD_WORDS, FILLER, isGrammarWord } from '../vocabulary.js';
import { TEAM_NOUNS } from './roles.js';

/** Words that belong to the query's grammar though no pass claims them as such. */
const NOT_CONTENT = new Set(['deal', 'people', 'other', 'others', 'anyone', 'someone', 'whoever', 'everyone', 'ones', 'folk', 'guy', 'stuff', 'thing', 'kind', 'sort', 'type', 'lot', 'bunch']);
/** Words that must stay what they are (time and activity words the grammar reads, question words). */
const RESERVED = new Set(['talk', 'talked', 'spoke', 'spoken', 'activity', 'touch', 'touched', 'heard', 'task', 'overdue', 'haven', 'day', 'week', 'month', 'year', 'quarter', 'ago', 'since', 'yet', 'ever', 'still', 'stalled', 'stale', 'stuck', 'idle', 'dormant', 'inactive', 'quiet', 'went', 'gone', 'lately', 'recently', 'pipeline']);
const MAX_RUN = 4;
const MONEY_WORDS = new Set(['money', 'cash', 'dollar', 'buck', 'fund', 'euro']);
/** Everyday words for firms that WordNet files under people or under acts ("vendors", "startups"). */
export const ORGANISATION_NOUNS = new Set(['startup', 'vendor', 'provider', 'player', 'outfit', 'shop', 'house', 'maker', 'brand', 'chain', 'operator', 'group', 'supplier', 'label', 'studio', 'agency', 'company', 'firm', 'business', 'carrier', 'platform', 'institution', 'organisation', 'organization', 'oem', 'manufacturer', 'producer', 'lab', 'enterprise', 'corporation', 'conglomerate', 'network']);

type ValueMeaning = Extract<Meaning, { kind: 'value' }>;

/** How a phrase became a concept, as the interpretation says it. */
export interface MeaningFound {
  phrase: string;
  meaning: string;
  how: string;
  score: number | null;
}

export async function readByMeaning(st: ParseState): Promise<void> {
  await readUnknownPhrases(st);
  // An industry found by meaning may stand before a word for firms too ("payments │startups").
  readOrganisationNouns(st);
}

async function readUnknownPhrases(st: ParseState): Promise<void> {
  readOrganisationNouns(st);
  await readTradePhrases(st);
  const runs = contentRuns(st);
  if (runs.length === 0) return;
  const pending: { span: TokenSpan; duty: boolean; source: boolean }[] = [];
  const stageClauses: TokenSpan[] = [];
  for (const run of runs) {
    // What someone is responsible for ("whoever runs │payroll") is a role: only the functions' descriptions.
    // "the money people", "numbers folks": a word before a word for a function's people says which function, like a
    // responsibility ("whoever looks after the money").
    const duty = st.dutyAt.has(run.start) || teamOf(st, run);
    // Where a lead came from, said as a clause ("heard about us through │a friend"): only the lead sources.
    const source = !duty && [...Array(run.end - run.start).keys()].some((x) => st.sourceAt.has(run.start + x));
    // A facet said in other words stands where facets stand; elsewhere ("contacts who are hiring") it is a topic.
    // "landlords and realtors": a word joined by "and"/"or" to one read as a facet stands where it stands.
    const joined = ['and', 'or', '&'].includes(st.n(run.start - 1)) && pending.some((p) => !p.duty && !p.source && p.span.end === run.start - 1);
    if (!duty && !source && !joined && !facetPosition(st, run)) {
      // A clause said of deals ("deals where we sent a quote", "opps in contract talks") may say how far they are.
      if (stageClauses.some((c) => run.start < c.end)) continue;
      const clause = stageClausePosition(st, run) ? clauseFrom(st, run) : undefined;
      if (clause) stageClauses.push(clause);
      continue;
    }
    // "how much money is in …": money itself is what is measured, not the finance industry (a duty may be: "looks after the money").
    if (!duty && run.end - run.start === 1 && MONEY_WORDS.has(st.s(run.start))) continue;
    let matchedAny = false;
    if (source && bySourceWords(st, run)) continue;
    if (!duty && !source) {
      for (let k = run.start; k < run.end; k++) {
        if (run.end - run.start > 1 && isGrammarWord(st.n(k))) continue;
        if (st.used[k] || st.matches.some((m) => k >= m.start && k < m.end)) continue;
        if (byWordNet(st, k, run.end - run.start > 1, industryMayStand(st, run, k))) matchedAny = true;
      }
    }
    // The embedding reads what WordNet left, as one phrase ("whoever runs payroll"); a responsibility from its
    // first word, filler included ("accountable for │revenue targets", "tasked with │data protection").
    let rest = freeSpan(st, run);
    const from = duty && rest ? st.dutyStart.get(rest.start) : undefined;
    if (rest && from !== undefined && from < rest.start && [...Array(rest.start - from).keys()].every((x) => !st.used[from + x] && !st.matches.some((m) => from + x >= m.start && from + x < m.end))) rest = { start: from, end: rest.end };
    if (rest && (!matchedAny || rest.end - rest.start > 1)) pending.push({ span: rest, duty, source });
  }
  const reader = st.ctx.meaning;
  if (reader && stageClauses.length > 0) await readStageClauses(st, reader, stageClauses);
  if (pending.length === 0) return;
  if (!reader) {
    for (const { span, duty, source } of pending) {
      if (duty) dutyByFunctionWord(st, span);
      else if (!source) roleByDefinitionAt(st, span);
    }
    return;
  }
  const phraseOf = (sp: TokenSpan) => st.typed(sp.start, sp.end);
  let hits: Map<string, MeaningHit>;
  let dutyHits: Map<string, MeaningHit>;
  let sourceHits: Map<string, MeaningHit>;
  try {
    [hits, dutyHits, sourceHits] = await Promise.all([
      reader.nearest(pending.filter((p) => !p.duty && !p.source).map((p) => phraseOf(p.span))),
      reader.nearest(pending.filter((p) => p.duty).map((p) => phraseOf(p.span)), ['function', 'seniority'], { accept: () => true, threshold: DUTY_THRESHOLD }),
      reader.nearest(pending.filter((p) => p.source).map((p) => phraseOf(p.span)), ['value'], { accept: (c) => c.target.kind === 'value' && c.target.field === 'lead_source', threshold: SOURCE_THRESHOLD }),
    ]);
  } catch {
    st.notes.push('matching by meaning is unavailable right now; unknown words are ranked by meaning instead');
    return;
  }
  const unplaced: TokenSpan[] = [];
  for (const { span: sp, duty, source } of pending) {
    const hit = (duty ? dutyHits : source ? sourceHits : hits).get(phraseOf(sp));
    // A responsibility meaning does not place whole, with a function word inside ("owns the product roadmap").
    if (duty && !hit && dutyByFunctionWord(st, sp)) continue;
    // A word for a person the descriptions do not place ("bigwigs", "honchos", "bean counters"): read through the
    // words of its WordNet definition.
    if (!hit && !duty && !source) {
      roleByDefinitionAt(st, sp);
      if (!isClaimed(st, sp) && stageClausePosition(st, sp)) unplaced.push(clauseFrom(st, sp) ?? sp);
      continue;
    }
    if (!hit) continue;
    if (source && !(hit.concept.target.kind === 'value' && hit.concept.target.field === 'lead_source')) continue;
    const how = `by meaning, ${hit.score.toFixed(2)}`;
    const t = hit.concept.target;
    if (t.kind === 'industry') {
      const v = industryValue(st, t.concept);
      if (v) addMatch(st, sp, v, hit.concept.label, how, hit.score);
    } else if (t.kind === 'stage') {
      addMatch(st, sp, { kind: 'value', entity: 'deal', field: 'stage', values: [...t.stages], label: hit.concept.label.replace(/^stage /, '') }, hit.concept.label, how, hit.score);
    } else if (t.kind === 'value') {
      // A lead source or status the workspace has ("via a reseller" → partner), as the lexicon names it.
      // Every value the word names goes along ("qualification" of deals is their stage), and the object picks.
      const all = (st.ctx.lexicon.phrases.get(phraseKey(t.phrase)) ?? []).filter((m): m is ValueMeaning => m.kind === 'value');
      const v = all.find((m) => m.field === t.field);
      if (v) addMatch(st, sp, v, hit.concept.label, how, hit.score, all);
    } else if (t.kind === 'function' || t.kind === 'seniority') {
      const family: RoleFamily = t.kind === 'function' ? { label: st.typed(sp.start, sp.end), functions: [t.fn], seniorities: null } : { label: st.typed(sp.start, sp.end), functions: null, seniorities: t.levels };
      addRole(st, sp, family, hit.concept.label, how, hit.score);
    }
    // Fields are named by the grammar's own words (revenue, turnover, size, worth); a field by meaning is not applied.
  }
  // A phrase in facet position that placed nowhere, in a clause said of deals ("deals in │the final stretch"): how far
  // they are, read against the stages as any such clause.
  if (unplaced.length > 0) await readStageClauses(st, reader, unplaced);
}

/** Whether any word of the span is claimed (read, a topic, negated or inside a match). */
function isClaimed(st: ParseState, sp: TokenSpan): boolean {
  for (let k = sp.start; k < sp.end; k++) if (st.used[k] || st.matches.some((m) => k >= m.start && k < m.end)) return true;
  return false;
}

/**
 * A clause said of deals is read against the stages only, and needs more than the general threshold: USE lite
 * places "sent a quote" at proposal 0.76 and "contract talks" at negotiation 0.59, but also "discovery call" at lost
 * 0.56 — a clause that names no stage stays a topic.
 */
const STAGE_CLAUSE_THRESHOLD = 0.58;

/** Words that open a clause about the deals before them ("deals │where we sent a quote", "deals │that are in the bag"). */
const CLAUSE_OPENERS = new Set(['where', 'that', 'which', 'we', 'still', 'at', 'in', 'awaiting', 'waiting', 'with']);

/** Whether a run stands in a clause said of deals: a deal noun before it, only clause and filler words between. */
function stageClausePosition(st: ParseState, run: TokenSpan): boolean {
  const dealNoun = st.matches.find((m) => m.end <= run.start && m.meanings.some((x) => x.kind === 'entity' && x.entity === 'deal'));
  if (!dealNoun) return false;
  let opener = false;
  const dealWord = (k: number) => st.matches.some((m) => k >= m.start && k < m.end && m.meanings.some((x) => x.kind === 'entity' && x.entity === 'deal'));
  for (let k = dealNoun.end; k < run.start; k++) {
    if (CLAUSE_OPENERS.has(st.n(k))) opener = true;
    // "where │the contract│ is with their lawyers": another word for the deal inside the clause.
    else if (!FILLER.has(st.n(k)) && !st.used[k] && !(opener && dealWord(k))) return false;
  }
  return opener || st.n(run.start - 1) === 'awaiting';
}

/** A run with the free words after it, up to the first word read otherwise, without trailing filler ("sent │a│ quote"). */
function clauseFrom(st: ParseState, run: TokenSpan): TokenSpan | undefined {
  const rest = freeSpan(st, run);
  if (!rest) return undefined;
  const taken = (k: number) => st.used[k] || st.topicAt.has(k) || st.negatedAt.has(k) || st.matches.some((m) => k >= m.start && k < m.end);
  let end = rest.end;
  while (end < st.toks.length && !taken(end)) end++;
  while (end > rest.end && FILLER.has(st.n(end - 1))) end--;
  return { start: rest.start, end };
}

async function readStageClauses(st: ParseState, reader: NonNullable<ParseState['ctx']['meaning']>, spans: TokenSpan[]): Promise<void> {
  const phraseOf = (sp: TokenSpan) => st.typed(sp.start, sp.end);
  let hits: Map<string, MeaningHit>;
  try {
    hits = await reader.nearest(spans.map(phraseOf), ['stage'], { accept: (c) => c.target.kind === 'stage', threshold: STAGE_CLAUSE_THRESHOLD, idioms: true });
  } catch {
    return; // the general pass says that meaning is unavailable
  }
  for (const sp of spans) {
    const hit = hits.get(phraseOf(sp));
    if (hit?.concept.target.kind !== 'stage') continue;
    const how = `said of the deals, by meaning, ${hit.score.toFixed(2)}`;
    addMatch(st, sp, { kind: 'value', entity: 'deal', field: 'stage', values: [...hit.concept.target.stages], label: hit.concept.label.replace(/^stage /, '') }, hit.concept.label, how, hit.score);
  }
}

/** A trade phrase is read against the industries only, so the nearest one needs less than the general threshold. */
const TRADE_THRESHOLD = 0.55;

/**
 * What firms make or do ("companies that make │cars", "firms selling │insurance policies"; passes/trades.ts): an
 * industry by the lexicon's industry values inside the phrase (weak ones too: the grammar says it is an industry),
 * else by a word's WordNet relatives, else by meaning against the industries' descriptions only.
 */
async function readTradePhrases(st: ParseState): Promise<void> {
  const spans: TokenSpan[] = [];
  for (let k = 0; k < st.toks.length; k++) {
    if (!st.tradeAt.has(k)) continue;
    let e = k;
    while (st.tradeAt.has(e)) e++;
    spans.push({ start: k, end: e });
    k = e - 1;
  }
  const pending: TokenSpan[] = [];
  for (const sp of spans) {
    const found: ValueMeaning[] = [];
    for (let len = sp.end - sp.start; len >= 1 && found.length === 0; len--) {
      for (let a = sp.start; a + len <= sp.end; a++) {
        const v = (st.ctx.lexicon.phrases.get(st.key(a, len)) ?? []).find((m): m is ValueMeaning => m.kind === 'value' && m.field === 'industry');
        if (v && !found.some((f) => f.label === v.label)) found.push(v);
      }
    }
    if (found.length === 0) {
      for (let k = sp.start; k < sp.end && found.length === 0; k++) {
        let related;
        try {
          related = relatedWords(st.n(k));
        } catch {
          break; // dictionary unreadable: the embedding still reads the phrase
        }
        for (const r of related) {
          if (r.relation === 'hypernym') continue;
          const v = (st.ctx.lexicon.phrases.get(phraseKey(r.word)) ?? []).find((m): m is ValueMeaning => m.kind === 'value' && m.field === 'industry');
          if (v) {
            found.push(v);
            break;
          }
        }
      }
    }
    if (found.length === 0) {
      pending.push(sp);
      continue;
    }
    const v: ValueMeaning = found.length === 1 ? found[0]! : { kind: 'value', entity: 'company', field: 'industry', values: [...new Set(found.flatMap((f) => f.values))], label: found.map((f) => f.label).join(' or ') };
    addMatch(st, withFirm(sp), v, `industry ${v.label}`, 'said as what the companies do', null);
  }
  const reader = st.ctx.meaning;
  const phraseOf = (sp: TokenSpan) => st.typed(sp.start, sp.end);
  let hits = new Map<string, MeaningHit>();
  try {
    if (reader && pending.length > 0) hits = await reader.nearest(pending.map(phraseOf), ['industry'], { accept: (c) => c.target.kind === 'industry', threshold: TRADE_THRESHOLD });
  } catch {
    // the general pass says that meaning is unavailable
  }
  for (const sp of pending) {
    const hit = hits.get(phraseOf(sp));
    const v = hit?.concept.target.kind === 'industry' ? industryValue(st, hit.concept.target.concept) : undefined;
    if (v) addMatch(st, withFirm(sp), v, hit!.concept.label, `said as what the companies do, by meaning, ${hit!.score.toFixed(2)}`, hit!.score);
    else {
      // Not placed: a maker noun that names an industry itself ("electronics manufacturers") still says it.
      const firm = st.tradeFirmAt.get(sp.start);
      const own = firm === undefined ? undefined : (st.ctx.lexicon.phrases.get(st.key(firm, 1)) ?? []).find((m): m is ValueMeaning => m.kind === 'value' && m.field === 'industry');
      if (own) addMatch(st, { start: firm!, end: firm! + 1 }, own, `industry ${own.label}`, 'a word for its firms', null);
    }
  }

  /** A trade said before its firm noun takes the noun into its match ("vaccine makers"). */
  function withFirm(sp: TokenSpan): TokenSpan {
    const firm = st.tradeFirmAt.get(sp.start);
    return firm === sp.end ? { start: sp.start, end: firm + 1 } : sp;
  }
}

/** Whether a run stands right before a word for a function's people ("money │people", "numbers │folks"), in one word. */
function teamOf(st: ParseState, run: TokenSpan): boolean {
  return run.end - run.start === 1 && TEAM_NOUNS.has(st.s(run.end)) && !st.used[run.end] && !st.roleSpans.some((r) => r.start <= run.start && r.end > run.start);
}

/** A responsibility read by the function word inside it ("owns the │product roadmap" → product). */
function dutyByFunctionWord(st: ParseState, sp: TokenSpan): boolean {
  const inside = st.dutyFunctions.get(sp.start);
  if (!inside) return false;
  addRole(st, sp, { ...inside, label: st.typed(sp.start, sp.end) }, `role ${inside.functions!.join(' or ').replace('_', ' ')}`, 'a function word in the responsibility', null);
  return true;
}

/** Words of a definition that say the person is in charge or important: senior leadership (C-level and VPs). */
const IN_CHARGE = /\b(?:in charge|exercises control|most important|important influential|influential|in authority|high rank|greater rank)\b/;
const SENIOR_LEVELS: readonly Seniority[] = ['c_level', 'vp'];

function roleByDefinitionAt(st: ParseState, span: TokenSpan): void {
  const phrase = st.typed(span.start, span.end);
  const role = roleByDefinition(phrase);
  if (role) addRole(st, span, { label: phrase, functions: role.functions, seniorities: role.seniorities }, role.label, role.how, null);
}

/**
 * A word for a person through its WordNet definition ("bean counters" → "an accountant or bureaucrat …" → finance;
 * "bigwigs" → "the most important person in a group" → C-level; "headhunters" → "a recruiter …" →
 * people): the first job or function word of the definition, else a sense of being in charge.
 */
function roleByDefinition(phrase: string): { functions: RoleFamily['functions']; seniorities: RoleFamily['seniorities']; label: string; how: string } | undefined {
  if (phrase.split(/\s+/).length > 3) return undefined;
  let definition: string | undefined;
  try {
    definition = personDefinition(phrase);
  } catch {
    return undefined; // dictionary unreadable
  }
  if (!definition) return undefined;
  const gloss = definition.slice(definition.indexOf(':') + 1).toLowerCase();
  const how = `WordNet definition: ${phrase} → "${gloss.trim()}"`;
  for (const word of gloss.match(/[a-z]+/g) ?? []) {
    const key = phraseKey(word);
    const fn = JOB_NOUNS[key] ?? FUNCTION_WORDS[key];
    if (fn) return { functions: [...fn], seniorities: null, label: `role ${word}`, how };
  }
  // "the most important person in a group" (bigwigs, kingpins) is the one at the top: the chiefs.
  if (/\bmost important\b/.test(gloss)) return { functions: null, seniorities: ['c_level'], label: 'seniority C-level', how };
  if (IN_CHARGE.test(gloss)) return { functions: null, seniorities: SENIOR_LEVELS, label: 'seniority VP level or above', how };
  return undefined;
}

const PREPOSITIONS = new Set(['in', 'at', 'from', 'within', 'for', 'of', 'among', 'across', 'with', 'by', 'the', 'non']);
const FACET_NOUNS = new Set(['industry', 'industrie', 'sector', 'space', 'vertical', 'market', 'segment', 'field', 'business', 'company', 'firm']);

/**
 * Where a facet goes: after in/at/from ("contacts at carmakers"), before an object noun or a facet word
 * ("pharma outfits", "hotel sector"), or as the object itself, first in the query or after filler
 * ("hoteliers in Germany", "top brass", "whoever runs payroll").
 */
function facetPosition(st: ParseState, run: TokenSpan): boolean {
  const { n, s } = st;
  if (PREPOSITIONS.has(n(run.start - 1)) || st.negatedAt.has(run.start - 1)) return true;
  // "landlords and realtors", "banks or insurers": joined to an industry, a word is an industry too.
  if (['and', 'or', '&'].includes(n(run.start - 1)) && st.matches.some((m) => m.end === run.start - 1 && m.meanings.some((x) => x.kind === 'value' && x.field === 'industry'))) return true;
  // Beside a role ("head honchos", "sales reps"): a word for people, read with the role.
  if (st.roleSpans.some((r) => r.end === run.start || r.start === run.end)) return true;
  const after = run.end;
  if (FACET_NOUNS.has(s(after)) || ORGANISATION_NOUNS.has(s(after)) || st.matches.some((m) => m.start === after && m.meanings.some((x) => x.kind === 'entity' || x.kind === 'value'))) return true;
  // Nothing but filler before it: it is what the query is about.
  for (let k = 0; k < run.start; k++) if (!FILLER.has(n(k)) && !st.negatedAt.has(k) && !['whoever', 'anyone', 'someone', 'top', 'senior', 'upper'].includes(n(k)) && !st.toks[k]!.norm.match(/^\d+$/)) return false;
  return true;
}

/**
 * A noun right after an industry that names a kind of organisation ("hotel chains", "pharma outfits") says
 * "companies": it is claimed like "companies" in "fintech companies", not left to rank by meaning.
 */
function readOrganisationNouns(st: ParseState): void {
  for (const m of st.matches) {
    const k = m.end;
    if (k >= st.toks.length || st.used[k] || st.matches.some((x) => x.start === k)) continue;
    if (!m.meanings.some((x) => x.kind === 'value' && x.field === 'industry')) continue;
    // "car makers │who …": a word of the grammar is none ("WHO" is an organisation to WordNet).
    if (FILLER.has(st.n(k)) || isGrammarWord(st.n(k))) continue;
    let isOrg = ORGANISATION_NOUNS.has(st.s(k));
    try {
      isOrg ||= isOrganisationNoun(st.n(k));
    } catch {
      // dictionary unreadable: the word stays for the rest of the parser
    }
    if (isOrg) {
      st.used[k] = true;
      st.organisationNounAt = k;
    }
  }
}

/** Runs of free content words: not claimed, not a topic, not filler, grammar or a number. */
function contentRuns(st: ParseState): TokenSpan[] {
  const { n, s, toks } = st;
  const isContent = (k: number) =>
    !st.used[k] &&
    !st.topicAt.has(k) &&
    !st.matches.some((m) => k >= m.start && k < m.end) &&
    !FILLER.has(n(k)) &&
    !isGrammarWord(n(k)) &&
    // "responsible for closing │deals": a word that is no content elsewhere is part of a responsibility.
    (!NOT_CONTENT.has(s(k)) || st.dutyAt.has(k)) &&
    ((!FIELD_WORDS[s(k)] && !RESERVED.has(n(k)) && !RESERVED.has(s(k))) || st.dutyAt.has(k)) &&
    !st.negatedAt.has(k) &&
    n(k).length >= 3 &&
    !/\d/.test(n(k));
  const runs: TokenSpan[] = [];
  for (let i = 0; i < toks.length; i++) {
    if (!isContent(i)) continue;
    let j = i;
    while (j < toks.length && j - i < MAX_RUN && isContent(j)) j++;
    // "top brass", "senior leadership": a rank word before the run belongs to the phrase.
    const lead = i > 0 && !st.used[i - 1] && ['top', 'senior', 'upper', 'middle', 'junior'].includes(n(i - 1)) ? i - 1 : i;
    // "payments startups", "crypto shops": a word for firms ends the phrase that says their trade; it is read alone
    // and the firm word says "companies" (readOrganisationNouns).
    if (j - lead > 1 && ORGANISATION_NOUNS.has(s(j - 1))) {
      runs.push({ start: lead, end: j - 1 });
      i = j - 1;
      continue;
    }
    runs.push({ start: lead, end: j });
    i = j - 1;
  }
  return runs;
}

/** The part of a run no match has taken since (a run is read whole or not at all). */
function freeSpan(st: ParseState, run: TokenSpan): TokenSpan | undefined {
  let a = run.start;
  let b = run.end;
  const taken = (k: number) => st.used[k] || st.matches.some((m) => k >= m.start && k < m.end);
  while (a < b && taken(a)) a++;
  while (b > a && taken(b - 1)) b--;
  for (let k = a; k < b; k++) if (taken(k)) return undefined;
  return a < b ? { start: a, end: b } : undefined;
}

/** Word k through WordNet: the first related word the lexicon or the role tables know. */
function byWordNet(st: ParseState, k: number, inPhrase = false, industryOk = true): boolean {
  const word = st.n(k);
  let related;
  try {
    related = relatedWords(word);
  } catch {
    return false; // dictionary files unreadable: the embedding still reads the phrase
  }
  // A resident of a place the workspace holds ("Londoners", "Parisian CFOs") says where they are.
  for (const place of placesNamed(word)) {
    const meanings = st.ctx.lexicon.phrases.get(phraseKey(place)) ?? [];
    const where = meanings.find((m): m is ValueMeaning => m.kind === 'value' && (m.field === 'city' || m.field === 'country'));
    if (where) {
      addMatch(st, { start: k, end: k + 1 }, where, `${where.field} ${where.label}`, `WordNet: ${word} → ${place}`, null);
      return true;
    }
  }
  // A word for a person ("coders") names a role when a related word is a job or function ("software engineer" →
  // engineer); only then an industry ("hoteliers" → hotel). Ranks alone are too broad ("hotel manager").
  if (related.person) {
    for (const r of related) {
      if (r.relation === 'hypernym') continue;
      const key = phraseKey(r.word);
      const fn = FUNCTION_WORDS[key] ?? JOB_NOUNS[key];
      if (!fn) continue;
      const how = `WordNet ${r.relation}: ${word} → ${r.via === r.word ? '' : `${r.via} → `}${r.word}`;
      addRole(st, { start: k, end: k + 1 }, { label: st.typed(k, k + 1), functions: [...fn], seniorities: null }, `role ${r.word}`, how, null);
      return true;
    }
  }
  for (const r of related) {
    // Hypernyms are too broad to name anything ("crossing" is a kind of "travel").
    if (r.relation === 'hypernym') continue;
    // Inside a longer phrase a word's own sense is meant, not a compound it is part of ("cloud gpu │bills" is no
    // "bank bill" → bank).
    if (inPhrase && r.relation === 'part of synonym') continue;
    const key = phraseKey(r.word);
    if (key === '' || key === st.s(k)) continue;
    const path = r.relation === 'lemma' ? r.word : `${r.via === r.word ? '' : `${r.via} → `}${r.word}`;
    const how = `WordNet ${r.relation === 'lemma' ? 'dictionary form' : r.relation}: ${word} → ${path}`;
    const meanings = st.ctx.lexicon.phrases.get(key) ?? [];
    const industry = industryOk ? meanings.find((m): m is ValueMeaning => m.kind === 'value' && m.field === 'industry') : undefined;
    if (industry) {
      addMatch(st, { start: k, end: k + 1 }, industry, `industry ${industry.label}`, how, null);
      return true;
    }
    // Object nouns are not read through WordNet: its senses are too broad ("brass" is an "organization").
    const fn = FUNCTION_WORDS[key] ?? JOB_NOUNS[key];
    const rank = SENIORITY_WORDS[key];
    // A role only by a word of the same meaning: derivations wander ("brass" → to engineer). A word mostly used as a
    // verb says what people do ("who │keep the lights on": keep is a noun only as one's keep, "support").
    if ((fn || rank) && (r.relation === 'synonym' || r.relation === 'lemma') && !mostlyVerb(word)) {
      addRole(st, { start: k, end: k + 1 }, { label: st.typed(k, k + 1), functions: fn ? [...fn] : null, seniorities: rank ?? null }, `role ${r.word}`, how, null);
      return true;
    }
  }
  return false;
}

const POSSESSIVE_WORDS = new Set(['their', 'whose', 'his', 'her', 'its', 'our', 'my', 'your']);

/**
 * Whether word k of a run may be an industry read through WordNet, whose related words wander far ("reports" →
 * news report, "boring" → oil production, "shipments" → cargo). Three places where a word is what people have or
 * do, never the trade of their firms: after a possessive ("whose crm │reports"), after a verb of its own run
 * ("chasing late │shipments"), and after a bare "the" with no word for firms after it ("take the │boring tasks",
 * "in the │product"; "the │hotel chains" and "at the │banks" stay).
 */
function industryMayStand(st: ParseState, run: TokenSpan, k: number): boolean {
  const { n, s } = st;
  if (POSSESSIVE_WORDS.has(n(k - 1)) || POSSESSIVE_WORDS.has(n(k - 2))) return false;
  for (let j = run.start; j < k; j++) if (/ing$/.test(n(j)) && mostlyVerb(n(j))) return false;
  if (k === run.start && n(k - 1) === 'the' && !['at', 'from'].includes(n(k - 2))) {
    const after = s(k + 1);
    if (!FACET_NOUNS.has(after) && !ORGANISATION_NOUNS.has(after)) return false;
  }
  return true;
}

/** Whether WordNet gives a word more verb senses than noun senses. */
function mostlyVerb(word: string): boolean {
  try {
    return synsetsOf(word, 99, ['verb']).length > synsetsOf(word, 99, ['noun']).length;
  } catch {
    return false;
  }
}

/** Words for finding us on the web (and its forms), which name the website source only in a source clause ("found us online"). */
const WEB_WORDS = new Set(['form', 'forms', 'online', 'internet', 'google', 'search', 'bing', 'web', 'website', 'site']);
/**
 * In a source clause the grammar already says a lead source is meant, so the nearest of the seven at 0.62 is read
 * (USE lite: "google search" → website 0.70, "a trade show" → conference 0.73; "an ad" → webinar 0.60 is not).
 */
const SOURCE_THRESHOLD = 0.62;
/**
 * After a verb of responsibility the grammar says a function (or rank) follows, so the nearest of those needs less
 * than the general threshold (the margin still applies: two functions about as near are not guessed between).
 */
const DUTY_THRESHOLD = 0.55;

/**
 * A source clause's words by grammar: a person who sent them ("through a friend", "a former colleague", "their
 * boss": WordNet files the noun under people) is a referral; the web's words are the website.
 */
function bySourceWords(st: ParseState, run: TokenSpan): boolean {
  const source = (phrase: string) => (st.ctx.lexicon.phrases.get(phraseKey(phrase)) ?? []).find((m): m is ValueMeaning => m.kind === 'value' && m.field === 'lead_source');
  const words = [...Array(run.end - run.start).keys()].map((x) => st.n(run.start + x));
  if (words.some((w) => WEB_WORDS.has(w))) {
    const v = source('website');
    if (v) addMatch(st, run, v, `lead source ${v.label}`, 'said as where they found us', null);
    return !!v;
  }
  let person = false;
  try {
    const head = words[words.length - 1]!;
    person = !!relatedWords(head).person && !isOrganisationNoun(head);
  } catch {
    return false;
  }
  const v = person ? source('referral') : undefined;
  if (v) addMatch(st, run, v, `lead source ${v.label}`, `WordNet: a person sent them (${words.join(' ')})`, null);
  return !!v;
}

/** The workspace's industries a concept (INDUSTRY_CONCEPTS' first phrase) stands for, as a lexicon value. */
function industryValue(st: ParseState, concept: string): ValueMeaning | undefined {
  const meanings = st.ctx.lexicon.phrases.get(phraseKey(concept)) ?? [];
  const v = meanings.find((m): m is ValueMeaning => m.kind === 'value' && m.field === 'industry');
  if (v) return v;
  const names = industriesCalled(concept, st.ctx.lexicon.industries);
  return names.length > 0 ? { kind: 'value', entity: 'company', field: 'industry', values: names, label: names.join(' or ') } : undefined;
}

function addMatch(st: ParseState, sp: TokenSpan, v: ValueMeaning, meaning: string, how: string, score: number | null, all: ValueMeaning[] = [v]): void {
  const m: LexiconMatch = { start: sp.start, end: sp.end, meanings: [v, ...all.filter((x) => x !== v)].map((x) => ({ ...x, weak: false })), how };
  st.matches.push(m);
  st.matches.sort((a, b) => a.start - b.start);
  st.meaningFound.push({ phrase: st.typed(sp.start, sp.end), meaning, how, score });
}

function addRole(st: ParseState, sp: TokenSpan, family: RoleFamily, meaning: string, how: string, score: number | null): void {
  const negated = st.negatedBefore(sp.start);
  st.roleSpans.push({ start: sp.start, end: sp.end });
  const label = `${family.label} (${meaning}, ${how})`;
  const last = st.roles[st.roles.length - 1];
  if (last && last.negated === negated) {
    last.families.push(family);
    last.label = `${last.label} or ${label}`;
  } else st.roles.push({ families: [family], negated, label });
  st.claim(sp.start, sp.end);
  st.meaningFound.push({ phrase: st.typed(sp.start, sp.end), meaning, how, score });
}
